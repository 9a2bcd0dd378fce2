package io.sluice.planner.incremental.rules;

import io.sluice.planner.incremental.AggregateNode;
import io.sluice.planner.incremental.Emission;
import io.sluice.planner.incremental.IncrementalRule;
import io.sluice.planner.incremental.PhysicalNode;
import io.sluice.planner.incremental.PlanContext;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;

/**
 * Any other GROUP BY becomes an unbounded aggregate: update mode, a changelog of each group's
 * result, with retractions in and out.
 *
 * <pre>
 *   LogicalAggregate(group={user_id}, COUNT())   =&gt;   GroupAggregate(group=[user_id], aggs=[COUNT()])
 * </pre>
 *
 * Guard: plain GROUP BY (no grouping sets). Unsupported aggregates are a user error here, since
 * no other rule could run them.
 */
public final class ImplementGroupAggregate implements IncrementalRule {
  @Override
  public boolean matches(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    return rel instanceof Aggregate agg && agg.getGroupType() == Aggregate.Group.SIMPLE;
  }

  @Override
  public PhysicalNode rewrite(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    Aggregate agg = (Aggregate) rel;
    boolean appendOnly = inputs.get(0).emission() == Emission.APPEND;
    return new AggregateNode(inputs.get(0), rel.getRowType(), agg.getGroupSet().toArray(),
        AggCalls.translate(agg, appendOnly), AggCalls.names(agg), -1);
  }
}
