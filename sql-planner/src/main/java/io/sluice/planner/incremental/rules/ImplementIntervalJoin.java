package io.sluice.planner.incremental.rules;

import io.sluice.planner.incremental.IncrementalRule;
import io.sluice.planner.incremental.JoinNode;
import io.sluice.planner.incremental.PhysicalNode;
import io.sluice.planner.incremental.PlanContext;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;

/**
 * Two streams joined within a time interval: the ON clause bounds the right event time by the
 * left's from both sides, so each row is kept only until the other side's watermark passes
 * the last time it could still match; the result is append-only.
 *
 * <pre>
 *   LogicalJoin(condition=[AND(=($0, $3),                  IntervalJoin(INNER, keys [0] = [0],
 *       &gt;=($5, $2), &lt;=($5, +($2, 10000)))])     =&gt;     right.TS - left.TS in [0, 10000] ms)
 *     (stream, watermark $2)                                  (stream, watermark $2)
 *     (stream, watermark $2)                                  (stream, watermark $2)
 * </pre>
 *
 * Guard: a join of two append-only inputs with event time, whose condition has both a lower and
 * an upper bound on {@code right time - left time} (BETWEEN, two comparisons, or equality); the
 * upper bound may instead be another timestamp column of the left row ({@code b.ts BETWEEN
 * a.ts AND a.expires}), which bounds state as well though not the output's event time.
 */
public final class ImplementIntervalJoin implements IncrementalRule {
  @Override
  public boolean matches(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    return JoinConditions.streamJoin(rel, inputs) && JoinConditions.appendOnly(inputs)
        && JoinConditions.timeBounds((Join) rel, inputs) != null;
  }

  @Override
  public PhysicalNode rewrite(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    Join join = (Join) rel;
    return JoinConditions.node(JoinNode.Kind.INTERVAL, join, inputs,
        JoinConditions.timeBounds(join, inputs), context);
  }
}
