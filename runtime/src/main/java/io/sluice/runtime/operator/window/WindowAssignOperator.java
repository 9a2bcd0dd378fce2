package io.sluice.runtime.operator.window;

import io.sluice.runtime.driver.Operator;
import io.sluice.runtime.driver.Output;

import io.sluice.runtime.change.ChangeBatch;

/**
 * The window table functions (TUMBLE, HOP, CUMULATE): appends {@code window_start} and
 * {@code window_end} to each row, once per window the row's event time falls in. Rows with a
 * NULL event time belong to no window. Stateless.
 */
public final class WindowAssignOperator implements Operator {
  private final int timeColumn;
  private final WindowAssigner windows;
  private final long[] starts;
  private final long[] ends;
  private final ChangeBatch out = new ChangeBatch(64);
  private Output output;

  public WindowAssignOperator(int timeColumn, WindowAssigner windows) {
    this.timeColumn = timeColumn;
    this.windows = windows;
    this.starts = new long[windows.maxWindows()];
    this.ends = new long[windows.maxWindows()];
  }

  @Override
  public void open(Output output) {
    this.output = output;
  }

  @Override
  public void process(ChangeBatch batch) {
    out.clear();
    for (int i = 0, n = batch.size(); i < n; i++) {
      Object[] row = batch.row(i);
      Object t = row[timeColumn];
      if (t == null) {
        continue;
      }
      int w = windows.assign((Long) t, starts, ends);
      for (int j = 0; j < w; j++) {
        Object[] r = new Object[row.length + 2];
        System.arraycopy(row, 0, r, 0, row.length);
        r[row.length] = starts[j];
        r[row.length + 1] = ends[j];
        out.add(batch.kind(i), r);
      }
    }
    if (!out.isEmpty()) {
      output.emit(out);
    }
  }

  @Override
  public void onWatermark(long watermark) {
    output.emitWatermark(watermark);
  }
}
