package io.sluice.runtime.operator.window;

import io.sluice.runtime.driver.Operator;
import io.sluice.runtime.driver.Output;

import io.sluice.runtime.agg.Aggregates;
import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.change.ChangeKind;
import io.sluice.runtime.state.GroupKey;
import io.sluice.runtime.state.StateMap;
import io.sluice.runtime.state.StateStore;

/**
 * A GROUP BY that includes a window's start and end, over an append-only input (append mode):
 * each group of a window is emitted once, final, when the watermark reaches the window's end,
 * and its state is then evicted. A row for a window that has already fired is late: counted,
 * not folded in.
 *
 * <p>State: accumulators by group key, and the last watermark. The firing order (by window
 * end, then group key) is an index rebuilt from the state on open.
 *
 * <p>Output row: the group columns in {@code groupColumns} order, then the aggregates.
 */
public final class WindowAggregateOperator implements Operator {
  private final int windowEndColumn;
  private final int[] groupColumns;
  private final int windowEndInKey;
  private final Aggregates aggregates;
  private final StateMap<GroupKey, Object[]> state;
  private final WindowTimers<GroupKey> timers;
  private final Emitter out = new Emitter();
  private Output output;

  /**
   * @param windowEndColumn the input column holding {@code window_end}; must be one of
   *     {@code groupColumns}
   */
  public WindowAggregateOperator(int windowEndColumn, int[] groupColumns, Aggregates aggregates,
      StateStore store) {
    this.windowEndColumn = windowEndColumn;
    this.groupColumns = groupColumns.clone();
    int at = -1;
    for (int i = 0; i < groupColumns.length; i++) {
      if (groupColumns[i] == windowEndColumn) {
        at = i;
      }
    }
    if (at < 0) {
      throw new IllegalArgumentException("window_end must be a group column");
    }
    this.windowEndInKey = at;
    this.aggregates = aggregates;
    this.state = store.map("window-aggregate");
    this.timers = new WindowTimers<>(store, "window-aggregate");
  }

  @Override
  public void open(Output output) {
    this.output = output;
    out.open(output);
    timers.restore(state, k -> (Long) k.get(windowEndInKey));
  }

  @Override
  public void process(ChangeBatch batch) {
    for (int i = 0, n = batch.size(); i < n; i++) {
      Object[] row = batch.row(i);
      if (batch.kind(i) != ChangeKind.INSERT) {
        throw new IllegalStateException("a windowed aggregate takes inserts only");
      }
      long end = (Long) row[windowEndColumn];
      if (timers.fired(end)) {
        continue; // late (the source counted the row)
      }
      GroupKey key = GroupKey.of(row, groupColumns);
      Object[] accs = state.get(key);
      if (accs == null) {
        accs = aggregates.init();
        timers.add(end, key);
      }
      aggregates.apply(accs, row, 1);
      state.put(key, accs);
    }
  }

  @Override
  public void onWatermark(long next) {
    timers.advance(next, k -> {
      Object[] row = new Object[groupColumns.length + aggregates.size()];
      for (int i = 0; i < groupColumns.length; i++) {
        row[i] = k.get(i);
      }
      aggregates.results(state.get(k), row, groupColumns.length);
      out.add(ChangeKind.INSERT, row);
      state.remove(k);
    });
    out.flush();
    output.emitWatermark(next);
  }
}
