package io.sluice.planner;

import java.util.List;

/** A planned statement, ready to execute any number of times with parameter values. */
public sealed interface Plan permits BatchPlan, LivePlan, InsertPlan, JobPlan {
  /** The statement's parameters ({@code ?}), in order. */
  List<ResultColumn> parameters();

  /** The plan as text, for EXPLAIN. */
  String explain();
}
