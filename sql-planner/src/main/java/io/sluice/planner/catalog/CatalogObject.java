package io.sluice.planner.catalog;

import java.util.List;
import java.util.Map;

/** Something a statement can name: a stream, a table or a view. */
public sealed interface CatalogObject permits StreamDef, TableDef, ViewDef {
  String name();

  List<ColumnDef> columns();

  /** The WITH options as written, keys in lower case. */
  Map<String, String> options();

  /** The CREATE statement that defines the object; replaying it recreates the definition. */
  String ddl();

  /** The type name shown to JDBC clients: STREAM, TABLE, VIEW or MATERIALIZED VIEW. */
  String kind();

  default int columnIndex(String column) {
    List<ColumnDef> cols = columns();
    for (int i = 0; i < cols.size(); i++) {
      if (cols.get(i).name().equals(column)) {
        return i;
      }
    }
    return -1;
  }
}
