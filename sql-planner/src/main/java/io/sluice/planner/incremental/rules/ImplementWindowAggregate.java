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
 * A GROUP BY on a window's start and end becomes a windowed aggregate: append mode, each
 * window emitted once when the watermark passes its end, then evicted.
 *
 * <pre>
 *   LogicalAggregate(group={window_start, window_end, user_id}, COUNT())
 *     WindowTableFunction(TUMBLE, ...)
 *   =&gt;
 *   WindowAggregate(group=[window_start, window_end, user_id], aggs=[COUNT()])
 *     WindowTableFunction(TUMBLE, ...)
 * </pre>
 *
 * Guard: plain GROUP BY (no grouping sets); the input is append-only, carries window columns
 * with a watermark, and both window columns are grouped on; every aggregate is supported.
 */
public final class ImplementWindowAggregate implements IncrementalRule {
  @Override
  public boolean matches(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    if (!(rel instanceof Aggregate agg) || agg.getGroupType() != Aggregate.Group.SIMPLE
        || context.earlyWindows()) {
      return false; // early results: a GROUP BY updated with each row (ImplementGroupAggregate)
    }
    PhysicalNode input = inputs.get(0);
    return input.emission() == Emission.APPEND
        && input.windowStartColumn() >= 0 && input.windowEndColumn() >= 0
        && agg.getGroupSet().get(input.windowStartColumn())
        && agg.getGroupSet().get(input.windowEndColumn())
        && AggCalls.supported(agg);
  }

  @Override
  public PhysicalNode rewrite(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    Aggregate agg = (Aggregate) rel;
    PhysicalNode input = inputs.get(0);
    return new AggregateNode(input, rel.getRowType(), agg.getGroupSet().toArray(),
        AggCalls.translate(agg, true), AggCalls.names(agg), input.windowEndColumn());
  }
}
