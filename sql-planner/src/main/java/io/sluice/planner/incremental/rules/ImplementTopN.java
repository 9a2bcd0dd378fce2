package io.sluice.planner.incremental.rules;

import io.sluice.planner.codegen.CalcCompiler;
import io.sluice.planner.incremental.Emission;
import io.sluice.planner.incremental.IncrementalRule;
import io.sluice.planner.incremental.PhysicalNode;
import io.sluice.planner.incremental.PlanContext;
import io.sluice.planner.incremental.TopNNode;
import io.sluice.planner.incremental.TopNPattern;
import java.util.List;
import org.apache.calcite.rel.RelNode;

/**
 * Top-N and deduplication: {@code ROW_NUMBER() OVER (PARTITION BY ... ORDER BY ...)} kept
 * {@code <= N}.
 *
 * <pre>
 *   LogicalCalc(project=[$0..$2],
 *       condition=[&lt;=(ROW_NUMBER() OVER (PARTITION BY $0 ORDER BY $2 DESC), 2)])
 *     (incremental append input)
 *   =&gt;
 *   TopN(partition=[AUCTION], order=[PRICE], descending=[true], n=2)
 *     (incremental append input)
 * </pre>
 *
 * Guard: {@link TopNPattern} matches (plain column keys, the outer projection does not use the
 * row number) and the input is append-only.
 */
public final class ImplementTopN implements IncrementalRule {
  @Override
  public boolean matches(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    return TopNPattern.match(rel) != null && inputs.size() == 1 && inputs.get(0) != null
        && inputs.get(0).emission() == Emission.APPEND;
  }

  @Override
  public PhysicalNode rewrite(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    TopNPattern pattern = TopNPattern.match(rel);
    return new TopNNode(inputs.get(0), rel.getRowType(), pattern,
        CalcCompiler.compile(pattern.projection(), context.typeFactory()));
  }
}
