package io.sluice.planner.catalog;

import io.sluice.runtime.connector.nexmark.NexmarkSource;
import io.sluice.runtime.storage.StreamLog;
import java.util.List;
import java.util.Map;

/**
 * A declared stream (an unbounded table): the log holding its rows (memory connector), or the
 * generator that makes them ({@code nexmark} connector; {@code generator} is null otherwise).
 */
public record StreamDef(
    String name,
    List<ColumnDef> columns,
    WatermarkDef watermark,
    Map<String, String> options,
    String ddl,
    StreamLog log,
    NexmarkSource generator) implements CatalogObject {

  /** The option naming how long the stream may be idle before a join stops waiting for it. */
  public static final String IDLE_TIMEOUT = "watermark.idle-timeout";

  /**
   * The option naming a stream, created with this one, that keeps the rows live queries found
   * late: this stream's columns, then QUERY_ID and LATE_WATERMARK.
   */
  public static final String LATE_ROWS = "late.rows";

  public StreamDef {
    columns = List.copyOf(columns);
    options = Map.copyOf(options);
  }

  @Override
  public String kind() {
    return "STREAM";
  }

  public String connector() {
    return options.getOrDefault("connector", "memory");
  }

  /** How long without rows makes the stream idle for joins, in millis (0: never idle). */
  public long idleTimeoutMillis() {
    String t = options.get(IDLE_TIMEOUT);
    return t == null ? 0 : io.sluice.planner.ddl.Durations.parse(t).toMillis();
  }
}
