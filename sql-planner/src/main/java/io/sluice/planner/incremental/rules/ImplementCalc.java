package io.sluice.planner.incremental.rules;

import io.sluice.planner.codegen.CalcCompiler;
import io.sluice.planner.incremental.CalcNode;
import io.sluice.planner.incremental.IncrementalRule;
import io.sluice.planner.incremental.PhysicalNode;
import io.sluice.planner.incremental.PlanContext;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;

/**
 * Compiles a filter-and-project to bytecode; it runs on appends and changelogs alike.
 *
 * <pre>
 *   LogicalCalc(expr#..., $condition)     =&gt;   Calc(filter=..., project=[...])
 *     (incremental input)                         (incremental input)
 * </pre>
 */
public final class ImplementCalc implements IncrementalRule {
  @Override
  public boolean matches(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    return rel instanceof Calc && inputs.size() == 1;
  }

  @Override
  public PhysicalNode rewrite(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    Calc calc = (Calc) rel;
    return new CalcNode(inputs.get(0), calc.getProgram(),
        CalcCompiler.compile(calc.getProgram(), context.typeFactory()));
  }
}
