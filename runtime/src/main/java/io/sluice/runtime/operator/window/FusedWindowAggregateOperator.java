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

/**
 * A window table function and the GROUP BY over it in one operator (append mode): reads the
 * event time of each input row, computes its windows arithmetically, and updates the group's
 * accumulators in place, without building a row per window. Semantics are those of
 * {@link WindowAssignOperator} followed by {@link WindowAggregateOperator}: each window's groups
 * are emitted once, when the watermark reaches the window's end, then evicted; rows for fired
 * windows are late.
 *
 * <p>State: accumulators by {@link WindowKey} (window end, start, group values), each value
 * ending with its own stored key, and the last watermark. A lookup uses a reused probe key and
 * an update puts with the stored key, so a row that updates an existing group allocates
 * nothing and no probe ever reaches the store.
 *
 * <p>Output row: see {@link WindowRows} ({@link #WINDOW_START} and {@link #WINDOW_END} mark the
 * window's bounds in {@code output}).
 */
public final class FusedWindowAggregateOperator implements Operator {
  public static final int WINDOW_START = -1;
  public static final int WINDOW_END = -2;

  private final int timeColumn;
  private final WindowAssigner windows;
  private final int[] groupColumns;
  private final WindowRows rows;
  private final Aggregates aggregates;
  private final StateMap<WindowKey, Object[]> state;
  private final WindowTimers<WindowKey> timers;
  private final WindowKey probe = WindowKey.probe();
  private final long[] starts;
  private final long[] ends;
  private final Emitter out = new Emitter();
  private Output downstream;

  public FusedWindowAggregateOperator(int timeColumn, WindowAssigner windows, int[] groupColumns,
      int[] output, Aggregates aggregates, StateStore store) {
    this.timeColumn = timeColumn;
    this.windows = windows;
    this.groupColumns = groupColumns.clone();
    this.rows = new WindowRows(output, groupColumns.length, aggregates);
    this.aggregates = aggregates;
    this.state = store.map("fused-window-aggregate");
    this.timers = new WindowTimers<>(store, "fused-window-aggregate");
    this.starts = new long[windows.maxWindows()];
    this.ends = new long[windows.maxWindows()];
  }

  @Override
  public void open(Output output) {
    this.downstream = output;
    out.open(output);
    timers.restore(state, WindowKey::end);
  }

  @Override
  public void process(ChangeBatch batch) {
    for (int i = 0, n = batch.size(); i < n; i++) {
      Long t = EventTime.of(batch, i, timeColumn);
      if (t == null) {
        continue;
      }
      Object[] row = batch.row(i);
      int w = windows.assign(t, starts, ends);
      Object group = GroupKey.compact(row, groupColumns);
      for (int j = 0; j < w; j++) {
        if (timers.fired(ends[j])) {
          continue; // late for this window (the source counted the row)
        }
        Object[] accs = state.get(probe.set(ends[j], starts[j], group));
        WindowKey key;
        if (accs == null) {
          key = new WindowKey(ends[j], starts[j], group);
          accs = aggregates.initKeyed(key);
          timers.add(ends[j], key);
        } else {
          key = (WindowKey) Aggregates.storedKey(accs);
        }
        aggregates.apply(accs, row, 1);
        state.put(key, accs);
      }
    }
  }

  @Override
  public void onWatermark(long next) {
    timers.advance(next, k -> {
      out.add(ChangeKind.INSERT, rows.row(k.start(), k.end(), k.group(), state.get(k)));
      state.remove(k);
    });
    out.flush();
    downstream.emitWatermark(next);
  }
}
