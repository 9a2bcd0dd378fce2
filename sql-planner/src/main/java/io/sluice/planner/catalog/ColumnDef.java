package io.sluice.planner.catalog;

import org.apache.calcite.rel.type.RelDataType;

/** A column of a stream or table: its name as stored (upper case unless quoted) and its type. */
public record ColumnDef(String name, RelDataType type) {
  public boolean nullable() {
    return type.isNullable();
  }
}
