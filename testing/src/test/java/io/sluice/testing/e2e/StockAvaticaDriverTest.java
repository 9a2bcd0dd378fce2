package io.sluice.testing.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stock shaded Avatica client, as DBeaver loads it, in its own class loader (nothing of
 * Sluice on its path), against a started server.
 */
class StockAvaticaDriverTest {
  private RunningServer server;
  private URLClassLoader loader;
  private Connection connection;

  static URLClassLoader stockClientLoader() throws Exception {
    Path clients = Path.of("target", "clients");
    return new URLClassLoader(new URL[] {
        clients.resolve("avatica.jar").toUri().toURL(),
        clients.resolve("slf4j-api.jar").toUri().toURL()}, ClassLoader.getPlatformClassLoader());
  }

  static Connection connectStock(URLClassLoader loader, RunningServer server) throws Exception {
    return connectStock(loader, server.avaticaUrl());
  }

  static Connection connectStock(URLClassLoader loader, String url) throws Exception {
    Driver driver = (Driver) loader.loadClass("org.apache.calcite.avatica.remote.Driver")
        .getDeclaredConstructor().newInstance();
    Connection c = driver.connect(url, new Properties());
    if (c == null) {
      throw new IllegalStateException("the stock driver refused " + url);
    }
    return c;
  }

  @BeforeEach
  void start() throws Exception {
    server = RunningServer.start();
    loader = stockClientLoader();
    connection = connectStock(loader, server);
  }

  @AfterEach
  void stop() throws Exception {
    connection.close();
    loader.close();
    server.close();
  }

  @Test
  void ddlBatchAndLiveQueriesWork() throws Exception {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE STREAM orders (id BIGINT, item VARCHAR, amount DOUBLE, ts TIMESTAMP(3),"
          + " WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)");
      Statement live = connection.createStatement();
      // The stock client's executeQuery returns only once the first row has arrived (its
      // iterator fetches in its constructor), so the query runs on its own thread.
      ExecutorService client = Executors.newSingleThreadExecutor();
      Future<ResultSet> started = client.submit(() -> live.executeQuery(
          "SELECT STREAM id, amount * 2 AS doubled, ts FROM orders WHERE amount > 10"));
      long deadline = System.currentTimeMillis() + 10_000;
      while (server.runningQueries() == 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      s.execute("INSERT INTO orders VALUES (1, 'apple', 50, TIMESTAMP '2026-01-01 10:00:00'),"
          + " (2, 'pear', 5, TIMESTAMP '2026-01-01 10:00:01')");
      s.execute("INSERT INTO orders VALUES (3, 'fig', 11, TIMESTAMP '2026-01-01 10:00:02')");
      ResultSet rs = started.get(10, TimeUnit.SECONDS);
      client.shutdown();
      assertTrue(rs.next());
      assertEquals(1, rs.getLong("ID"));
      assertEquals(100.0, rs.getDouble("DOUBLED"));
      assertEquals("2026-01-01 10:00:00.0", rs.getTimestamp("TS").toString());
      // The stock client holds the last row of a frame back until the next frame arrives, so a
      // trickle of later rows keeps it moving, as a live stream does.
      ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
      java.util.concurrent.atomic.AtomicLong nextId = new java.util.concurrent.atomic.AtomicLong(100);
      trickle.scheduleAtFixedRate(() -> {
        try (Statement t = connection.createStatement()) {
          t.execute("INSERT INTO orders VALUES (" + nextId.getAndIncrement() + ", 'x', 99, NULL)");
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }, 100, 100, TimeUnit.MILLISECONDS);
      try {
        assertTrue(rs.next());
        assertEquals(3, rs.getLong(1));
        assertTrue(rs.next());
        assertEquals(100, rs.getLong(1));
      } finally {
        trickle.shutdownNow();
      }
      live.close();
      assertTrue(server.awaitNoQueries(1000));

      try (ResultSet batch = s.executeQuery(
          "SELECT item, SUM(amount) AS total FROM orders GROUP BY item ORDER BY item")) {
        assertTrue(batch.next());
        assertEquals("apple", batch.getString(1));
        assertEquals(50.0, batch.getDouble(2));
      }
    }
  }

  @Test
  void userErrorsCarrySqlStateAndNoStackTrace() throws Exception {
    try (Statement s = connection.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.execute("SELECT * FROM nope"));
      assertEquals("42S02", e.getSQLState());
      assertTrue(e.getMessage().contains("NOPE"), e.getMessage());
      assertTrue(!e.getMessage().contains("\tat "), "no stack trace: " + e.getMessage());
      SQLException syntax = assertThrows(SQLException.class, () -> s.execute("SELECT FROM"));
      assertEquals("42601", syntax.getSQLState());
      assertTrue(syntax.getMessage().contains("line 1, column"), syntax.getMessage());
    }
  }
}
