package io.sluice.planner;

import io.sluice.planner.catalog.StreamDef;
import io.sluice.planner.exec.QueryContext;
import io.sluice.planner.incremental.ExecutionContext;
import io.sluice.planner.incremental.IncrementalPlan;
import io.sluice.runtime.exec.Operator;
import io.sluice.runtime.exec.QueryMetrics;
import io.sluice.runtime.state.StateStore;
import java.util.List;
import java.util.function.Function;

/**
 * A continuous query over one stream: every row appended to the source after the query starts
 * goes through the incremental plan's operators. A {@code changelog} result leads each row with
 * its change kind ({@code +I}, {@code -U}, {@code +U}, {@code -D}).
 */
public record LivePlan(
    List<ResultColumn> columns,
    List<ResultColumn> parameters,
    IncrementalPlan incremental,
    Function<List<Object>, QueryContext> contexts,
    String explain) implements Plan {

  public StreamDef source() {
    return incremental.source().stream();
  }

  public boolean changelog() {
    return incremental.emission() == io.sluice.planner.incremental.Emission.UPDATE;
  }

  /** Fresh operators for one execution, source first. */
  public List<Operator> operators(List<Object> parameters, StateStore state,
      QueryMetrics metrics) {
    return incremental.build(new ExecutionContext(contexts.apply(parameters), state, metrics));
  }
}
