package io.sluice.planner.incremental.rules;

import io.sluice.planner.catalog.TableDef;
import io.sluice.planner.incremental.IncrementalRule;
import io.sluice.planner.incremental.PhysicalNode;
import io.sluice.planner.incremental.PlanContext;
import io.sluice.planner.incremental.StreamTableJoinNode;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.TableScan;

/**
 * A stream joined with a table: each stream row meets the table as it is when the row is
 * processed (a lookup join).
 *
 * <pre>
 *   LogicalJoin(condition=[=($1, $4)], joinType=[inner])
 *     (incremental stream input)                =&gt;   StreamTableJoin(INNER, table=RATES, ...)
 *     LogicalTableScan(RATES)                          (incremental stream input)
 * </pre>
 *
 * Guard: INNER or LEFT join, an equi-join condition, the stream on the left and a plain scan of
 * a table on the right.
 */
public final class ImplementStreamTableJoin implements IncrementalRule {
  @Override
  public boolean matches(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    return rel instanceof Join join
        && (join.getJoinType() == JoinRelType.INNER || join.getJoinType() == JoinRelType.LEFT)
        && join.analyzeCondition().isEqui() && !join.analyzeCondition().leftKeys.isEmpty()
        && table(join.getRight(), context) != null && inputs.get(0) != null;
  }

  /** The table {@code rel} scans, or null if it is not a plain scan of a table. */
  public static TableDef table(RelNode rel, PlanContext context) {
    if (!(rel instanceof TableScan scan)) {
      return null;
    }
    List<String> name = scan.getTable().getQualifiedName();
    return context.catalog().find(name.get(name.size() - 1))
        .filter(TableDef.class::isInstance).map(TableDef.class::cast).orElse(null);
  }

  @Override
  public PhysicalNode rewrite(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    Join join = (Join) rel;
    JoinInfo info = join.analyzeCondition();
    return new StreamTableJoinNode(inputs.get(0), rel.getRowType(),
        table(join.getRight(), context), info.leftKeys.toIntArray(),
        info.rightKeys.toIntArray(), join.getJoinType() == JoinRelType.LEFT);
  }
}
