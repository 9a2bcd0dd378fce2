package io.sluice.testing.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replays what DBeaver asks on connect, when browsing, and on a data tab (STACK.md lists the
 * calls), with the Sluice driver and with the stock Avatica driver DBeaver ships.
 */
class DbeaverSequenceTest {
  private static RunningServer server;
  private static URLClassLoader stockLoader;

  @BeforeAll
  static void start() throws Exception {
    server = RunningServer.start();
    server.execute(
        "CREATE STREAM orders (id BIGINT NOT NULL, item VARCHAR(20), amount DECIMAL(10, 2),"
            + " ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)",
        "CREATE STREAM my_stream (x INT)",
        "CREATE STREAM myxstream (x INT)",
        "CREATE TABLE rates (currency VARCHAR PRIMARY KEY, rate DOUBLE)",
        "INSERT INTO orders VALUES (1, 'apple', 1.50, TIMESTAMP '2026-01-01 10:00:00')",
        "INSERT INTO rates VALUES ('EUR', 1.1)",
        "CREATE VIEW big_orders AS SELECT id, item FROM orders WHERE amount > 1",
        "CREATE MATERIALIZED VIEW per_item AS SELECT item, COUNT(*) AS n FROM orders"
            + " GROUP BY item",
        "CREATE TABLE item_counts (item VARCHAR PRIMARY KEY, n BIGINT)",
        "INSERT INTO item_counts SELECT STREAM item, COUNT(*) FROM orders GROUP BY item");
    stockLoader = StockAvaticaDriverTest.stockClientLoader();
  }

  @AfterAll
  static void stop() throws Exception {
    stockLoader.close();
    server.close();
  }

  @Test
  void sluiceDriver() throws Exception {
    try (Connection c = server.connect()) {
      replay(c);
      DatabaseMetaData md = c.getMetaData();
      assertEquals("Sluice", md.getDatabaseProductName());
      assertTrue(md.getDriverName().contains("Sluice"), md.getDriverName());
    }
  }

  @Test
  void stockAvaticaDriver() throws Exception {
    try (Connection c = StockAvaticaDriverTest.connectStock(stockLoader, server)) {
      replay(c);
    }
  }

  private static List<Map<String, Object>> rows(ResultSet rs) throws Exception {
    List<Map<String, Object>> out = new ArrayList<>();
    try (rs) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= n; i++) {
          row.put(rs.getMetaData().getColumnLabel(i).toUpperCase(), rs.getObject(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  private static void replay(Connection c) throws Exception {
    DatabaseMetaData md = c.getMetaData();
    // Connect. (The stock client answers product name and version itself, as "Avatica".)
    assertFalse(md.getDatabaseProductName().isEmpty());
    assertNotNull(md.getDatabaseProductVersion());
    assertNotNull(md.getDriverName());
    md.getDriverVersion();
    md.getDatabaseMajorVersion();
    md.getDatabaseMinorVersion();
    md.getCatalogTerm();
    md.getSchemaTerm();
    md.getProcedureTerm();
    md.supportsTransactions();
    md.isReadOnly();
    assertTrue(md.getSQLKeywords().contains("STREAM"));
    assertFalse(md.getNumericFunctions().isEmpty());
    assertFalse(md.getStringFunctions().isEmpty());
    assertFalse(md.getSystemFunctions().isEmpty());
    assertFalse(md.getTimeDateFunctions().isEmpty());
    assertEquals("\"", md.getIdentifierQuoteString());
    md.getSearchStringEscape();
    md.getExtraNameCharacters();
    md.getCatalogSeparator();
    md.isCatalogAtStart();
    md.getSQLStateType();
    md.storesUpperCaseIdentifiers();
    md.storesLowerCaseIdentifiers();
    md.storesMixedCaseIdentifiers();
    md.storesUpperCaseQuotedIdentifiers();
    md.supportsMixedCaseIdentifiers();
    md.supportsMixedCaseQuotedIdentifiers();
    md.supportsCatalogsInTableDefinitions();
    md.supportsSchemasInTableDefinitions();
    md.supportsSubqueriesInComparisons();
    c.setAutoCommit(true);
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    c.setTransactionIsolation(Connection.TRANSACTION_NONE);
    c.setReadOnly(false);

    List<Map<String, Object>> types = rows(md.getTypeInfo());
    assertTrue(types.stream().anyMatch(t -> "TIMESTAMP".equals(t.get("TYPE_NAME"))
        && ((Number) t.get("DATA_TYPE")).intValue() == Types.TIMESTAMP), types.toString());
    rows(md.getCatalogs());
    List<Map<String, Object>> schemas = rows(md.getSchemas());
    assertTrue(schemas.stream().anyMatch(s -> "PUBLIC".equals(s.get("TABLE_SCHEM"))));

    // Browse.
    List<Object> tableTypes = rows(md.getTableTypes()).stream().map(r -> r.get("TABLE_TYPE"))
        .toList();
    assertTrue(tableTypes.contains("STREAM") && tableTypes.contains("TABLE"), tableTypes.toString());
    Map<Object, Object> kinds = new HashMap<>();
    for (Map<String, Object> t : rows(md.getTables(null, "PUBLIC", "%", null))) {
      kinds.put(t.get("TABLE_NAME"), t.get("TABLE_TYPE"));
    }
    assertEquals("STREAM", kinds.get("ORDERS"));
    assertEquals("TABLE", kinds.get("RATES"));
    assertEquals("VIEW", kinds.get("BIG_ORDERS"));
    assertEquals("MATERIALIZED VIEW", kinds.get("PER_ITEM"));
    assertTrue(tableTypes.contains("VIEW") && tableTypes.contains("MATERIALIZED VIEW"),
        tableTypes.toString());
    assertEquals(List.of("PER_ITEM"), rows(md.getTables(null, "PUBLIC", "%",
        new String[] {"MATERIALIZED VIEW"})).stream().map(t -> t.get("TABLE_NAME")).toList());
    List<Map<String, Object>> viewColumns = rows(md.getColumns(null, "PUBLIC", "PER_ITEM", "%"));
    assertEquals(List.of("ITEM", "N"), viewColumns.stream().map(r -> r.get("COLUMN_NAME"))
        .toList());
    assertEquals(Types.BIGINT, ((Number) viewColumns.get(1).get("DATA_TYPE")).intValue());
    List<Map<String, Object>> escaped = rows(md.getTables(null, "PUBLIC", "MY\\_STREAM", null));
    assertEquals(1, escaped.size(), "an escaped _ matches only itself");
    assertEquals(2, rows(md.getTables(null, "PUBLIC", "%", new String[] {"TABLE"})).size());

    List<Map<String, Object>> columns = rows(md.getColumns(null, "PUBLIC", "ORDERS", "%"));
    assertEquals(4, columns.size());
    Map<String, Object> id = columns.get(0);
    assertEquals("ID", id.get("COLUMN_NAME"));
    assertEquals(Types.BIGINT, ((Number) id.get("DATA_TYPE")).intValue());
    assertEquals(DatabaseMetaData.columnNoNulls, ((Number) id.get("NULLABLE")).intValue());
    assertEquals("NO", id.get("IS_NULLABLE"));
    Map<String, Object> item = columns.get(1);
    assertEquals(Types.VARCHAR, ((Number) item.get("DATA_TYPE")).intValue());
    assertEquals(20, ((Number) item.get("COLUMN_SIZE")).intValue());
    assertEquals(DatabaseMetaData.columnNullable, ((Number) item.get("NULLABLE")).intValue());
    Map<String, Object> amount = columns.get(2);
    assertEquals(Types.DECIMAL, ((Number) amount.get("DATA_TYPE")).intValue());
    assertEquals(2, ((Number) amount.get("DECIMAL_DIGITS")).intValue());
    assertEquals(Types.TIMESTAMP, ((Number) columns.get(3).get("DATA_TYPE")).intValue());

    // Avatica has no request for keys or indexes: the stock client answers these itself,
    // empty; the Sluice driver reads primary keys from the catalog (MetadataAndCancelTest).
    rows(md.getPrimaryKeys(null, "PUBLIC", "RATES"));
    rows(md.getImportedKeys(null, "PUBLIC", "RATES"));
    rows(md.getIndexInfo(null, "PUBLIC", "RATES", false, true));
    assertTrue(c.isValid(5));
    assertEquals(0, rows(md.getTables(null, "PUBLIC", "DBEAVER_PING_NO_SUCH_TABLE", null)).size());

    // Data tab: a bounded read of what the stream retains, ended by the row limit.
    for (int limit : new int[] {200, 400}) {
      try (Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY,
          ResultSet.CONCUR_READ_ONLY)) {
        s.setMaxRows(limit);
        assertTrue(s.execute("SELECT * FROM PUBLIC.ORDERS"));
        List<Map<String, Object>> data = rows(s.getResultSet());
        assertEquals(1, data.size());
        assertEquals("apple", data.get(0).get("ITEM"));
      }
    }
    // A view's data tab shows its snapshot; the job DBeaver's SQL editor started is listed.
    try (Statement s = c.createStatement()) {
      s.setMaxRows(200);
      assertTrue(s.execute("SELECT * FROM PUBLIC.PER_ITEM"));
      List<Map<String, Object>> data = rows(s.getResultSet());
      assertEquals(1, data.size());
      assertEquals(1L, ((Number) data.get(0).get("N")).longValue());
      assertTrue(s.execute("SELECT * FROM PUBLIC.BIG_ORDERS"));
      assertEquals(1, rows(s.getResultSet()).size());
      assertTrue(s.execute("SHOW JOBS"));
      List<Map<String, Object>> jobs = rows(s.getResultSet());
      assertEquals(1, jobs.size());
      assertEquals("ITEM_COUNTS", jobs.get(0).get("TARGET"));
    }
  }
}
