package io.sluice.planner.incremental;

import java.util.List;
import org.apache.calcite.rel.RelNode;

/**
 * Turns one logical node, whose inputs are already incremental, into an incremental node.
 * {@link #matches} is the pattern and guard; {@link #rewrite} runs only when it matched.
 */
public interface IncrementalRule {
  boolean matches(RelNode rel, List<PhysicalNode> inputs, PlanContext context);

  PhysicalNode rewrite(RelNode rel, List<PhysicalNode> inputs, PlanContext context);

  default String name() {
    return getClass().getSimpleName();
  }
}
