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
 * Top-N over a changelog, such as the top N groups of a GROUP BY: a retracted row may let any
 * other row into the top, so every row of a partition is kept.
 *
 * <pre>
 *   LogicalCalc(condition=[&lt;=(ROW_NUMBER() OVER (ORDER BY $1 DESC), 3)])
 *     (incremental changelog input)
 *   =&gt;
 *   TopN(partition=[], order=[N], descending=[true], n=3, over a changelog)
 *     (incremental changelog input)
 * </pre>
 *
 * Guard: {@link TopNPattern} matches, the input is a changelog, and the row number is not
 * selected (over a changelog that would renumber rows on every retraction; not yet).
 */
public final class ImplementRetractTopN implements IncrementalRule {
  @Override
  public boolean matches(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    TopNPattern pattern = TopNPattern.match(rel);
    return pattern != null && !pattern.rankSelected() && inputs.size() == 1
        && inputs.get(0) != null && inputs.get(0).emission() == Emission.UPDATE;
  }

  @Override
  public PhysicalNode rewrite(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    TopNPattern pattern = TopNPattern.match(rel);
    return new TopNNode(inputs.get(0), rel.getRowType(), pattern,
        CalcCompiler.compile(pattern.projection(), context.typeFactory()), true);
  }
}
