package io.sluice.planner.ddl;

import io.sluice.planner.catalog.ColumnDef;
import io.sluice.planner.catalog.TableDef;
import io.sluice.runtime.connector.jdbc.JdbcColumnType;
import io.sluice.runtime.connector.jdbc.JdbcTable;
import io.sluice.runtime.connector.jdbc.JdbcTableSpec;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code jdbc} connector's options, and the {@link JdbcTable} a table with them opens:
 * {@code 'url'} (required: the JDBC URL of the database), {@code 'table'} (the external table,
 * optionally {@code schema.table}; default the Sluice table's name; either matched ignoring
 * case), {@code 'user'} and {@code 'password'} (default: none, the URL's or the driver's),
 * {@code 'lookup.cache.ttl'} (how long a stream-table join reuses a looked-up row or miss; default
 * 0, no cache) and {@code 'sink.retry.budget'} (how long a write retries while the database
 * cannot be reached; default 1 minute).
 */
public final class JdbcTables {
  static final String CONNECTOR = "jdbc";
  static final Set<String> OPTIONS = Set.of("connector", "url", "table", "user", "password",
      "lookup.cache.ttl", "sink.retry.budget");
  private static final Duration DEFAULT_RETRY_BUDGET = Duration.ofMinutes(1);

  private JdbcTables() {}

  /** Whether {@code spec} is a table of the jdbc connector. */
  public static boolean isJdbc(ObjectSpec spec) {
    return !spec.stream() && CONNECTOR.equalsIgnoreCase(spec.options().get("connector"));
  }

  /** The table's rows: connects on first use, so a catalog replays while the database is down. */
  public static JdbcTable open(ObjectSpec spec) {
    return new JdbcTable(jdbcSpec(spec.name(), spec.columns(), spec.primaryKey(),
        spec.options()));
  }

  /**
   * For CREATE TABLE: connects once and checks the external table and its columns, failing
   * within seconds if the database cannot be reached. Does nothing for other connectors.
   */
  public static void verifyIfJdbc(ObjectSpec spec) {
    if (isJdbc(spec)) {
      JdbcTable.verify(jdbcSpec(spec.name(), spec.columns(), spec.primaryKey(),
          spec.options()));
    }
  }

  /** Closes the connections of {@code object}'s rows if it is a jdbc table (at engine close). */
  public static void close(Object object) {
    if (object instanceof TableDef t && t.rows() instanceof JdbcTable j) {
      j.close();
    }
  }

  /** Checks the options CREATE TABLE gave (names are already known ones) for their values. */
  static void check(Map<String, String> options) {
    String url = options.get("url");
    if (url == null || !url.trim().toLowerCase(Locale.ROOT).startsWith("jdbc:")) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "A jdbc table needs option 'url', the"
          + " JDBC URL of its database, such as 'jdbc:postgresql://host:5432/db' or"
          + " 'jdbc:h2:file:/path/db'" + (url == null ? "" : ", not '" + url + "'"));
    }
    String table = options.get("table");
    if (table != null && table.isBlank()) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "Option 'table' names the external"
          + " table ('table' or 'schema.table'); leave it out to use the Sluice table's name");
    }
    duration(options, "lookup.cache.ttl", Duration.ZERO, "how long a looked-up row is reused");
    duration(options, "sink.retry.budget", DEFAULT_RETRY_BUDGET,
        "how long a write retries while the database cannot be reached");
  }

  private static JdbcTableSpec jdbcSpec(String name, List<ColumnDef> columns, int[] key,
      Map<String, String> options) {
    List<JdbcTableSpec.Column> cols = new ArrayList<>();
    for (ColumnDef c : columns) {
      JdbcColumnType type = switch (c.type().getSqlTypeName()) {
        case BOOLEAN -> JdbcColumnType.BOOLEAN;
        case TINYINT -> JdbcColumnType.TINYINT;
        case SMALLINT -> JdbcColumnType.SMALLINT;
        case INTEGER -> JdbcColumnType.INTEGER;
        case BIGINT -> JdbcColumnType.BIGINT;
        case REAL -> JdbcColumnType.REAL;
        case FLOAT, DOUBLE -> JdbcColumnType.DOUBLE;
        case DECIMAL -> JdbcColumnType.DECIMAL;
        case CHAR, VARCHAR -> JdbcColumnType.VARCHAR;
        case DATE -> JdbcColumnType.DATE;
        case TIME -> JdbcColumnType.TIME;
        case TIMESTAMP -> JdbcColumnType.TIMESTAMP;
        // DdlTranslator admits only the types above into a table.
        default -> throw new IllegalStateException("not a storable type: " + c.type());
      };
      int scale = type == JdbcColumnType.DECIMAL ? c.type().getScale() : -1;
      cols.add(new JdbcTableSpec.Column(c.name(), type, scale));
    }
    return new JdbcTableSpec(options.get("url").trim(), options.getOrDefault("table", name),
        options.get("user"), options.get("password"), cols, key,
        duration(options, "lookup.cache.ttl", Duration.ZERO, ""),
        duration(options, "sink.retry.budget", DEFAULT_RETRY_BUDGET, ""));
  }

  private static Duration duration(Map<String, String> options, String key, Duration absent,
      String meaning) {
    String text = options.get(key);
    if (text == null) {
      return absent;
    }
    Duration d = text.trim().equals("0") ? Duration.ZERO : Durations.parse(text);
    if (d == null || d.isNegative()) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "Option '" + key + "' must be a"
          + " duration such as '10 s' or '1 minute' (" + meaning + "), not '" + text + "'");
    }
    return d;
  }
}
