package io.sluice.planner.incremental;

import io.sluice.runtime.agg.AggCall;
import io.sluice.runtime.agg.Aggregates;
import io.sluice.runtime.operator.window.FusedWindowAggregateOperator;
import io.sluice.runtime.driver.Operator;
import io.sluice.runtime.operator.window.PanedWindowAggregateOperator;
import io.sluice.runtime.operator.window.SessionWindowAggregateOperator;
import io.sluice.runtime.operator.window.WindowAssigner;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A window table function and the GROUP BY on its window over it, run as one operator (append
 * mode): same result as WindowTableFunction, Calc and WindowAggregate, without a row per window.
 */
public final class FusedWindowAggregateNode extends PhysicalNode {
  private final String function;
  private final int timeColumn;
  private final WindowAssigner assigner;
  private final int[] groupColumns;
  private final int[] output;
  private final Supplier<List<AggCall>> calls;
  private final List<String> callNames;
  private final WindowTableFunctionNode.Session session;

  /**
   * @param output for each group column of the result: {@link
   *     FusedWindowAggregateOperator#WINDOW_START}, {@code WINDOW_END}, or an index into
   *     {@code groupColumns} (input columns)
   */
  public FusedWindowAggregateNode(PhysicalNode input, RelDataType rowType, String function,
      int timeColumn, WindowAssigner assigner, int[] groupColumns, int[] output,
      Supplier<List<AggCall>> calls, List<String> callNames,
      WindowTableFunctionNode.Session session) {
    super(List.of(input), rowType);
    this.session = session;
    this.function = function;
    this.timeColumn = timeColumn;
    this.assigner = assigner;
    this.groupColumns = groupColumns.clone();
    this.output = output.clone();
    this.calls = calls;
    this.callNames = List.copyOf(callNames);
  }

  private int outputOf(int marker) {
    for (int i = 0; i < output.length; i++) {
      if (output[i] == marker) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Emission emission() {
    return Emission.APPEND;
  }

  @Override
  public int watermarkColumn() {
    return outputOf(FusedWindowAggregateOperator.WINDOW_END);
  }

  @Override
  public int windowStartColumn() {
    return outputOf(FusedWindowAggregateOperator.WINDOW_START);
  }

  @Override
  public int windowEndColumn() {
    return outputOf(FusedWindowAggregateOperator.WINDOW_END);
  }

  private String keys() {
    return Arrays.stream(output).mapToObj(o -> o == FusedWindowAggregateOperator.WINDOW_START
        ? "window_start" : o == FusedWindowAggregateOperator.WINDOW_END ? "window_end"
        : input().rowType().getFieldList().get(groupColumns[o]).getName()).toList().toString();
  }

  @Override
  public String describe() {
    String window = session == null ? String.valueOf(assigner)
        : "gap " + session.gapMillis() + " ms, per " + Arrays.stream(session.partitionColumns())
            .mapToObj(c -> input().rowType().getFieldList().get(c).getName()).toList();
    return "WindowAggregate(" + function + " on "
        + input().rowType().getFieldList().get(timeColumn).getName() + ", " + window
        + ", group=" + keys() + ", aggs=" + callNames + ", fused"
        + (assigner instanceof WindowAssigner.Hop h && h.size() > h.slide() ? ", by pane" : "")
        + ")";
  }

  @Override
  public String state() {
    return session == null
        ? "accumulators by " + keys() + "; evicted when the watermark passes window_end"
        : "open sessions per partition, accumulators by group within each; a session is"
            + " evicted when the watermark passes its end (last row + gap)";
  }

  @Override
  public Operator build(ExecutionContext context) {
    if (session != null) {
      return new SessionWindowAggregateOperator(timeColumn, session.gapMillis(),
          session.partitionColumns(), groupColumns, output, new Aggregates(calls.get()),
          context.state());
    }
    if (assigner instanceof WindowAssigner.Hop hop && hop.size() > hop.slide()) {
      return new PanedWindowAggregateOperator(timeColumn, hop, groupColumns, output,
          new Aggregates(calls.get()), context.state());
    }
    return new FusedWindowAggregateOperator(timeColumn, assigner, groupColumns, output,
        new Aggregates(calls.get()), context.state());
  }
}
