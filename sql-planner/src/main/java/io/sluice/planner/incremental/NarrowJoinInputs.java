package io.sluice.planner.incremental;

import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.rules.ProjectJoinTransposeRule;
import org.apache.calcite.schema.StreamableTable;

/**
 * Projects the inputs of a join of streams to the columns used above it or in its condition:
 * a streaming join keeps the rows of its inputs as state, and only what the query reads belongs
 * there (Nexmark's auctions carry 500 bytes of padding no query reads).
 *
 * <pre>
 *   Project(a.x, b.y)                    Project(x, y)
 *     Join(a.k = b.k)            =&gt;        Join(a.k = b.k)
 *       Scan(a)  Scan(b)                     Project(k, x)  Project(k, y)
 *                                              Scan(a)        Scan(b)
 * </pre>
 *
 * Calcite's rule, with two guards: columns only (an expression of the condition computed below
 * the join would hide the time bounds that make it an interval join), and never when a side is
 * a table, which a stream-table join looks up whole.
 */
final class NarrowJoinInputs extends ProjectJoinTransposeRule {
  static final NarrowJoinInputs INSTANCE = new NarrowJoinInputs(
      ProjectJoinTransposeRule.Config.DEFAULT.withPreserveExprCondition(expr -> false));

  private NarrowJoinInputs(Config config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    Join join = call.rel(1);
    if (!isTable(join.getLeft().stripped()) && !isTable(join.getRight().stripped())) {
      super.onMatch(call);
    }
  }

  private static boolean isTable(RelNode rel) {
    return rel instanceof TableScan scan && scan.getTable().unwrap(StreamableTable.class) == null;
  }
}
