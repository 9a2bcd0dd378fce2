package io.sluice.planner.calcite;

import io.sluice.planner.ResultColumn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The {@code SLUICE} schema: the engine observed in SQL. Each table is what the matching SHOW
 * gives ({@code SELECT name, lag_ms FROM sluice.views WHERE state <> 'RUNNING'}), read when a
 * statement scans it. The server registers the tables; the planner only shows them.
 */
public final class SystemSchema extends AbstractSchema {
  /** The schema's name. */
  public static final String NAME = "SLUICE";

  /** A system table: its columns and, at each scan, its rows. */
  public record SystemTable(List<ResultColumn> columns, Supplier<List<Object[]>> rows) {}

  private volatile Map<String, SystemTable> tables = Map.of();

  /** Registers the tables (by upper-case name), replacing any before. */
  public void register(Map<String, SystemTable> byName) {
    this.tables = Map.copyOf(byName);
  }

  @Override
  protected Map<String, Table> getTableMap() {
    Map<String, Table> out = new LinkedHashMap<>();
    tables.forEach((name, t) -> out.put(name, new Scanned(t)));
    return out;
  }

  /** The names and columns of the registered tables, for DatabaseMetaData. */
  public Map<String, SystemTable> registered() {
    return tables;
  }

  private static final class Scanned extends AbstractTable implements ScannableTable {
    private final SystemTable table;

    Scanned(SystemTable table) {
      this.table = table;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory types) {
      RelDataTypeFactory.Builder b = types.builder();
      for (ResultColumn c : table.columns()) {
        SqlTypeName t = SqlTypeName.getNameForJdbcType(c.jdbcType());
        RelDataType type = t == SqlTypeName.TIMESTAMP ? types.createSqlType(t, 3)
            : types.createSqlType(t);
        b.add(c.label(), types.createTypeWithNullability(type, true));
      }
      return b.build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      return Linq4j.asEnumerable(table.rows().get());
    }
  }
}
