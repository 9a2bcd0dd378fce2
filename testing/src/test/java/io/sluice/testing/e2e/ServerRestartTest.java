package io.sluice.testing.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that stay open across a restart of the server (same port, same data directory): the
 * Sluice driver and the shell reconnect by themselves and get their session's settings back,
 * the stock Avatica driver does with {@code transparent_reconnection=true}, a live query cut by
 * the restart ends with an 08xxx error that says so, and {@code isValid()} tells the truth.
 */
class ServerRestartTest {
  private RunningServer server;

  @BeforeEach
  void start() throws Exception {
    server = RunningServer.start();
    server.execute("CREATE STREAM orders (id BIGINT, item VARCHAR, amount DOUBLE)",
        "INSERT INTO orders VALUES (1, 'apple', 50), (2, 'pear', 5)");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private static long count(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  @Test
  void sluiceDriverReconnectsRestoresSettingsAndEndsCutLiveQueries() throws Exception {
    try (Connection c = server.connect(); Statement s = c.createStatement();
        Statement live = c.createStatement();
        PreparedStatement insert = c.prepareStatement("INSERT INTO orders VALUES (?, 'fig', 1)")) {
      ResultSet liveRows = live.executeQuery("SELECT STREAM id FROM orders");
      s.execute("SET 'output.mode' = 'complete'");
      assertTrue(c.isValid(5));

      server.restart();

      assertTrue(c.isValid(5), "the server is back: the connection works again");
      assertEquals(2, count(s), "a plain statement runs on the re-opened connection");
      SQLException cut = assertThrows(SQLException.class, liveRows::next);
      assertTrue(cut.getSQLState().startsWith("08"), cut.getSQLState() + " " + cut.getMessage());
      assertTrue(cut.getMessage().contains("run the query again"), cut.getMessage());
      assertFalse(cut.getMessage().contains("\tat "), cut.getMessage());

      insert.setLong(1, 3);
      assertEquals(1, insert.executeUpdate(), "a prepared statement is prepared again");
      assertEquals(3, count(s));
      try (ResultSet rs = s.executeQuery(
          "SELECT STREAM item, COUNT(*) AS n FROM orders GROUP BY item")) {
        assertEquals("snapshot", rs.getMetaData().getColumnLabel(1).toLowerCase(),
            "SET 'output.mode' = 'complete' holds after the restart");
      }
      try (ResultSet tables = c.getMetaData().getTables(null, "PUBLIC", "ORDERS", null)) {
        assertTrue(tables.next());
      }

      server.stopServer();
      assertFalse(c.isValid(5), "no server: the connection is not valid");
      SQLException down = assertThrows(SQLException.class, () -> count(s));
      assertEquals("08006", down.getSQLState(), down.getMessage());
      assertTrue(down.getMessage().contains("Cannot reach the Sluice server"), down.getMessage());
      assertFalse(down.getMessage().contains("\tat "), down.getMessage());
      server.startAgain();
      assertTrue(c.isValid(5));
      assertEquals(3, count(s));
    }
  }

  @Test
  void stockDriverReconnectsWithTransparentReconnection() throws Exception {
    try (URLClassLoader loader = StockAvaticaDriverTest.stockClientLoader();
        Connection plain = StockAvaticaDriverTest.connectStock(loader, server.avaticaUrl());
        Connection reconnecting = StockAvaticaDriverTest.connectStock(loader,
            server.avaticaUrl() + ";transparent_reconnection=true")) {
      Statement p = plain.createStatement();
      Statement r = reconnecting.createStatement();
      assertEquals(2, count(p));
      assertEquals(2, count(r));

      server.restart();

      assertEquals(2, count(r), "the stock client re-opens its connection and retries");
      try (ResultSet schemas = reconnecting.getMetaData().getSchemas()) {
        assertTrue(schemas.next());
      }
      SQLException e = assertThrows(SQLException.class, () -> count(p));
      assertEquals("08003", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("transparent_reconnection=true"), e.getMessage());
      assertFalse(e.getMessage().contains("\tat "), e.getMessage());
    }
  }

  /** The shell, interactive, reading statements from a pipe as a person would type them. */
  @Test
  void shellReconnectsAndKeepsItsSettings() throws Exception {
    Path launcher = Path.of("..", "bin", "sluice").toAbsolutePath().normalize();
    ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "shell", "--port",
        Integer.toString(server.port()), "--outputformat=csv").redirectErrorStream(true);
    pb.environment().put("SLUICE_NO_BUILD", "1");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process shell = pb.start();
    StringBuffer out = new StringBuffer();
    Thread reader = new Thread(() -> copy(shell.getInputStream(), out));
    reader.start();
    try (OutputStream in = shell.getOutputStream()) {
      type(in, "SET 'output.mode' = 'complete';");
      type(in, "SELECT COUNT(*) AS before_restart FROM orders;");
      awaitOutput(out, "'2'");
      type(in, "SELECT STREAM item, COUNT(*) AS n FROM orders GROUP BY item;");
      awaitRunningQuery();

      server.restart();

      awaitOutput(out, "run the query again");
      type(in, "SELECT COUNT(*) AS after_restart FROM orders;");
      awaitOutput(out, "AFTER_RESTART");
      type(in, "!set rowLimit 1");
      type(in, "SELECT STREAM item, COUNT(*) AS n FROM orders GROUP BY item;");
      awaitRunningQuery();
      server.execute("INSERT INTO orders VALUES (3, 'fig', 1)");
      awaitOutput(out, "AFTER_RESTART", "'snapshot'");
      type(in, "!quit");
    }
    assertTrue(shell.waitFor(60, TimeUnit.SECONDS), out.toString());
    reader.join(5000);
    String text = out.toString();
    assertFalse(text.contains("Remote driver error"), text);
    assertFalse(text.contains("\tat "), text);
    assertTrue(text.indexOf("'2'", text.indexOf("AFTER_RESTART")) > 0, text);
  }

  private void awaitRunningQuery() throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (server.runningQueries() == 0) {
      assertTrue(System.nanoTime() < end, "the shell's live query never started");
      Thread.sleep(20);
    }
  }

  private static void type(OutputStream in, String line) throws IOException {
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  private static void copy(InputStream from, StringBuffer to) {
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = from.read(buffer)) > 0; ) {
        to.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      to.append("\n[reading the shell failed: ").append(e).append(']');
    }
  }

  private static void awaitOutput(StringBuffer out, String text) throws InterruptedException {
    awaitOutput(out, "", text);
  }

  /** Waits for {@code text} to appear in the output after {@code after}. */
  private static void awaitOutput(StringBuffer out, String after, String text)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!out.toString().substring(Math.max(0, out.toString().indexOf(after)))
        .contains(text) || !out.toString().contains(after)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("the shell never printed " + text + ":\n" + out);
      }
      Thread.sleep(20);
    }
  }
}
