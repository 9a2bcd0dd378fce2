package io.sluice.testing.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A statement is all or nothing across a crash: a real server process is killed (SIGKILL) at
 * random moments while one client runs large INSERT ... SELECT and INSERT ... VALUES statements
 * back to back; after each restart, every statement's rows are all there or none, and every
 * statement that returned success is all there.
 */
class CrashAtomicityTest {
  private static final int KILLS = 10;
  /** Rows each INSERT ... SELECT copies: enough that MVStore would save part of it alone. */
  private static final int SOURCE_ROWS = 300_000;
  private static final int VALUES_ROWS = 40_000;

  @TempDir Path dir;

  private static String valuesInsert(String table, long tag, int rows) {
    StringBuilder sql = new StringBuilder(rows * 16 + 64).append("INSERT INTO ").append(table)
        .append(" VALUES ");
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "(" : ", (").append(i).append(", ").append(tag).append(')');
    }
    return sql.toString();
  }

  @Test
  void everyStatementIsAllThereOrNoneAfterKill9() throws Exception {
    Path data = dir.resolve("data");
    long seed = System.nanoTime();
    Random random = new Random(seed);
    ServerProcess server = ServerProcess.start(data);
    try {
      try (Connection c = DriverManager.getConnection(server.url());
          Statement s = c.createStatement()) {
        s.execute("CREATE STREAM src (id BIGINT, tag BIGINT) WITH ('retention.rows' = '10000000')");
        // One target for all rounds; it keeps the newest 2,000,000 rows, more than one round
        // writes, so a round's statements are never cut by retention.
        s.execute("CREATE STREAM dst (id BIGINT, tag BIGINT) WITH ('retention.rows' = '2000000')");
        for (int done = 0; done < SOURCE_ROWS; done += VALUES_ROWS) {
          int n = Math.min(VALUES_ROWS, SOURCE_ROWS - done);
          StringBuilder sql = new StringBuilder("INSERT INTO src VALUES ");
          for (int i = 0; i < n; i++) {
            sql.append(i == 0 ? "(" : ", (").append(done + i).append(", 0)");
          }
          s.executeUpdate(sql.toString());
        }
      }
      AtomicLong tags = new AtomicLong();
      int allThere = 0;
      int noneThere = 0;
      for (int round = 1; round <= KILLS; round++) {
        String table = "dst";
        long firstTag = tags.get() + 1;
        Map<Long, Integer> sizes = new ConcurrentHashMap<>();
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        String url = server.url();
        Thread writer = new Thread(() -> {
          try (Connection c = DriverManager.getConnection(url);
              Statement s = c.createStatement()) {
            while (true) {
              long tag = tags.incrementAndGet();
              boolean select = tag % 2 == 0;
              sizes.put(tag, select ? SOURCE_ROWS : VALUES_ROWS);
              s.executeUpdate(select
                  ? "INSERT INTO " + table + " SELECT id, " + tag + " FROM src"
                  : valuesInsert(table, tag, VALUES_ROWS));
              acknowledged.add(tag);
            }
          } catch (SQLException | RuntimeException e) {
            // The server was killed under the statement.
          }
        }, "writer-" + round);
        writer.start();
        Thread.sleep(300 + random.nextInt(2_500));
        server.kill();
        writer.join(60_000);
        server = ServerProcess.start(data);

        Map<Long, Long> found = new HashMap<>();
        try (Connection c = DriverManager.getConnection(server.url());
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT tag, COUNT(*) FROM " + table + " WHERE tag >= "
                + firstTag + " GROUP BY tag")) {
          while (rs.next()) {
            found.put(rs.getLong(1), rs.getLong(2));
          }
        }
        long sourceRows;
        try (Connection c = DriverManager.getConnection(server.url());
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM src")) {
          rs.next();
          sourceRows = rs.getLong(1);
        }
        String context = "round " + round + " (seed " + seed + "): statements " + sizes
            + ", acknowledged " + acknowledged + ", found " + found + ", source rows "
            + sourceRows;
        assertEquals(SOURCE_ROWS, sourceRows, "the source lost rows; " + context);
        for (Map.Entry<Long, Long> e : found.entrySet()) {
          assertEquals((long) sizes.get(e.getKey()), e.getValue(),
              "statement " + e.getKey() + " left part of its rows; " + context);
        }
        for (long tag : acknowledged) {
          assertTrue(found.containsKey(tag), "acknowledged statement " + tag + " is lost; "
              + context);
        }
        for (long tag : sizes.keySet()) {
          if (!acknowledged.contains(tag)) {
            if (found.containsKey(tag)) {
              allThere++;
            } else {
              noneThere++;
            }
          }
        }
      }
      System.out.printf("%d kills: unacknowledged statements all there %d, none there %d%n",
          KILLS, allThere, noneThere);
    } finally {
      server.kill();
    }
  }

  /**
   * What returned success stays, however often the server is killed: each round starts the
   * server, creates a stream and inserts a row, kills it, starts it again, checks every stream
   * and row so far, and kills it again. Before, the stores wrote commits into free space in
   * their files, and after some kills recovery took an older commit for the newest one: by hand,
   * the seventh CREATE, and from the ninth round on every INSERT, were lost.
   */
  @Test
  void everythingAcknowledgedSurvivesRepeatedKills() throws Exception {
    Path data = dir.resolve("acknowledged");
    int rounds = 12;
    ServerProcess server = ServerProcess.start(data);
    try {
      try (Connection c = DriverManager.getConnection(server.url());
          Statement s = c.createStatement()) {
        s.execute("CREATE STREAM kept (x BIGINT)");
      }
      for (int round = 1; round <= rounds; round++) {
        server.kill();
        server = ServerProcess.start(data);
        try (Connection c = DriverManager.getConnection(server.url());
            Statement s = c.createStatement()) {
          s.execute("CREATE STREAM made" + round + " (x BIGINT)");
          s.executeUpdate("INSERT INTO kept VALUES (" + round + ")");
        }
        server.kill();
        server = ServerProcess.start(data);
        try (Connection c = DriverManager.getConnection(server.url());
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(x) FROM kept")) {
          assertTrue(rs.next());
          assertEquals(round, rs.getLong(1), "rows acknowledged before kill " + round);
          assertEquals((long) round * (round + 1) / 2, rs.getLong(2));
          for (int made = 1; made <= round; made++) {
            s.executeQuery("SELECT COUNT(*) FROM made" + made).close();
          }
        }
      }
    } finally {
      server.kill();
    }
  }
}
