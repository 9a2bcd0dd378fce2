package io.sluice.planner.catalog;

import io.sluice.runtime.storage.StreamLog;
import java.util.List;
import java.util.Map;

/** A declared stream (an unbounded table) and, for the memory connector, the log holding it. */
public record StreamDef(
    String name,
    List<ColumnDef> columns,
    WatermarkDef watermark,
    Map<String, String> options,
    String ddl,
    StreamLog log) implements CatalogObject {

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
}
