package io.sluice.runtime.operator.window;

import io.sluice.runtime.agg.Aggregates;
import io.sluice.runtime.state.GroupKey;

/**
 * The rows a windowed aggregate emits: for each entry of {@code output},
 * {@link FusedWindowAggregateOperator#WINDOW_START}, {@code WINDOW_END}, or the i-th grouping
 * column; then the aggregates' results.
 */
final class WindowRows {
  private final int[] output;
  private final int groupWidth;
  private final Aggregates aggregates;

  WindowRows(int[] output, int groupWidth, Aggregates aggregates) {
    this.output = output.clone();
    this.groupWidth = groupWidth;
    this.aggregates = aggregates;
  }

  /** The row of one group of one window; {@code group} as {@link GroupKey#compact} made it. */
  Object[] row(long start, long end, Object group, Object[] accs) {
    Object[] row = new Object[output.length + aggregates.size()];
    for (int i = 0; i < output.length; i++) {
      int o = output[i];
      row[i] = o == FusedWindowAggregateOperator.WINDOW_START ? (Object) start
          : o == FusedWindowAggregateOperator.WINDOW_END ? (Object) end
          : GroupKey.compactGet(group, groupWidth, o);
    }
    aggregates.results(accs, row, output.length);
    return row;
  }
}
