package io.sluice.planner.catalog;

import io.sluice.runtime.job.Pipeline;
import io.sluice.runtime.job.ViewSink;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A view: a named query. A plain view is expanded into each statement that names it (batch or
 * live); a materialized one is maintained by a server-owned {@link Pipeline}, and statements
 * read its result: a batch query a consistent snapshot of it, a live query its rows now and
 * then its changes.
 *
 * @param query the defining query as written (after AS)
 * @param reads the streams, tables and views the query names directly
 * @param pipeline what maintains a materialized view; null for a plain one
 */
public record ViewDef(
    String name,
    List<ColumnDef> columns,
    String query,
    Map<String, String> options,
    String ddl,
    Set<String> reads,
    Pipeline pipeline) implements CatalogObject {

  public ViewDef {
    columns = List.copyOf(columns);
    options = Map.copyOf(options);
    reads = Set.copyOf(reads);
  }

  public boolean materialized() {
    return pipeline != null;
  }

  /** The materialized result, or null for a plain view. */
  public ViewSink result() {
    return pipeline == null ? null : (ViewSink) pipeline.sink();
  }

  @Override
  public String kind() {
    return materialized() ? "MATERIALIZED VIEW" : "VIEW";
  }
}
