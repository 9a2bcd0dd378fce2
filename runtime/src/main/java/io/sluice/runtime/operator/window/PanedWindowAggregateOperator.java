package io.sluice.runtime.operator.window;

import io.sluice.runtime.driver.Operator;
import io.sluice.runtime.driver.Output;

import io.sluice.runtime.agg.Aggregates;
import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.change.ChangeKind;
import io.sluice.runtime.state.GroupKey;
import io.sluice.runtime.state.StateMap;
import io.sluice.runtime.state.StateStore;
import io.sluice.runtime.state.WindowKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * HOP windows and the GROUP BY over them, aggregated by pane (append mode). A pane is a slice
 * of {@code gcd(slide, size)} that every window covering it covers whole, so each row updates
 * one pane's accumulators instead of one per window (five for a 10 s window every 2 s); when
 * the watermark passes a window's end, its panes' accumulators are merged into the window's
 * result, and a pane is evicted once the last window covering it has fired. Same result as
 * {@link FusedWindowAggregateOperator} with a {@link WindowAssigner.Hop}.
 *
 * <p>State: accumulators by {@link WindowKey} (pane end, pane start, group), each value ending
 * with its own stored key, and the last watermark. An in-memory index of panes by start is
 * rebuilt on open.
 *
 * <p>Output row: as {@link FusedWindowAggregateOperator}'s.
 */
public final class PanedWindowAggregateOperator implements Operator {
  private static final Comparator<Object> GROUP_ORDER = PanedWindowAggregateOperator::compare;
  private static final Comparator<WindowKey> KEY_ORDER =
      (a, b) -> compare(a.group(), b.group());

  private final int timeColumn;
  private final long slide;
  private final long size;
  private final long offset;
  private final long pane;
  private final int[] groupColumns;
  private final WindowRows rows;
  private final Aggregates aggregates;
  private final StateMap<WindowKey, Object[]> state;
  private final StateMap<String, Long> marks;
  private final NavigableMap<Long, List<WindowKey>> panes = new TreeMap<>();
  private final WindowKey probe = WindowKey.probe();
  private final Emitter out = new Emitter();
  private long watermark = Long.MIN_VALUE;
  private Output downstream;

  public PanedWindowAggregateOperator(int timeColumn, WindowAssigner.Hop hop, int[] groupColumns,
      int[] output, Aggregates aggregates, StateStore store) {
    this.timeColumn = timeColumn;
    this.slide = hop.slide();
    this.size = hop.size();
    this.offset = hop.offset();
    this.pane = gcd(slide, size);
    this.groupColumns = groupColumns.clone();
    this.rows = new WindowRows(output, groupColumns.length, aggregates);
    this.aggregates = aggregates;
    this.state = store.map("paned-window-aggregate");
    this.marks = store.map("paned-window-aggregate.watermark");
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  @Override
  public void open(Output output) {
    this.downstream = output;
    out.open(output);
    for (Iterator<Map.Entry<WindowKey, Object[]>> it = state.scan(); it.hasNext(); ) {
      WindowKey k = it.next().getKey();
      panes.computeIfAbsent(k.start(), s -> new ArrayList<>()).add(k);
    }
    Long saved = marks.get("watermark");
    watermark = saved == null ? Long.MIN_VALUE : saved;
  }

  /** The end of the last window covering the pane that starts at {@code paneStart}. */
  private long lastEnd(long paneStart) {
    return paneStart - Math.floorMod(paneStart - offset, slide) + size;
  }

  /** The end of the first window covering the pane that starts at {@code paneStart}. */
  private long firstEnd(long paneStart) {
    long lowest = paneStart + pane - size;
    long first = lowest + Math.floorMod(offset - lowest, slide);
    return first + size;
  }

  @Override
  public void process(ChangeBatch batch) {
    for (int i = 0, n = batch.size(); i < n; i++) {
      Long t = EventTime.of(batch, i, timeColumn);
      if (t == null) {
        continue;
      }
      Object[] row = batch.row(i);
      long ts = t;
      long start = ts - Math.floorMod(ts - offset, pane);
      if (lastEnd(start) <= watermark) {
        continue; // late for every window: the source counted it
      }
      Object group = GroupKey.compact(row, groupColumns);
      Object[] accs = state.get(probe.set(start + pane, start, group));
      WindowKey key;
      if (accs == null) {
        key = new WindowKey(start + pane, start, group);
        accs = aggregates.initKeyed(key);
        panes.computeIfAbsent(start, s -> new ArrayList<>()).add(key);
      } else {
        key = (WindowKey) Aggregates.storedKey(accs);
      }
      aggregates.apply(accs, row, 1);
      state.put(key, accs);
    }
  }

  @Override
  public void onWatermark(long next) {
    if (next <= watermark) {
      return;
    }
    long previous = watermark;
    watermark = next;
    marks.put("watermark", next);
    TreeSet<Long> due = new TreeSet<>();
    for (Long start : panes.keySet()) {
      long first = firstEnd(start);
      if (first > next) {
        break;
      }
      for (long end = first; end <= lastEnd(start) && end <= next; end += slide) {
        if (end > previous) {
          due.add(end);
        }
      }
    }
    for (long end : due) {
      fire(end);
    }
    while (!panes.isEmpty() && lastEnd(panes.firstKey()) <= next) {
      for (WindowKey k : panes.pollFirstEntry().getValue()) {
        state.remove(k);
      }
    }
    out.flush();
    downstream.emitWatermark(next);
  }

  /** Emits the window ending at {@code end}: its panes merged per group, groups in order. */
  private void fire(long end) {
    long start = end - size;
    NavigableMap<Long, List<WindowKey>> covered = panes.subMap(start, true, end - pane, true);
    if (covered.size() == 1) {
      // One pane holds the whole window: its accumulators are the window's, nothing to merge.
      List<WindowKey> keys = covered.firstEntry().getValue();
      keys.sort(KEY_ORDER);
      for (WindowKey k : keys) {
        out.add(ChangeKind.INSERT, rows.row(start, end, k.group(), state.get(k)));
      }
      return;
    }
    Map<Object, Object[]> merged = new HashMap<>();
    for (List<WindowKey> keys : covered.values()) {
      for (WindowKey k : keys) {
        Object[] accs = merged.get(k.group());
        if (accs == null) {
          accs = aggregates.init();
          merged.put(k.group(), accs);
        }
        aggregates.merge(accs, state.get(k));
      }
    }
    List<Object> groups = new ArrayList<>(merged.keySet());
    groups.sort(GROUP_ORDER);
    for (Object g : groups) {
      out.add(ChangeKind.INSERT, rows.row(start, end, g, merged.get(g)));
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    return a == b ? 0 : a == null ? -1 : b == null ? 1 : ((Comparable) a).compareTo(b);
  }
}
