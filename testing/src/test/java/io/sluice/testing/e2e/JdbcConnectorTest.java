package io.sluice.testing.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables of the jdbc connector through SQL, against a started server: over an H2 file database
 * and a real PostgreSQL server, batch SELECT reads the external table, INSERT upserts into it,
 * and a live stream-table join looks its rows up (through the lookup cache).
 */
class JdbcConnectorTest {
  @TempDir static Path dir;
  private static TestPostgres pg;
  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    pg = TestPostgres.start(dir.resolve("pg"));
    server = RunningServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  private static String h2Url() {
    return "jdbc:h2:file:" + dir.resolve("external").toAbsolutePath();
  }

  /**
   * The external databases' password (H2 takes it from the connection that creates the
   * database; the embedded PostgreSQL trusts any).
   */
  private static final String PASSWORD = "secret-password";

  /** Runs SQL on the external database itself, as the application that owns it would. */
  private static void external(String url, String user, String... statements)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, PASSWORD);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private static List<String> externalRows(String url, String user, String sql)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, PASSWORD);
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rows(rs);
    }
  }

  /** Rows through Sluice, each as its columns joined by " | ". */
  private static List<String> query(String sql) throws SQLException {
    try (Connection c = server.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rows(rs);
    }
  }

  private static List<String> rows(ResultSet rs) throws SQLException {
    List<String> rows = new ArrayList<>();
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      List<String> values = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        values.add(String.valueOf(rs.getObject(i)));
      }
      rows.add(String.join(" | ", values));
    }
    return rows;
  }

  private static String withOptions(String url, String user, String table, String more) {
    return " WITH ('connector' = 'jdbc', 'url' = '" + url + "', 'table' = '" + table
        + "', 'user' = '" + user + "', 'password' = '" + PASSWORD + "'" + more + ")";
  }

  /** Batch reads and INSERTs of a jdbc table over {@code url}; Sluice's table is {@code name}. */
  private static void readsAndWrites(String url, String user, String name) throws Exception {
    external(url, user, "DROP TABLE IF EXISTS prices_ext",
        "CREATE TABLE prices_ext (item VARCHAR(20) PRIMARY KEY, price DOUBLE PRECISION,"
            + " updated DATE)",
        "INSERT INTO prices_ext VALUES ('apple', 1.5, DATE '2026-01-02'), ('pear', 0.5, NULL),"
            + " ('plum', 3.0, NULL)");
    server.execute("CREATE TABLE " + name + " (item VARCHAR PRIMARY KEY, price DOUBLE,"
        + " updated DATE)" + withOptions(url, user, "prices_ext", ""));

    assertEquals(List.of("plum | 3.0", "apple | 1.5"),
        query("SELECT item, price FROM " + name + " WHERE price > 1 ORDER BY price DESC"));
    assertEquals(List.of("2026-01-02"),
        query("SELECT updated FROM " + name + " WHERE item = 'apple'"));
    assertEquals(List.of("3 | 5.0"), query("SELECT COUNT(*), SUM(price) FROM " + name));

    // An INSERT upserts by key: apple is replaced, kiwi added.
    server.execute("INSERT INTO " + name + " VALUES ('kiwi', 2.0, DATE '2026-02-03'),"
        + " ('apple', 9.0, NULL)");
    assertEquals(List.of("apple | 9.0 | null", "kiwi | 2.0 | 2026-02-03", "pear | 0.5 | null",
        "plum | 3.0 | null"), externalRows(url, user,
        "SELECT item, price, updated FROM prices_ext ORDER BY item"));

    // SHOW TABLES does not count an external table; neither it nor DESCRIBE shows options.
    List<String> tables = query("SHOW TABLES");
    assertTrue(tables.contains(name.toUpperCase() + " | null | ITEM"), tables.toString());
    List<String> described = query("DESCRIBE " + name);
    assertEquals("ITEM | VARCHAR | NO | PRIMARY KEY | ", described.get(0));
    assertFalse((tables + " " + described).contains(PASSWORD));
  }

  @Test
  void readsAndWritesAnH2Table() throws Exception {
    readsAndWrites(h2Url(), "sa", "h2_prices");
  }

  @Test
  void readsAndWritesAPostgresTableAndSurvivesARestart() throws Exception {
    readsAndWrites(pg.url(), "postgres", "pg_prices");
    server.restart();
    assertEquals(List.of("kiwi | 2.0"), query("SELECT item, price FROM pg_prices"
        + " WHERE item = 'kiwi'"));
  }

  @Test
  void aLiveJoinLooksRowsUpThroughItsCache() throws Exception {
    external(pg.url(), "postgres", "DROP TABLE IF EXISTS rates",
        "CREATE TABLE rates (item VARCHAR(20) PRIMARY KEY, price DOUBLE PRECISION)",
        "INSERT INTO rates VALUES ('apple', 1.5), ('pear', 0.5)");
    server.execute("CREATE STREAM orders (id BIGINT, item VARCHAR)",
        "CREATE TABLE rates (item VARCHAR PRIMARY KEY, price DOUBLE)"
            + withOptions(pg.url(), "postgres", "rates", ", 'lookup.cache.ttl' = '1 s'"));
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      ResultSet live = s.executeQuery(
          "SELECT STREAM o.id, o.item, p.price FROM orders o JOIN rates p ON o.item = p.item");
      server.execute("INSERT INTO orders VALUES (1, 'apple'), (2, 'none'), (3, 'pear')");
      assertEquals("1 | apple | 1.5", next(live));
      assertEquals("3 | pear | 0.5", next(live), "order 2 has no rate: an inner join drops it");

      long changed = System.nanoTime();
      external(pg.url(), "postgres", "UPDATE rates SET price = 2.0 WHERE item = 'apple'");
      server.execute("INSERT INTO orders VALUES (4, 'apple')");
      String fourth = next(live);
      if (System.nanoTime() - changed < 800_000_000L) {
        assertEquals("4 | apple | 1.5", fourth, "within the TTL the cached row is used");
      }
      Thread.sleep(1_100);
      server.execute("INSERT INTO orders VALUES (5, 'apple')");
      assertEquals("5 | apple | 2.0", next(live), "after the TTL the change is seen");

      // A write through Sluice is seen at once: its keys leave the cache.
      server.execute("INSERT INTO rates VALUES ('pear', 0.75)",
          "INSERT INTO orders VALUES (6, 'pear')");
      assertEquals("6 | pear | 0.75", next(live));
    }
  }

  private static String next(ResultSet rs) throws SQLException {
    assertTrue(rs.next());
    List<String> values = new ArrayList<>();
    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
      values.add(String.valueOf(rs.getObject(i)));
    }
    return String.join(" | ", values);
  }

  /** Waits up to 20 s for {@code sql} on the external database to give {@code expected}. */
  private static void awaitExternal(String url, String user, String sql, List<String> expected)
      throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    List<String> rows = null;
    while (System.nanoTime() < deadline) {
      try {
        rows = externalRows(url, user, sql);
        if (rows.equals(expected)) {
          return;
        }
      } catch (SQLException down) {
        rows = List.of("unreachable: " + down.getMessage());
      }
      Thread.sleep(50);
    }
    assertEquals(expected, rows);
  }

  /** The row of SHOW JOBS for {@code id}: ID | STATE | TARGET | ROWS_WRITTEN | ... */
  private static String job(String id) throws SQLException {
    return query("SHOW JOBS").stream().filter(r -> r.startsWith(id + " |")).findFirst()
        .orElse("no job " + id);
  }

  @Test
  void aJobKeepsAnH2TableUpToDateByKey() throws Exception {
    external(h2Url(), "sa", "DROP TABLE IF EXISTS totals",
        "CREATE TABLE totals (item VARCHAR(20) PRIMARY KEY, revenue DOUBLE PRECISION)");
    server.execute("CREATE STREAM sales (item VARCHAR, amount DOUBLE)",
        "CREATE TABLE h2_totals (item VARCHAR PRIMARY KEY, revenue DOUBLE)"
            + withOptions(h2Url(), "sa", "totals", ""),
        "INSERT INTO sales VALUES ('apple', 1), ('pear', 2), ('apple', 3)");
    String id = query("INSERT INTO h2_totals SELECT STREAM item, SUM(amount) FROM sales"
        + " GROUP BY item").get(0);
    assertTrue(id.matches("j\\d+"), id);
    awaitExternal(h2Url(), "sa", "SELECT item, revenue FROM totals ORDER BY item",
        List.of("apple | 4.0", "pear | 2.0"));
    server.execute("INSERT INTO sales VALUES ('pear', 5), ('plum', 1)");
    awaitExternal(h2Url(), "sa", "SELECT item, revenue FROM totals ORDER BY item",
        List.of("apple | 4.0", "pear | 7.0", "plum | 1.0"));
    assertTrue(job(id).startsWith(id + " | RUNNING | H2_TOTALS"), job(id));
    server.execute("STOP JOB " + id);
    assertEquals("no job " + id, job(id));
  }

  @Test
  void aJobIntoPostgresWaitsOutAnOutageAndResumesWhereItStopped() throws Exception {
    external(pg.url(), "postgres", "DROP TABLE IF EXISTS counts",
        "CREATE TABLE counts (item VARCHAR(20) PRIMARY KEY, n BIGINT)");
    server.execute("CREATE STREAM clicks (item VARCHAR)",
        "CREATE TABLE pg_counts (item VARCHAR PRIMARY KEY, n BIGINT)"
            + withOptions(pg.url(), "postgres", "counts", ", 'sink.retry.budget' = '2 min'"),
        "INSERT INTO clicks VALUES ('a'), ('b'), ('a')");
    String id = query("INSERT INTO pg_counts SELECT STREAM item, COUNT(*) FROM clicks"
        + " GROUP BY item").get(0);
    awaitExternal(pg.url(), "postgres", "SELECT item, n FROM counts ORDER BY item",
        List.of("a | 2", "b | 1"));

    pg.stop();
    server.execute("INSERT INTO clicks VALUES ('b'), ('c')");
    // The job goes on computing while its database is down: the writes wait in its outbox.
    Thread.sleep(500);
    assertTrue(job(id).contains("| RUNNING |"), job(id));
    server.restart(); // and a restart of Sluice while they wait loses none of them
    server.execute("INSERT INTO clicks VALUES ('c')");
    pg.restart();
    awaitExternal(pg.url(), "postgres", "SELECT item, n FROM counts ORDER BY item",
        List.of("a | 2", "b | 2", "c | 2"));
    server.execute("STOP JOB " + id);
  }

  @Test
  void aJobWhoseDatabaseStaysDownLongerThanItsBudgetFails() throws Exception {
    external(pg.url(), "postgres", "DROP TABLE IF EXISTS gone",
        "CREATE TABLE gone (item VARCHAR(20) PRIMARY KEY, n BIGINT)");
    server.execute("CREATE STREAM taps (item VARCHAR)",
        "CREATE TABLE pg_gone (item VARCHAR PRIMARY KEY, n BIGINT)"
            + withOptions(pg.url(), "postgres", "gone", ", 'sink.retry.budget' = '1 s'"));
    String id = query("INSERT INTO pg_gone SELECT STREAM item, COUNT(*) FROM taps"
        + " GROUP BY item").get(0);
    pg.stop();
    try {
      server.execute("INSERT INTO taps VALUES ('x')");
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (!job(id).contains("| FAILED |") && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      String row = job(id);
      assertTrue(row.contains("| FAILED |") && row.contains("Cannot reach the database"), row);
      // Other work goes on.
      assertEquals(List.of("1"), query("SELECT COUNT(*) FROM taps"));
    } finally {
      pg.restart();
    }
    server.execute("STOP JOB " + id);
  }

  @Test
  void createFailsClearlyWhenTheExternalTableCannotBeUsed() throws Exception {
    external(h2Url(), "sa", "DROP TABLE IF EXISTS narrow",
        "CREATE TABLE narrow (item VARCHAR(20) PRIMARY KEY)");
    SQLException missingColumn = assertThrows(SQLException.class, () -> server.execute(
        "CREATE TABLE narrow (item VARCHAR PRIMARY KEY, price DOUBLE)"
            + withOptions(h2Url(), "sa", "narrow", "")));
    assertEquals("42S22", missingColumn.getSQLState());
    assertTrue(missingColumn.getMessage().contains("has no column PRICE"),
        missingColumn.getMessage());

    long start = System.nanoTime();
    SQLException down = assertThrows(SQLException.class, () -> server.execute(
        "CREATE TABLE gone (item VARCHAR PRIMARY KEY)"
            + withOptions("jdbc:postgresql://127.0.0.1:1/db", "postgres", "gone", "")));
    assertEquals("08006", down.getSQLState());
    assertTrue(down.getMessage().contains("Cannot reach the database"
        + " jdbc:postgresql://127.0.0.1:1/db"), down.getMessage());
    assertTrue(System.nanoTime() - start < 10_000_000_000L, "no hang");
    String fromServer = down.getMessage().substring(down.getMessage().indexOf("Cannot reach"));
    assertFalse(fromServer.contains(PASSWORD), "the client's message quotes its SQL; the"
        + " server's part names no password: " + fromServer);
    assertEquals(List.of(), query("SHOW TABLES").stream()
        .filter(t -> t.startsWith("GONE") || t.startsWith("NARROW")).toList());
  }
}
