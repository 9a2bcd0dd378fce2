package io.sluice.planner.incremental.rules;

import io.sluice.planner.incremental.IncrementalRule;
import io.sluice.planner.incremental.JoinNode;
import io.sluice.planner.incremental.PhysicalNode;
import io.sluice.planner.incremental.PlanContext;
import io.sluice.runtime.operator.join.StreamJoinOperator.TimeBounds;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;

/**
 * Two windowed streams joined on the same window: each window's rows are kept until both
 * watermarks pass its end, then evicted; the result is append-only.
 *
 * <pre>
 *   LogicalJoin(condition=[AND(=($0, $3), =($2, $5))])        WindowJoin(INNER, keys [0, 2]
 *     (windowed aggregate, window_end $2)             =&gt;        = [0, 2], right.window_end
 *     (windowed aggregate, window_end $2)                        - left.window_end in [0, 0])
 * </pre>
 *
 * Guard: a join of two append-only inputs whose event time is their window end, with the two
 * window ends among the equi-keys.
 */
public final class ImplementWindowJoin implements IncrementalRule {
  @Override
  public boolean matches(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    return JoinConditions.streamJoin(rel, inputs) && JoinConditions.appendOnly(inputs)
        && bounds((Join) rel, inputs) != null;
  }

  private static TimeBounds bounds(Join join, List<PhysicalNode> inputs) {
    PhysicalNode left = inputs.get(0);
    PhysicalNode right = inputs.get(1);
    int leftEnd = left.windowEndColumn();
    int rightEnd = right.windowEndColumn();
    if (leftEnd < 0 || rightEnd < 0 || left.watermarkColumn() != leftEnd
        || right.watermarkColumn() != rightEnd) {
      return null;
    }
    JoinInfo info = join.analyzeCondition();
    for (int i = 0; i < info.leftKeys.size(); i++) {
      if (info.leftKeys.get(i) == leftEnd && info.rightKeys.get(i) == rightEnd) {
        return new TimeBounds(leftEnd, rightEnd, 0, 0);
      }
    }
    return null;
  }

  @Override
  public PhysicalNode rewrite(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    Join join = (Join) rel;
    return JoinConditions.node(JoinNode.Kind.WINDOW, join, inputs, bounds(join, inputs),
        context);
  }
}
