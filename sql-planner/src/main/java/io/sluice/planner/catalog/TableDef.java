package io.sluice.planner.catalog;

import io.sluice.runtime.storage.TableRows;
import java.util.List;
import java.util.Map;

/** A bounded, updatable table keyed by its primary key. */
public record TableDef(
    String name,
    List<ColumnDef> columns,
    int[] primaryKey,
    Map<String, String> options,
    String ddl,
    TableRows rows) implements CatalogObject {

  public TableDef {
    columns = List.copyOf(columns);
    primaryKey = primaryKey.clone();
    options = Map.copyOf(options);
  }

  @Override
  public String kind() {
    return "TABLE";
  }
}
