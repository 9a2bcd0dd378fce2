package io.sluice.planner.incremental.rules;

import io.sluice.planner.codegen.CalcCompiler;
import io.sluice.planner.incremental.CalcNode;
import io.sluice.planner.incremental.FusedWindowAggregateNode;
import io.sluice.planner.incremental.IncrementalRule;
import io.sluice.planner.incremental.PhysicalNode;
import io.sluice.planner.incremental.PlanContext;
import io.sluice.planner.incremental.WindowTableFunctionNode;
import io.sluice.runtime.operator.window.FusedWindowAggregateOperator;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexProgramBuilder;
import org.apache.calcite.util.ImmutableBitSet;

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
 * FILTER column is a column of the window function's input, an expression over those (then
 * computed by a Calc before the fused operator), or a window column; every aggregate is
 * supported. Otherwise {@link ImplementWindowAggregate} runs the query unfused (SESSION cannot).
 */
public final class FuseWindowAggregate implements IncrementalRule {
  /** Where a column of the aggregate's input comes from: >= 0 input column, or a marker. */
  private static final int NOT_PLAIN = Integer.MIN_VALUE;

  @Override
  public boolean matches(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    if (!(rel instanceof Aggregate agg) || agg.getGroupType() != Aggregate.Group.SIMPLE
        || context.earlyWindows()) {
      return false; // early results: a GROUP BY updated with each row (ImplementGroupAggregate)
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
   * window marker, the index past the input's columns of an expression over input columns
   * (computed before the window function, see {@link #computed}), or NOT_PLAIN (an expression
   * over a window column); null if {@code node} is not (a filterless Calc over) a window
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
    int computed = 0;
    for (int i = 0; i < out.length; i++) {
      RexNode e = program.expandLocalRef(program.getProjectList().get(i));
      if (e instanceof RexInputRef ref) {
        out[i] = tvfColumns[ref.getIndex()];
      } else {
        ImmutableBitSet uses = RelOptUtil.InputFinder.bits(e);
        out[i] = uses.isEmpty() || uses.length() <= width - 2 ? width - 2 + computed++
            : NOT_PLAIN;
      }
    }
    return out;
  }

  /**
   * The expressions of the Calc above the window function that use input columns only (an
   * aggregate's argument such as {@code CAST(v AS DOUBLE)}, a FILTER condition such as
   * {@code v > 5 IS TRUE}), in the order {@link #sources} numbers them.
   */
  private static List<RexNode> computed(PhysicalNode node, int[] sources, int inputWidth) {
    List<RexNode> exprs = new ArrayList<>();
    if (node instanceof CalcNode calc) {
      RexProgram program = calc.program();
      for (int i = 0; i < sources.length; i++) {
        if (sources[i] >= inputWidth) {
          exprs.add(program.expandLocalRef(program.getProjectList().get(i)));
        }
      }
    }
    return exprs;
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
    PhysicalNode input = tvf.input();
    int inputWidth = input.rowType().getFieldCount();
    List<RexNode> computed = computed(inputs.get(0), sources, inputWidth);
    if (!computed.isEmpty()) {
      // Expressions over input columns are computed before the window function: the input's
      // columns unchanged (event time too), then the expressions.
      RexProgramBuilder program = new RexProgramBuilder(input.rowType(),
          agg.getCluster().getRexBuilder());
      for (int c = 0; c < inputWidth; c++) {
        program.addProject(c, input.rowType().getFieldNames().get(c));
      }
      for (int c = 0; c < computed.size(); c++) {
        program.addProject(computed.get(c), "$computed" + c);
      }
      RexProgram p = program.getProgram();
      input = new CalcNode(input, p, CalcCompiler.compile(p, context.typeFactory()));
    }
    return new FusedWindowAggregateNode(input, rel.getRowType(), tvf.function(),
        tvf.timeColumn(), tvf.assigner(), groupColumns.stream().mapToInt(Integer::intValue)
            .toArray(), output, AggCalls.translate(agg, true, c -> sources[c]),
        AggCalls.names(agg), tvf.session());
  }
}
