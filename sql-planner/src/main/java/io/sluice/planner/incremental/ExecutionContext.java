package io.sluice.planner.incremental;

import io.sluice.planner.exec.QueryContext;
import io.sluice.runtime.driver.QueryMetrics;
import io.sluice.runtime.state.ScopedStateStore;
import io.sluice.runtime.state.StateStore;

/** What a running query's operators are built with: parameters, its state and its metrics. */
public record ExecutionContext(QueryContext query, StateStore state, QueryMetrics metrics) {
  /** The same context with state under {@code scope}, for one node's operator. */
  public ExecutionContext scoped(String scope) {
    return new ExecutionContext(query, new ScopedStateStore(state, scope), metrics);
  }
}
