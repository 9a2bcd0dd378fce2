package io.sluice.runtime.connector.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.runtime.connector.jdbc.JdbcTableSpec.Column;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a {@link JdbcTable} does on any database, run against a real one by each subclass: H2
 * (a file database) and PostgreSQL (an embedded server).
 */
abstract class JdbcTableContract {
  /** The database's JDBC URL. */
  abstract String url();

  String user() {
    return null;
  }

  /** Runs SQL on the external database directly, as another application would. */
  void exec(String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(url(), user(), null);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** Rows of {@code sql}: a string, then a number, as {@code "apple=7.0"}. */
  List<String> query(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url(), user(), null);
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1) + "=" + rs.getDouble(2));
      }
    }
    return rows;
  }

  JdbcTableSpec spec(String table, Duration ttl, Duration budget, int[] key, Column... columns) {
    return new JdbcTableSpec(url(), table, user(), null, List.of(columns), key, ttl, budget);
  }

  /** The totals table: ITEM VARCHAR key, REVENUE DOUBLE, as Sluice names them. */
  JdbcTableSpec totals(String table, Duration ttl) {
    return spec(table, ttl, Duration.ofMinutes(1), new int[] {0},
        new Column("ITEM", JdbcColumnType.VARCHAR, -1),
        new Column("REVENUE", JdbcColumnType.DOUBLE, -1));
  }

  void createTotals(String table) throws SQLException {
    exec("DROP TABLE IF EXISTS " + table,
        "CREATE TABLE " + table + " (item VARCHAR(20) PRIMARY KEY, revenue DOUBLE PRECISION"
            + " CHECK (revenue >= 0))");
  }

  static Object[] row(Object... values) {
    return values;
  }

  static List<Object[]> sorted(List<Object[]> rows) {
    List<Object[]> out = new ArrayList<>(rows);
    out.sort(Comparator.comparing(r -> String.valueOf(r[0])));
    return out;
  }

  @Test
  void scanAndLookupConvertEveryTypeToSluiceValues() throws SQLException {
    exec("DROP TABLE IF EXISTS kinds",
        "CREATE TABLE kinds (id INTEGER, name VARCHAR(20), price DOUBLE PRECISION,"
            + " qty BIGINT, amount DECIMAL(10, 2), ok BOOLEAN, d DATE, t TIME, ts TIMESTAMP,"
            + " small SMALLINT, r REAL, PRIMARY KEY (id, name))",
        "INSERT INTO kinds VALUES (1, 'apple', 2.5, 10000000000, 12.30, TRUE, DATE '2026-01-02',"
            + " TIME '10:11:12', TIMESTAMP '2026-01-02 10:11:12.345', 7, 1.5)",
        "INSERT INTO kinds (id, name) VALUES (2, 'pear')");
    JdbcTableSpec spec = spec("kinds", Duration.ZERO, Duration.ofSeconds(5), new int[] {0, 1},
        new Column("ID", JdbcColumnType.INTEGER, -1),
        new Column("NAME", JdbcColumnType.VARCHAR, -1),
        new Column("PRICE", JdbcColumnType.DOUBLE, -1),
        new Column("QTY", JdbcColumnType.BIGINT, -1),
        new Column("AMOUNT", JdbcColumnType.DECIMAL, 2),
        new Column("OK", JdbcColumnType.BOOLEAN, -1),
        new Column("D", JdbcColumnType.DATE, -1),
        new Column("T", JdbcColumnType.TIME, -1),
        new Column("TS", JdbcColumnType.TIMESTAMP, -1),
        new Column("SMALL", JdbcColumnType.SMALLINT, -1),
        new Column("R", JdbcColumnType.REAL, -1));
    Object[] apple = row(1, "apple", 2.5, 10_000_000_000L, new BigDecimal("12.30"), true,
        (int) LocalDate.of(2026, 1, 2).toEpochDay(),
        (int) (LocalTime.of(10, 11, 12).toNanoOfDay() / 1_000_000),
        LocalDateTime.of(2026, 1, 2, 10, 11, 12, 345_000_000).toInstant(ZoneOffset.UTC)
            .toEpochMilli(), (short) 7, 1.5f);
    Object[] pear = row(2, "pear", null, null, null, null, null, null, null, null, null);
    try (JdbcTable t = new JdbcTable(spec)) {
      List<Object[]> rows = sorted(t.snapshot());
      assertEquals(2, rows.size());
      assertArrayEquals(apple, rows.get(0));
      assertArrayEquals(pear, rows.get(1));
      assertArrayEquals(apple, t.lookup(1, "apple"));
      assertNull(t.lookup(1, "pear"));

      // Written back through the table and read again, every value survives unchanged.
      Object[] copy = apple.clone();
      copy[0] = 3;
      t.upsert(List.<Object[]>of(copy));
      assertArrayEquals(copy, t.lookup(3, "apple"));
    }
  }

  @Test
  void applyDeletesThenUpsertsAndLaterRowsWin() throws SQLException {
    createTotals("totals_apply");
    exec("INSERT INTO totals_apply VALUES ('old', 1), ('kept', 2), ('back', 3)");
    try (JdbcTable t = new JdbcTable(totals("totals_apply", Duration.ZERO))) {
      t.apply(List.of(row("apple", 1.0), row("pear", 5.0), row("apple", 7.0), row("back", 9.0)),
          List.of(row("old", null), row("back", null), row("never", null)));
      assertEquals(List.of("apple=7.0", "back=9.0", "kept=2.0", "pear=5.0"),
          query("SELECT item, revenue FROM totals_apply ORDER BY item"));
      t.upsert(List.of(row("pear", 6.0), row("pear", 8.0)));
      assertArrayEquals(row("pear", 8.0), t.lookup("pear"));
      assertEquals(-1, t.size());
    }
  }

  @Test
  void cachedLookupsServeHitsAndMissesUntilTheirTimeToLive() throws Exception {
    createTotals("totals_cached");
    exec("INSERT INTO totals_cached VALUES ('apple', 1)");
    try (JdbcTable cached = new JdbcTable(totals("totals_cached", Duration.ofSeconds(1)));
        JdbcTable uncached = new JdbcTable(totals("totals_cached", Duration.ZERO))) {
      assertArrayEquals(row("apple", 1.0), cached.lookup("apple"));
      assertNull(cached.lookup("pear"));
      long changed = System.nanoTime();
      exec("UPDATE totals_cached SET revenue = 2 WHERE item = 'apple'",
          "INSERT INTO totals_cached VALUES ('pear', 3)");
      assertArrayEquals(row("apple", 2.0), uncached.lookup("apple"), "no cache: seen at once");
      assertArrayEquals(row("pear", 3.0), uncached.lookup("pear"));
      if (System.nanoTime() - changed < Duration.ofMillis(800).toNanos()) {
        assertArrayEquals(row("apple", 1.0), cached.lookup("apple"), "a cached hit");
        assertNull(cached.lookup("pear"), "a cached miss");
      }
      Thread.sleep(1_100);
      assertArrayEquals(row("apple", 2.0), cached.lookup("apple"), "after the TTL");
      assertArrayEquals(row("pear", 3.0), cached.lookup("pear"));

      // Its own writes are seen at once: written keys leave the cache.
      cached.upsert(List.<Object[]>of(row("apple", 4.0)));
      assertArrayEquals(row("apple", 4.0), cached.lookup("apple"));
    }
  }

  @Test
  void aConstraintErrorIsNotRetriedAndKeepsNothing() throws SQLException {
    createTotals("totals_check");
    try (JdbcTable t = new JdbcTable(totals("totals_check", Duration.ZERO))) {
      long start = System.nanoTime();
      SluiceException e = assertThrows(SluiceException.class,
          () -> t.upsert(List.of(row("fine", 1.0), row("negative", -1.0))));
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(),
          "failed at once, not after the one-minute retry budget");
      assertEquals(ErrorCode.INTEGRITY_CONSTRAINT_VIOLATION, e.code(), e.getMessage());
      assertTrue(e.getMessage().contains("refused to write 2 rows of its table totals_check"),
          e.getMessage());
      assertEquals(List.of(), query("SELECT item, revenue FROM totals_check"));
      t.upsert(List.<Object[]>of(row("fine", 1.0)));
      assertEquals(List.of("fine=1.0"), query("SELECT item, revenue FROM totals_check"));
    }
  }

  @Test
  void verifyNamesWhatIsMissing() throws SQLException {
    createTotals("totals_verify");
    JdbcTable.verify(totals("TOTALS_VERIFY", Duration.ZERO));
    SluiceException noTable = assertThrows(SluiceException.class,
        () -> JdbcTable.verify(totals("nope", Duration.ZERO)));
    assertEquals(ErrorCode.OBJECT_NOT_FOUND, noTable.code());
    assertTrue(noTable.getMessage().startsWith("No table nope in jdbc:"), noTable.getMessage());
    SluiceException noColumn = assertThrows(SluiceException.class,
        () -> JdbcTable.verify(spec("totals_verify", Duration.ZERO, Duration.ZERO,
            new int[] {0}, new Column("ITEM", JdbcColumnType.VARCHAR, -1),
            new Column("COST", JdbcColumnType.DOUBLE, -1))));
    assertEquals(ErrorCode.COLUMN_NOT_FOUND, noColumn.code());
    assertTrue(noColumn.getMessage().contains("has no column COST"), noColumn.getMessage());
  }
}
