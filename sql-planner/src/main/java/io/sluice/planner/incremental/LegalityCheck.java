package io.sluice.planner.incremental;

import org.apache.calcite.rel.RelNode;

/**
 * A check that a logical plan can run incrementally; throws a user error that says why not and
 * what to write instead. Checks never change the plan.
 */
public interface LegalityCheck {
  void check(RelNode rel);
}
