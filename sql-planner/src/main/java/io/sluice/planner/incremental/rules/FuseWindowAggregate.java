package io.sluice.planner.incremental.rules;

import io.sluice.planner.incremental.CalcNode;
import io.sluice.planner.incremental.FusedWindowAggregateNode;
import io.sluice.planner.incremental.IncrementalRule;
import io.sluice.planner.incremental.PhysicalNode;
import io.sluice.planner.incremental.PlanContext;
import io.sluice.planner.incremental.WindowTableFunctionNode;
import io.sluice.runtime.exec.FusedWindowAggregateOperator;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;

/**
 * Runs a windowed GROUP BY and the window table function under it as one operator.
 *
 * <pre>
 *   LogicalAggregate(group={window_start, window_end, AUCTION}, COUNT())
 *     Calc(project=[AUCTION, window_start, window_end])
 *       WindowTableFunction(TUMBLE, time=DATE_TIME, ...)
 *         StreamScan(BID)
 *   =&gt;
 *   WindowAggregate(TUMBLE on DATE_TIME, group=[window_start, window_end, AUCTION], fused)
 *     StreamScan(BID)
 * </pre>
 *
 * Guard: plain GROUP BY on both window columns; between the aggregate and the window function
 * at most a Calc without a filter; every grouped column and every aggregate argument and
 * FILTER column is a plain column of the window function's input (or a window column);
 * every aggregate is supported. Otherwise {@link ImplementWindowAggregate} runs the query unfused.
 */
public final class FuseWindowAggregate implements IncrementalRule {
  /** Where a column of the aggregate's input comes from: >= 0 input column, or a marker. */
  private static final int NOT_PLAIN = Integer.MIN_VALUE;

  @Override
  public boolean matches(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    if (!(rel instanceof Aggregate agg) || agg.getGroupType() != Aggregate.Group.SIMPLE) {
      return false;
    }
    int[] sources = sources(inputs.get(0));
    if (sources == null || !AggCalls.supported(agg)) {
      return false;
    }
    boolean start = false;
    boolean end = false;
    for (int g : agg.getGroupSet()) {
      start |= sources[g] == FusedWindowAggregateOperator.WINDOW_START;
      end |= sources[g] == FusedWindowAggregateOperator.WINDOW_END;
      if (sources[g] == NOT_PLAIN) {
        return false;
      }
    }
    for (AggregateCall call : agg.getAggCallList()) {
      for (int a : call.getArgList()) {
        if (sources[a] < 0) {
          return false;
        }
      }
      if (call.filterArg >= 0 && sources[call.filterArg] < 0) {
        return false;
      }
    }
    return start && end;
  }

  /**
   * For each column of {@code node}'s output: the window function's input column it is, a
   * window marker, or NOT_PLAIN; null if {@code node} is not (a filterless Calc over) a window
   * function.
   */
  private static int[] sources(PhysicalNode node) {
    RexProgram program = null;
    PhysicalNode below = node;
    if (node instanceof CalcNode calc) {
      program = calc.program();
      below = calc.input();
      if (program.getCondition() != null) {
        return null;
      }
    }
    if (!(below instanceof WindowTableFunctionNode tvf)) {
      return null;
    }
    int width = tvf.rowType().getFieldCount();
    int[] tvfColumns = new int[width];
    for (int i = 0; i < width; i++) {
      tvfColumns[i] = i == width - 2 ? FusedWindowAggregateOperator.WINDOW_START
          : i == width - 1 ? FusedWindowAggregateOperator.WINDOW_END : i;
    }
    if (program == null) {
      return tvfColumns;
    }
    int[] out = new int[program.getProjectList().size()];
    for (int i = 0; i < out.length; i++) {
      RexNode e = program.expandLocalRef(program.getProjectList().get(i));
      out[i] = e instanceof RexInputRef ref ? tvfColumns[ref.getIndex()] : NOT_PLAIN;
    }
    return out;
  }

  private static WindowTableFunctionNode windowFunction(PhysicalNode node) {
    return (WindowTableFunctionNode) (node instanceof CalcNode c ? c.input() : node);
  }

  @Override
  public PhysicalNode rewrite(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    Aggregate agg = (Aggregate) rel;
    int[] sources = sources(inputs.get(0));
    WindowTableFunctionNode tvf = windowFunction(inputs.get(0));
    List<Integer> groupColumns = new ArrayList<>();
    int[] output = new int[agg.getGroupCount()];
    int i = 0;
    for (int g : agg.getGroupSet()) {
      int s = sources[g];
      if (s >= 0) {
        output[i] = groupColumns.size();
        groupColumns.add(s);
      } else {
        output[i] = s;
      }
      i++;
    }
    return new FusedWindowAggregateNode(tvf.input(), rel.getRowType(), tvf.function(),
        tvf.timeColumn(), tvf.assigner(), groupColumns.stream().mapToInt(Integer::intValue)
            .toArray(), output, AggCalls.translate(agg, true, c -> sources[c]),
        AggCalls.names(agg), tvf.session());
  }
}
