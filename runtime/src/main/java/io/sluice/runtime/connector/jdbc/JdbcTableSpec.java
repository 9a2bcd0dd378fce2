package io.sluice.runtime.connector.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a {@link JdbcTable} maps: the external database and table, and the Sluice table's columns
 * (names as Sluice stores them, usually upper case: matched to the external table's columns
 * ignoring case) with their primary key.
 *
 * @param url the JDBC URL ({@code jdbc:postgresql:...}, {@code jdbc:h2:...}, or any driver's)
 * @param table the external table, optionally {@code schema.table}; matched ignoring case
 * @param user null to let the URL or the driver decide
 * @param password null to let the URL or the driver decide
 * @param primaryKey ordinals of the key columns, in key order
 * @param lookupCacheTtl how long a looked-up row (or its absence) is reused; zero for no cache
 * @param retryBudget how long a write keeps retrying while the database cannot be reached
 */
public record JdbcTableSpec(
    String url,
    String table,
    String user,
    String password,
    List<Column> columns,
    int[] primaryKey,
    Duration lookupCacheTtl,
    Duration retryBudget) {

  /** A column: its Sluice name and type; {@code scale} for DECIMAL, otherwise -1. */
  public record Column(String name, JdbcColumnType type, int scale) {}

  public JdbcTableSpec {
    columns = List.copyOf(columns);
    primaryKey = primaryKey.clone();
    if (primaryKey.length == 0) {
      throw new IllegalArgumentException("a jdbc table needs a primary key");
    }
  }

  /**
   * The database as messages and logs name it: the URL without its properties, which may hold
   * a password ({@code ?password=...} for PostgreSQL, {@code ;PASSWORD=...} for H2).
   */
  public String database() {
    String u = url;
    int cut = u.length();
    for (char c : new char[] {'?', ';'}) {
      int at = u.indexOf(c);
      if (at >= 0) {
        cut = Math.min(cut, at);
      }
    }
    return u.substring(0, cut);
  }

  /** The SQL dialect of the URL's database: how an upsert is written. */
  Dialect dialect() {
    String u = url.toLowerCase(Locale.ROOT);
    if (u.startsWith("jdbc:postgresql:")) {
      return Dialect.POSTGRESQL;
    }
    if (u.startsWith("jdbc:h2:")) {
      return Dialect.H2;
    }
    return Dialect.GENERIC;
  }
}
