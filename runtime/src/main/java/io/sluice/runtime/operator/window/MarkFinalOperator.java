package io.sluice.runtime.operator.window;

import io.sluice.runtime.driver.Operator;
import io.sluice.runtime.driver.Output;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.change.ChangeKind;
import io.sluice.runtime.state.StateMap;
import io.sluice.runtime.state.StateStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Early results of windows, marked: each row of a windowed aggregate that updates as rows
 * arrive (update mode) gets a last column IS_FINAL, false while its window is open. When the
 * watermark passes the window's end, the window's rows are sent again with IS_FINAL true
 * ({@code -U} then {@code +U}): nothing can change them any more, and a reader of the result
 * can tell a final row from an early one. The window's current rows are kept until then.
 */
public final class MarkFinalOperator implements Operator {
  private final int windowEnd;
  /** Open windows' current rows, by window end. */
  private final StateMap<Long, ArrayList<Object[]>> open;
  private final StateMap<String, Long> progress;
  private final ChangeBatch out = new ChangeBatch(64);
  private long watermark;
  private Output output;

  /** @param windowEnd the input column holding each row's window end (epoch millis) */
  public MarkFinalOperator(int windowEnd, StateStore state) {
    this.windowEnd = windowEnd;
    this.open = state.map("open");
    this.progress = state.map("watermark");
    Long wm = progress.get("wm");
    this.watermark = wm == null ? Long.MIN_VALUE : wm;
  }

  @Override
  public void open(Output output) {
    this.output = output;
  }

  private static Object[] marked(Object[] row, boolean last) {
    Object[] r = Arrays.copyOf(row, row.length + 1);
    r[row.length] = last;
    return r;
  }

  @Override
  public void process(ChangeBatch batch) {
    out.clear();
    for (int i = 0, n = batch.size(); i < n; i++) {
      Object[] row = batch.row(i);
      ChangeKind kind = batch.kind(i);
      long end = (Long) row[windowEnd];
      if (end <= watermark) {
        // Only a row the watermark already passed: final at once (late rows are dropped
        // before they reach an aggregate, so this does not happen in practice).
        out.add(kind, marked(row, true));
        continue;
      }
      ArrayList<Object[]> rows = open.get(end);
      if (rows == null) {
        rows = new ArrayList<>();
      }
      if (kind.isAccumulate()) {
        rows.add(row);
      } else {
        for (Iterator<Object[]> it = rows.iterator(); it.hasNext(); ) {
          if (Arrays.equals(it.next(), row)) {
            it.remove();
            break;
          }
        }
      }
      if (rows.isEmpty()) {
        open.remove(end);
      } else {
        open.put(end, rows);
      }
      out.add(kind, marked(row, false));
    }
    if (!out.isEmpty()) {
      output.emit(out);
    }
  }

  @Override
  public void onWatermark(long wm) {
    if (wm <= watermark) {
      output.emitWatermark(wm);
      return;
    }
    watermark = wm;
    progress.put("wm", wm);
    List<Long> closed = new ArrayList<>();
    for (Iterator<Map.Entry<Long, ArrayList<Object[]>>> it = open.scan(); it.hasNext(); ) {
      Map.Entry<Long, ArrayList<Object[]>> e = it.next();
      if (e.getKey() <= wm) {
        closed.add(e.getKey());
      }
    }
    closed.sort(null);
    out.clear();
    for (Long end : closed) {
      for (Object[] row : open.get(end)) {
        out.add(ChangeKind.UPDATE_BEFORE, marked(row, false));
        out.add(ChangeKind.UPDATE_AFTER, marked(row, true));
      }
      open.remove(end);
    }
    if (!out.isEmpty()) {
      output.emit(out);
    }
    output.emitWatermark(wm);
  }
}
