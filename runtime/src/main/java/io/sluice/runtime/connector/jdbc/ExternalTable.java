package io.sluice.runtime.connector.jdbc;

import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The external table as the database names it, found through {@link DatabaseMetaData}: its
 * qualified name and each Sluice column's external column, quoted as the database quotes. Names
 * match ignoring case, so a Sluice column {@code ITEM} maps PostgreSQL's {@code item} and H2's
 * {@code ITEM} alike. Also reads and binds rows in the Sluice table's column order.
 */
final class ExternalTable {
  private final String name;
  private final List<String> columns;
  private final List<JdbcTableSpec.Column> types;
  private final boolean[] zoned;
  private final int[] key;

  private ExternalTable(String name, List<String> columns, List<JdbcTableSpec.Column> types,
      boolean[] zoned, int[] key) {
    this.name = name;
    this.columns = columns;
    this.types = types;
    this.zoned = zoned;
    this.key = key;
  }

  /** The qualified, quoted table name. */
  String name() {
    return name;
  }

  /** The quoted external column of Sluice column {@code i}. */
  String column(int i) {
    return columns.get(i);
  }

  int width() {
    return columns.size();
  }

  /** Ordinals of the primary key columns. */
  int[] key() {
    return key;
  }

  boolean isKey(int column) {
    for (int k : key) {
      if (k == column) {
        return true;
      }
    }
    return false;
  }

  /** The current row of {@code rs} (its columns in Sluice's order, from 1) as a Sluice row. */
  Object[] read(ResultSet rs) throws SQLException {
    Object[] row = new Object[columns.size()];
    for (int i = 0; i < row.length; i++) {
      JdbcTableSpec.Column c = types.get(i);
      row[i] = c.type().read(rs, i + 1, zoned[i], c.scale());
    }
    return row;
  }

  /** Binds Sluice column {@code column}'s {@code value} to parameter {@code param}. */
  void bind(PreparedStatement ps, int param, int column, Object value) throws SQLException {
    types.get(column).type().bind(ps, param, value, zoned[column]);
  }

  /**
   * Finds the table and its columns. A missing table or column, or (for PostgreSQL, whose
   * upsert needs one) no unique constraint on the key columns, is a user error saying what to
   * create; a failure to talk to the database is thrown as it is.
   */
  static ExternalTable resolve(Connection c, JdbcTableSpec spec) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    String quote = meta.getIdentifierQuoteString();
    quote = quote == null || quote.isBlank() ? "" : quote.strip();
    String wantedSchema = null;
    String wantedTable = spec.table();
    int dot = wantedTable.lastIndexOf('.');
    if (dot >= 0) {
      wantedSchema = wantedTable.substring(0, dot);
      wantedTable = wantedTable.substring(dot + 1);
    }
    Found found = findTable(c, meta, wantedSchema, wantedTable, spec);
    Map<String, String> external = new HashMap<>();
    Set<String> zonedColumns = new HashSet<>();
    List<String> all = new ArrayList<>();
    try (ResultSet rs = meta.getColumns(found.catalog, found.schema, escape(meta, found.table),
        null)) {
      while (rs.next()) {
        String col = rs.getString("COLUMN_NAME");
        all.add(col);
        // Of two columns that differ in case only, the upper-case one (Sluice's spelling).
        external.merge(col.toUpperCase(Locale.ROOT), col,
            (a, b) -> b.equals(b.toUpperCase(Locale.ROOT)) ? b : a);
        String typeName = String.valueOf(rs.getString("TYPE_NAME")).toLowerCase(Locale.ROOT);
        if (rs.getInt("DATA_TYPE") == Types.TIMESTAMP_WITH_TIMEZONE
            || typeName.contains("with time zone") || typeName.equals("timestamptz")) {
          zonedColumns.add(col);
        }
      }
    }
    List<String> quoted = new ArrayList<>();
    List<String> raw = new ArrayList<>();
    boolean[] zoned = new boolean[spec.columns().size()];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < spec.columns().size(); i++) {
      String sluiceName = spec.columns().get(i).name();
      String col = external.get(sluiceName.toUpperCase(Locale.ROOT));
      if (col == null) {
        missing.add(sluiceName);
        continue;
      }
      raw.add(col);
      quoted.add(quoteName(quote, col));
      zoned[i] = zonedColumns.contains(col);
    }
    String qualified = (found.schema == null ? "" : quoteName(quote, found.schema) + ".")
        + quoteName(quote, found.table);
    if (!missing.isEmpty()) {
      throw new SluiceException(ErrorCode.COLUMN_NOT_FOUND, "Table " + qualified + " in "
          + spec.database() + " has no column " + String.join(", ", missing) + " (it has "
          + String.join(", ", all) + "); name the Sluice table's columns as the external table"
          + " does, or add the columns there");
    }
    if (spec.dialect() == Dialect.POSTGRESQL) {
      checkUniqueKey(meta, found, raw, spec, qualified);
    }
    return new ExternalTable(qualified, List.copyOf(quoted), spec.columns(), zoned,
        spec.primaryKey());
  }

  private record Found(String catalog, String schema, String table) {}

  private static Found findTable(Connection c, DatabaseMetaData meta, String schema,
      String table, JdbcTableSpec spec) throws SQLException {
    List<Found> candidates = new ArrayList<>();
    // Try the name as written, then in upper and lower case: metadata patterns match case.
    Set<String> spellings = new LinkedHashSet<>(List.of(table, table.toUpperCase(Locale.ROOT),
        table.toLowerCase(Locale.ROOT)));
    Set<String> schemas = new LinkedHashSet<>();
    if (schema != null) {
      schemas.addAll(List.of(schema, schema.toUpperCase(Locale.ROOT),
          schema.toLowerCase(Locale.ROOT)));
    } else {
      schemas.add(null);
    }
    for (String s : schemas) {
      for (String t : spellings) {
        try (ResultSet rs = meta.getTables(null, s == null ? null : escape(meta, s),
            escape(meta, t), null)) {
          while (rs.next()) {
            Found f = new Found(rs.getString("TABLE_CAT"), rs.getString("TABLE_SCHEM"),
                rs.getString("TABLE_NAME"));
            String type = String.valueOf(rs.getString("TABLE_TYPE")).toUpperCase(Locale.ROOT);
            if (!type.contains("SYSTEM") && !candidates.contains(f)) {
              candidates.add(f);
            }
          }
        }
      }
    }
    if (candidates.size() > 1 && schema == null) {
      // Unqualified: the connection's own schema decides, as it would in a query.
      String current = c.getSchema();
      List<Found> own = candidates.stream()
          .filter(f -> f.schema != null && f.schema.equalsIgnoreCase(current)).toList();
      if (!own.isEmpty()) {
        candidates = own;
      }
    }
    if (candidates.isEmpty()) {
      throw new SluiceException(ErrorCode.OBJECT_NOT_FOUND, "No table " + spec.table() + " in "
          + spec.database() + "; create it there first (with a primary key), or name an existing"
          + " one with 'table' = 'schema.table'");
    }
    if (candidates.size() > 1) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "Table name '" + spec.table()
          + "' matches several tables in " + spec.database() + " ("
          + String.join(", ", candidates.stream().map(f -> f.schema + "." + f.table).toList())
          + "); write 'table' = 'schema.table' with the exact name");
    }
    return candidates.get(0);
  }

  /**
   * PostgreSQL's {@code ON CONFLICT (key)} needs a primary key or unique index on exactly the
   * key columns; without one every write would fail, so CREATE says so up front.
   */
  private static void checkUniqueKey(DatabaseMetaData meta, Found t, List<String> columns,
      JdbcTableSpec spec, String qualified) throws SQLException {
    Set<String> wanted = new HashSet<>();
    for (int k : spec.primaryKey()) {
      wanted.add(columns.get(k));
    }
    Map<String, Set<String>> indexes = new HashMap<>();
    try (ResultSet rs = meta.getPrimaryKeys(t.catalog, t.schema, t.table)) {
      while (rs.next()) {
        indexes.computeIfAbsent("primary key", x -> new HashSet<>())
            .add(rs.getString("COLUMN_NAME"));
      }
    }
    try (ResultSet rs = meta.getIndexInfo(t.catalog, t.schema, t.table, true, false)) {
      while (rs.next()) {
        String index = rs.getString("INDEX_NAME");
        String col = rs.getString("COLUMN_NAME");
        if (index != null && col != null) {
          indexes.computeIfAbsent(index, x -> new HashSet<>()).add(col);
        }
      }
    }
    if (!indexes.containsValue(wanted)) {
      throw new SluiceException(ErrorCode.INVALID_STATEMENT, "Table " + qualified + " in "
          + spec.database() + " has no primary key or unique index on (" + String.join(", ",
              wanted.stream().sorted().toList())
          + "), which upserts by key need; add one there (ALTER TABLE ... ADD PRIMARY KEY (...))"
          + " or declare the Sluice table's PRIMARY KEY as the external table's");
    }
  }

  private static String quoteName(String quote, String name) {
    return quote + (quote.isEmpty() ? name : name.replace(quote, quote + quote)) + quote;
  }

  /** {@code name} as a metadata pattern that matches only itself. */
  private static String escape(DatabaseMetaData meta, String name) throws SQLException {
    String esc = meta.getSearchStringEscape();
    if (esc == null || esc.isEmpty()) {
      return name;
    }
    return name.replace(esc, esc + esc).replace("_", esc + "_").replace("%", esc + "%");
  }
}
