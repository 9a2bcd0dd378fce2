package io.sluice.testing.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.server.engine.EngineConfig;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Large statements through the Sluice driver: 100,000 literal rows in one INSERT, a JDBC batch
 * of 10,000 prepared rows, a 50,000-value IN list; each INSERT commits all or nothing, within
 * seconds. Past the limits of conf/sluice.properties, a 54000 error that names the limit.
 */
class LargeStatementTest {
  private static final long SECONDS = 20;
  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    server = RunningServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static String literalRows(int from, int to, String badLast) {
    StringBuilder sql = new StringBuilder();
    for (int i = from; i < to; i++) {
      sql.append(i == from ? "(" : ", (").append(i).append(", 'row ").append(i).append("', ")
          .append(i).append(".5, TIMESTAMP '2026-01-01 10:00:00')");
    }
    if (badLast != null) {
      sql.append(", ").append(badLast);
    }
    return sql.toString();
  }

  private static long[] countAndSum(Statement s, String table) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(id) FROM " + table)) {
      assertTrue(rs.next());
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }

  @Test
  void hundredThousandLiteralRowsCommitAtomicallyWithinSeconds() throws Exception {
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE STREAM lit (id BIGINT NOT NULL, name VARCHAR(12), amount DOUBLE,"
          + " ts TIMESTAMP(3)) WITH ('retention.rows' = '1000000')");
      long start = System.nanoTime();
      assertEquals(100_000, s.executeUpdate("INSERT INTO lit VALUES "
          + literalRows(0, 100_000, null)));
      double seconds = (System.nanoTime() - start) / 1e9;
      assertTrue(seconds < SECONDS, "100,000 literal rows took " + seconds + " s");
      assertEquals(100_000L, countAndSum(s, "lit")[0]);
      assertEquals(99_999L * 100_000 / 2, countAndSum(s, "lit")[1]);
      try (ResultSet rs = s.executeQuery(
          "SELECT name, amount, ts FROM lit WHERE id = 77777")) {
        assertTrue(rs.next());
        assertEquals("row 77777", rs.getString(1));
        assertEquals(77777.5, rs.getDouble(2));
        assertEquals(Timestamp.valueOf("2026-01-01 10:00:00"), rs.getTimestamp(3));
      }

      // One bad row, the last of 100,001: nothing of the statement is kept.
      SQLException tooLong = assertThrows(SQLException.class, () -> s.executeUpdate(
          "INSERT INTO lit VALUES " + literalRows(100_000, 200_000,
              "(1, 'much too long a name', 1, NULL)")));
      assertEquals("22001", tooLong.getSQLState(), tooLong.getMessage());
      SQLException nullId = assertThrows(SQLException.class, () -> s.executeUpdate(
          "INSERT INTO lit VALUES " + literalRows(100_000, 200_000,
              "(CAST(NULL AS BIGINT), 'x', 1, NULL)")));
      assertEquals("23502", nullId.getSQLState(), nullId.getMessage());
      assertEquals(100_000L, countAndSum(s, "lit")[0]);
    }
  }

  @Test
  void executeBatchOfTenThousandPreparedRowsIsOneAtomicCommit() throws Exception {
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE STREAM batched (id BIGINT NOT NULL, name VARCHAR, ts TIMESTAMP(3))");
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO batched VALUES (?, ?, ?)")) {
        for (int i = 0; i < 10_000; i++) {
          insert.setLong(1, i);
          insert.setString(2, "n" + i);
          insert.setTimestamp(3, new Timestamp(1_767_225_600_000L + i));
          insert.addBatch();
        }
        long start = System.nanoTime();
        int[] counts = insert.executeBatch();
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < SECONDS, "a batch of 10,000 rows took " + seconds + " s");
        assertEquals(10_000, counts.length);
        assertTrue(Arrays.stream(counts).allMatch(n -> n == 1), Arrays.toString(counts));
        assertEquals(10_000L, countAndSum(s, "batched")[0]);

        // Row 7,000 of the next batch is bad: none of its 10,000 rows is kept.
        for (int i = 0; i < 10_000; i++) {
          if (i == 7_000) {
            insert.setNull(1, java.sql.Types.BIGINT);
          } else {
            insert.setLong(1, 10_000 + i);
          }
          insert.setString(2, "m" + i);
          insert.setTimestamp(3, null);
          insert.addBatch();
        }
        SQLException e = assertThrows(SQLException.class, insert::executeBatch);
        SQLException cause = e instanceof BatchUpdateException && e.getNextException() != null
            ? e.getNextException() : e;
        assertTrue(String.valueOf(e.getSQLState()).equals("23502")
            || String.valueOf(cause.getSQLState()).equals("23502"), e.toString());
        insert.clearBatch();
      }
      assertEquals(10_000L, countAndSum(s, "batched")[0]);
    }
  }

  @Test
  void anInListOfFiftyThousandValuesWorks() throws Exception {
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE ids (id BIGINT PRIMARY KEY, name VARCHAR)");
      s.executeUpdate("INSERT INTO ids VALUES " + literalRows(0, 1_000, null)
          .replaceAll(", [0-9]+\\.5, TIMESTAMP '[^']*'", ""));
      StringBuilder in = new StringBuilder();
      for (int i = 0; i < 50_000; i++) {
        in.append(i == 0 ? "" : ", ").append(i * 3L);
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(id) FROM ids WHERE id IN ("
          + in + ")")) {
        assertTrue(rs.next());
        assertEquals(334, rs.getLong(1)); // 0, 3, ..., 999
        assertEquals(3L * 333 * 334 / 2, rs.getLong(2));
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ids WHERE id NOT IN ("
          + in + ")")) {
        assertTrue(rs.next());
        assertEquals(666, rs.getLong(1));
      }
    }
  }

  @Test
  void computedValuesRowsPastTheirLimitAreA54000Error() throws Exception {
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE STREAM computed (id BIGINT, doubled BIGINT)");
      StringBuilder rows = new StringBuilder();
      for (int i = 0; i < 5_000; i++) {
        rows.append(i == 0 ? "(" : ", (").append(i).append(", ").append(i).append(" * 2)");
      }
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeUpdate("INSERT INTO computed VALUES " + rows));
      assertEquals("54000", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("literal"), e.getMessage());
      assertEquals(3, s.executeUpdate("INSERT INTO computed VALUES (1, 1 * 2), (2, 2 * 2),"
          + " (3, 3 * 2)"));
    }
  }

  @Test
  void statementsPastTheConfiguredLimitsAreA54000Error() throws Exception {
    try (RunningServer small = RunningServer.start(EngineConfig.inMemory().withLimits(
            new EngineConfig.Limits(10_000, 500)));
        Connection c = small.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE STREAM capped (id BIGINT)");
      StringBuilder big = new StringBuilder("INSERT INTO capped VALUES (0)");
      for (int i = 1; big.length() <= 10_000; i++) {
        big.append(", (").append(i).append(')');
      }
      SQLException chars = assertThrows(SQLException.class,
          () -> s.executeUpdate(big.toString()));
      assertEquals("54000", chars.getSQLState(), chars.getMessage());
      assertTrue(chars.getMessage().contains("limits.statement.chars"), chars.getMessage());

      StringBuilder rows = new StringBuilder("INSERT INTO capped VALUES (0)");
      for (int i = 1; i < 501; i++) {
        rows.append(", (").append(i).append(')');
      }
      SQLException many = assertThrows(SQLException.class,
          () -> s.executeUpdate(rows.toString()));
      assertEquals("54000", many.getSQLState(), many.getMessage());
      assertTrue(many.getMessage().contains("limits.statement.rows"), many.getMessage());
      assertEquals(500, s.executeUpdate(rows.toString().replace(", (500)", "")));

      SQLException copy = assertThrows(SQLException.class,
          () -> s.executeUpdate("INSERT INTO capped SELECT id FROM capped"
              + " UNION ALL SELECT id FROM capped"));
      assertEquals("54000", copy.getSQLState(), copy.getMessage());

      try (PreparedStatement insert = c.prepareStatement("INSERT INTO capped VALUES (?)")) {
        for (int i = 0; i < 501; i++) {
          insert.setLong(1, i);
          insert.addBatch();
        }
        SQLException batch = assertThrows(SQLException.class, insert::executeBatch);
        String state = batch.getSQLState() != null ? batch.getSQLState()
            : batch.getNextException().getSQLState();
        assertEquals("54000", state, batch.getMessage());
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM capped")) {
        assertTrue(rs.next());
        assertEquals(500, rs.getLong(1), "nothing of the refused statements was kept");
      }
    }
  }
}
