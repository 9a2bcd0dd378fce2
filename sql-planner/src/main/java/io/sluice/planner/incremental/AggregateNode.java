package io.sluice.planner.incremental;

import io.sluice.runtime.agg.AggCall;
import io.sluice.runtime.agg.Aggregates;
import io.sluice.runtime.operator.aggregate.GroupAggregateOperator;
import io.sluice.runtime.driver.Operator;
import io.sluice.runtime.operator.window.WindowAggregateOperator;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A GROUP BY. Windowed (the keys include a window's start and end, over an append input): emits
 * each window's groups once, when the watermark reaches the window's end, and evicts them.
 * Unbounded: emits a changelog and keeps every group's accumulators.
 */
public final class AggregateNode extends PhysicalNode {
  private final int[] groupColumns;
  private final Supplier<List<AggCall>> calls;
  private final List<String> callNames;
  private final int windowEndInput;

  /**
   * @param windowEndInput the input column of {@code window_end} for a windowed aggregate, or
   *     -1 for an unbounded one
   */
  public AggregateNode(PhysicalNode input, RelDataType rowType, int[] groupColumns,
      Supplier<List<AggCall>> calls, List<String> callNames, int windowEndInput) {
    super(List.of(input), rowType);
    this.groupColumns = groupColumns.clone();
    this.calls = calls;
    this.callNames = List.copyOf(callNames);
    this.windowEndInput = windowEndInput;
  }

  public boolean windowed() {
    return windowEndInput >= 0;
  }

  @Override
  public Emission emission() {
    return windowed() ? Emission.APPEND : Emission.UPDATE;
  }

  private int outputOf(int inputColumn) {
    for (int i = 0; i < groupColumns.length; i++) {
      if (groupColumns[i] == inputColumn) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public int watermarkColumn() {
    return windowed() ? outputOf(windowEndInput) : -1;
  }

  @Override
  public int windowStartColumn() {
    return windowed() ? outputOf(input().windowStartColumn()) : -1;
  }

  @Override
  public int windowEndColumn() {
    return windowed() ? outputOf(windowEndInput) : -1;
  }

  private String keys() {
    return Arrays.stream(groupColumns)
        .mapToObj(c -> input().rowType().getFieldList().get(c).getName()).toList().toString();
  }

  @Override
  public String describe() {
    return (windowed() ? "WindowAggregate" : "GroupAggregate") + "(group=" + keys() + ", aggs="
        + callNames + ")";
  }

  @Override
  public String state() {
    return windowed()
        ? "accumulators by " + keys() + "; evicted when the watermark passes "
            + input().rowType().getFieldList().get(windowEndInput).getName()
        : "accumulators by " + keys() + "; kept while a group has rows";
  }

  @Override
  public Operator build(ExecutionContext context) {
    Aggregates aggregates = new Aggregates(calls.get());
    return windowed()
        ? new WindowAggregateOperator(windowEndInput, groupColumns, aggregates, context.state())
        : new GroupAggregateOperator(groupColumns, aggregates, context.state());
  }
}
