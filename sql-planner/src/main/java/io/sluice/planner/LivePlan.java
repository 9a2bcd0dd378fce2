package io.sluice.planner;

import io.sluice.planner.catalog.CatalogObject;
import io.sluice.planner.exec.QueryContext;
import io.sluice.planner.incremental.ExecutionContext;
import io.sluice.planner.incremental.IncrementalPlan;
import io.sluice.planner.incremental.StreamScanNode;
import io.sluice.planner.incremental.ViewScanNode;
import io.sluice.runtime.driver.Dataflow;
import io.sluice.runtime.driver.Output;
import io.sluice.runtime.driver.QueryMetrics;
import io.sluice.runtime.state.StateStore;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import java.util.function.Function;

/**
 * A continuous query over streams: every row appended to a source after the query starts
 * goes through the incremental plan's operators. A {@code changelog} result leads each row with
 * its change kind ({@code +I}, {@code -U}, {@code +U}, {@code -D}); a {@code complete} one with
 * its snapshot number.
 */
public record LivePlan(
    List<ResultColumn> columns,
    List<ResultColumn> parameters,
    IncrementalPlan incremental,
    Function<List<Object>, QueryContext> contexts,
    String explain,
    RelDataType rowType) implements Plan {

  /**
   * The streams and materialized views the query reads, in dataflow input order (one may
   * appear twice).
   */
  public List<CatalogObject> sources() {
    return incremental.sources().stream().map(n -> n instanceof StreamScanNode s
        ? (CatalogObject) s.stream() : ((ViewScanNode) n).view()).toList();
  }

  /** The names of the streams and tables the query reads. */
  public java.util.Set<String> reads() {
    return incremental.reads();
  }

  public boolean changelog() {
    return incremental.emission() == io.sluice.planner.incremental.Emission.UPDATE;
  }

  /** Complete mode: each row is led by the number of the result snapshot it belongs to. */
  public boolean complete() {
    return incremental.emission() == io.sluice.planner.incremental.Emission.COMPLETE;
  }

  /** Fresh operators for one execution, wired to end in {@code sink}. */
  public Dataflow dataflow(List<Object> parameters, StateStore state, QueryMetrics metrics,
      Output sink) {
    return incremental.build(new ExecutionContext(contexts.apply(parameters), state, metrics),
        sink);
  }
}
