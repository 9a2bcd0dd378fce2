package io.sluice.planner.incremental.rules;

import io.sluice.planner.codegen.CalcCompiler;
import io.sluice.planner.incremental.CalcNode;
import io.sluice.planner.incremental.IncrementalRule;
import io.sluice.planner.incremental.PhysicalNode;
import io.sluice.planner.incremental.PlanContext;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rex.RexOver;

/**
 * Compiles a filter-and-project to bytecode; it runs on appends and changelogs alike.
 * Guard: no window function (OVER) in the program; {@link ImplementTopN} takes ROW_NUMBER.
 *
 * <pre>
 *   LogicalCalc(expr#..., $condition)     =&gt;   Calc(filter=..., project=[...])
 *     (incremental input)                         (incremental input)
 * </pre>
 */
public final class ImplementCalc implements IncrementalRule {
  @Override
  public boolean matches(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    return rel instanceof Calc calc && inputs.size() == 1 && inputs.get(0) != null
        && !RexOver.containsOver(calc.getProgram());
  }

  @Override
  public PhysicalNode rewrite(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    Calc calc = (Calc) rel;
    return new CalcNode(inputs.get(0), calc.getProgram(),
        CalcCompiler.compile(calc.getProgram(), context.typeFactory()));
  }
}
