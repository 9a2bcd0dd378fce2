package io.sluice.testing.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Database metadata as a navigator uses it (result sets left open), primary keys, and the ways
 * a long batch query is stopped: a query timeout and a cancel from another thread.
 */
class MetadataAndCancelTest {
  /** Cross-joined three ways, 10^9 combinations: far longer than any timeout here. */
  private static final String LONG_QUERY =
      "SELECT COUNT(*) FROM big a, big b, big c WHERE a.x + b.x + c.x >= 0";

  private static RunningServer server;
  private static URLClassLoader stockLoader;

  @BeforeAll
  static void start() throws Exception {
    server = RunningServer.start();
    server.execute(
        "CREATE TABLE rates (currency VARCHAR, valid_from DATE, rate DOUBLE,"
            + " PRIMARY KEY (valid_from, currency))",
        "CREATE TABLE plain (id INT PRIMARY KEY, v INT)",
        "CREATE STREAM digits (d BIGINT)",
        "INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)",
        "CREATE STREAM big (x BIGINT)",
        "INSERT INTO big SELECT a.d * 100 + b.d * 10 + c.d FROM digits a, digits b, digits c");
    stockLoader = StockAvaticaDriverTest.stockClientLoader();
  }

  @AfterAll
  static void stop() throws Exception {
    stockLoader.close();
    server.close();
  }

  @Test
  void metadataResultsKeptOpenStayReadableWithTheSluiceDriver() throws Exception {
    try (Connection c = server.connect()) {
      readAllKeptOpen(c.getMetaData());
    }
  }

  @Test
  void metadataResultsKeptOpenStayReadableWithTheStockDriver() throws Exception {
    try (Connection c = StockAvaticaDriverTest.connectStock(stockLoader, server)) {
      readAllKeptOpen(c.getMetaData());
    }
  }

  /** Nine metadata calls, each result left open while the next is made, then all read. */
  private static void readAllKeptOpen(DatabaseMetaData md) throws SQLException {
    List<ResultSet> open = new ArrayList<>();
    open.add(md.getTables(null, "PUBLIC", "%", null));
    open.add(md.getColumns(null, "PUBLIC", "RATES", "%"));
    open.add(md.getSchemas());
    open.add(md.getCatalogs());
    open.add(md.getTableTypes());
    open.add(md.getTypeInfo());
    open.add(md.getPrimaryKeys(null, "PUBLIC", "RATES"));
    open.add(md.getImportedKeys(null, "PUBLIC", "RATES"));
    open.add(md.getIndexInfo(null, "PUBLIC", "RATES", false, true));
    List<Integer> rows = new ArrayList<>();
    for (ResultSet rs : open) {
      assertFalse(rs.isClosed());
      int n = 0;
      while (rs.next()) {
        n++;
      }
      rows.add(n);
    }
    for (ResultSet rs : open) {
      rs.close();
    }
    assertTrue(rows.get(0) >= 4, "tables: " + rows);
    assertEquals(3, rows.get(1), "columns of RATES: " + rows);
    assertEquals(1, rows.get(2), "schemas: " + rows);
  }

  @Test
  void primaryKeysComeFromTheCatalogWithTheSluiceDriver() throws Exception {
    try (Connection c = server.connect();
        ResultSet keys = c.getMetaData().getPrimaryKeys(null, "PUBLIC", "RATES")) {
      // Ordered by column name, as JDBC asks; KEY_SEQ is the column's place in the key.
      assertTrue(keys.next());
      assertEquals("RATES", keys.getString("TABLE_NAME"));
      assertEquals("PUBLIC", keys.getString("TABLE_SCHEM"));
      assertEquals("CURRENCY", keys.getString("COLUMN_NAME"));
      assertEquals(2, keys.getShort("KEY_SEQ"));
      assertTrue(keys.next());
      assertEquals("VALID_FROM", keys.getString("COLUMN_NAME"));
      assertEquals(1, keys.getShort("KEY_SEQ"));
      assertFalse(keys.next());
    }
    try (Connection c = server.connect();
        ResultSet keys = c.getMetaData().getPrimaryKeys(null, null, "PLAIN")) {
      assertTrue(keys.next());
      assertEquals("ID", keys.getString("COLUMN_NAME"));
      assertFalse(keys.next());
    }
    try (Connection c = server.connect();
        ResultSet keys = c.getMetaData().getPrimaryKeys(null, "PUBLIC", "BIG")) {
      assertFalse(keys.next(), "a stream has no primary key");
    }
  }

  @Test
  void theStockDriverAnswersPrimaryKeysItselfWithNone() throws Exception {
    try (Connection c = StockAvaticaDriverTest.connectStock(stockLoader, server);
        ResultSet keys = c.getMetaData().getPrimaryKeys(null, "PUBLIC", "RATES")) {
      assertFalse(keys.next(), "Avatica's protocol has no request for keys (see README.md)");
    }
  }

  @Test
  void aBatchQueryPastItsTimeoutStopsWith57014() throws Exception {
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      s.setQueryTimeout(1);
      long start = System.nanoTime();
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(LONG_QUERY));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertEquals("57014", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("timed out after 1 s"), e.getMessage());
      assertTrue(millis < 10_000, "stopped after " + millis + " ms");
      s.setQueryTimeout(0);
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM big")) {
        assertTrue(rs.next(), "the statement runs again");
        assertEquals(1000, rs.getLong(1));
      }
    }
  }

  @Test
  void cancellingALongBatchQueryStopsItWith57014() throws Exception {
    ExecutorService client = Executors.newSingleThreadExecutor();
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      Future<ResultSet> running = client.submit(() -> s.executeQuery(LONG_QUERY));
      Thread.sleep(500);
      long start = System.nanoTime();
      s.cancel();
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> running.get(10, TimeUnit.SECONDS));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(e.getCause() instanceof SQLException, e.getCause().toString());
      assertEquals("57014", ((SQLException) e.getCause()).getSQLState(),
          e.getCause().getMessage());
      assertTrue(millis < 5_000, "stopped " + millis + " ms after the cancel");
    } finally {
      client.shutdownNow();
    }
  }
}
