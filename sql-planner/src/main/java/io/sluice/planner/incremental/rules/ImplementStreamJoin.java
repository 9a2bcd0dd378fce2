package io.sluice.planner.incremental.rules;

import io.sluice.planner.incremental.IncrementalRule;
import io.sluice.planner.incremental.JoinNode;
import io.sluice.planner.incremental.PhysicalNode;
import io.sluice.planner.incremental.PlanContext;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;

/**
 * Any other join of two streams (or of changelogs): both sides' rows are kept by join key for
 * as long as they exist. An INNER join of append-only inputs appends; outer joins and
 * changelog inputs give a changelog (update mode) whose NULL-padded rows are retracted when a
 * match arrives.
 *
 * <pre>
 *   LogicalJoin(condition=[=($0, $5)], joinType=[left])   =&gt;   StreamJoin(LEFT, keys [0] = [0])
 *     (incremental input)  (incremental input)                    (input)  (input)
 * </pre>
 *
 * Guard: INNER, LEFT, RIGHT or FULL join of two incremental inputs. Runs after the window and
 * interval joins, which keep bounded state, have declined.
 */
public final class ImplementStreamJoin implements IncrementalRule {
  @Override
  public boolean matches(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    return JoinConditions.streamJoin(rel, inputs);
  }

  @Override
  public PhysicalNode rewrite(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    return JoinConditions.node(JoinNode.Kind.STREAM, (Join) rel, inputs, null, context);
  }
}
