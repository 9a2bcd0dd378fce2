package io.sluice.testing.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.runtime.driver.LiveQuery;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Live queries through the Sluice driver: delivery, limits, and every way a query ends. */
class LiveQueryTest {
  private RunningServer server;

  @BeforeEach
  void start() throws Exception {
    server = RunningServer.start();
    server.execute("CREATE STREAM orders (id BIGINT, amount DOUBLE)");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void firstFrameReturnsBeforeAnyRowAndRowsFollowInInsertionOrder() throws Exception {
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SELECT STREAM id FROM orders WHERE amount > 10");
      assertEquals(1, server.runningQueries(), "the query runs before any row exists");
      for (int i = 1; i <= 20; i++) {
        server.execute("INSERT INTO orders VALUES (" + i + ", " + (i % 2 == 0 ? 50 : 5) + ")");
      }
      for (int i = 2; i <= 20; i += 2) {
        assertTrue(rs.next());
        assertEquals(i, rs.getLong(1));
      }
    }
  }

  @Test
  void maxRowsEndsTheResult() throws Exception {
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      s.setMaxRows(3);
      ResultSet rs = s.executeQuery("SELECT STREAM id FROM orders");
      server.execute("INSERT INTO orders VALUES (1, 1), (2, 2), (3, 3), (4, 4)");
      List<Long> ids = new ArrayList<>();
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
      assertEquals(List.of(1L, 2L, 3L), ids);
      assertTrue(server.awaitNoQueries(1000));
    }
  }

  @Test
  void cancelFromAnotherThreadStopsTheQueryOnTheServer() throws Exception {
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SELECT STREAM id FROM orders");
      ExecutorService reader = Executors.newSingleThreadExecutor();
      Future<Boolean> next = reader.submit(rs::next);
      Thread.sleep(100);
      s.cancel();
      assertTrue(server.awaitNoQueries(1000), "cancel stops the server-side query within 1 s");
      try {
        assertFalse(next.get(5, TimeUnit.SECONDS));
      } catch (java.util.concurrent.ExecutionException e) {
        assertTrue(e.getCause() instanceof java.sql.SQLException, e.toString());
      }
      reader.shutdownNow();
    }
  }

  @Test
  void closingTheStatementOrConnectionStopsTheQuery() throws Exception {
    Connection c = server.connect();
    Statement s = c.createStatement();
    s.executeQuery("SELECT STREAM id FROM orders");
    assertEquals(1, server.runningQueries());
    s.close();
    assertTrue(server.awaitNoQueries(1000), "closeStatement stops the query");

    Connection c2 = server.connect();
    c2.createStatement().executeQuery("SELECT STREAM id FROM orders");
    c2.createStatement().executeQuery("SELECT STREAM amount FROM orders");
    c2.close();
    assertTrue(server.awaitNoQueries(1000), "closeConnection stops its queries");
    c.close();
  }

  @Test
  void anAbandonedStatementIsReaped() throws Exception {
    try (RunningServer shortIdle = RunningServer.start(Duration.ofMillis(500))) {
      shortIdle.execute("CREATE STREAM orders (id BIGINT, amount DOUBLE)");
      Connection c = shortIdle.connect();
      c.createStatement().executeQuery("SELECT STREAM id FROM orders");
      LiveQuery q = shortIdle.server.engine().queries().list().get(0);
      assertTrue(shortIdle.awaitNoQueries(5000), "a query nobody fetches from is stopped");
      assertEquals(LiveQuery.State.CANCELLED, q.state());
      assertEquals(0, ((io.sluice.planner.catalog.StreamDef) shortIdle.server.engine().catalog()
          .find("ORDERS").orElseThrow()).log().subscriberCount());
      c.close();
    }
  }

  @Test
  void manyLiveQueriesRunAtOnce() throws Exception {
    int n = 16;
    List<Connection> connections = new ArrayList<>();
    List<ResultSet> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Connection c = server.connect();
      connections.add(c);
      results.add(c.createStatement().executeQuery("SELECT STREAM id FROM orders WHERE id >= "
          + i));
    }
    assertEquals(n, server.runningQueries());
    server.execute("INSERT INTO orders VALUES (100, 1), (101, 1)");
    for (ResultSet rs : results) {
      assertTrue(rs.next());
      assertEquals(100, rs.getLong(1));
      assertTrue(rs.next());
      assertEquals(101, rs.getLong(1));
    }
    for (Connection c : connections) {
      c.close();
    }
    assertTrue(server.awaitNoQueries(2000));
  }

  @Test
  void aBadStatementDoesNotDisturbALiveQuery() throws Exception {
    try (Connection c = server.connect(); Statement s = c.createStatement();
        Connection other = server.connect(); Statement o = other.createStatement()) {
      ResultSet rs = s.executeQuery("SELECT STREAM id FROM orders");
      for (String bad : List.of("SELEC 1", "SELECT * FROM nope", "INSERT INTO orders VALUES ('x', 1)",
          "CREATE STREAM orders (x INT)")) {
        try {
          o.execute(bad);
        } catch (java.sql.SQLException expected) {
          assertTrue(expected.getSQLState() != null && !expected.getSQLState().startsWith("XX"),
              bad + " -> " + expected.getSQLState());
        }
      }
      o.execute("INSERT INTO orders VALUES (7, 1)");
      assertTrue(rs.next());
      assertEquals(7, rs.getLong(1));
    }
  }
}
