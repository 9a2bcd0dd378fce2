package io.sluice.testing.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/sluice shell} (sqlline with the Sluice driver) run as a user runs it, against a
 * started server. Uses the jars the build made; SLUICE_NO_BUILD keeps the launcher from
 * building inside the build.
 */
class SqllineShellTest {
  @TempDir Path dir;
  private RunningServer server;

  @BeforeEach
  void start() throws Exception {
    server = RunningServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private record Result(int exit, String out) {}

  private Process startShell(String... args) throws Exception {
    Path launcher = Path.of("..", "bin", "sluice").toAbsolutePath().normalize();
    List<String> cmd = new ArrayList<>(List.of(launcher.toString(), "shell", "--port",
        Integer.toString(server.server.port())));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SLUICE_NO_BUILD", "1");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    p.getOutputStream().close();
    return p;
  }

  private Result shell(String... args) throws Exception {
    Process p = startShell(args);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    return new Result(p.exitValue(), out);
  }

  /** A shell still running (a live query): its output so far, read as it comes. */
  private static final class Running {
    final Process process;
    final StringBuffer out = new StringBuffer();
    final Thread reader;

    Running(Process process) {
      this.process = process;
      this.reader = new Thread(() -> {
        try (var in = new java.io.InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8)) {
          char[] buf = new char[4096];
          for (int n; (n = in.read(buf)) >= 0; ) {
            out.append(buf, 0, n);
          }
        } catch (java.io.IOException e) {
          // the process ended
        }
      });
      reader.start();
    }

    /** Waits until the output holds {@code text}; fails with the output after 30 s. */
    String await(String text) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!out.toString().contains(text)) {
        assertTrue(System.nanoTime() < end, "no '" + text + "' in:\n" + out);
        Thread.sleep(20);
      }
      return out.toString();
    }

    String finish() throws InterruptedException {
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), out.toString());
      reader.join(10_000);
      return out.toString();
    }
  }

  /** Every table row is as long as the nearest border line above it: the columns line up. */
  private static void assertAligned(String out) {
    String border = null;
    for (String line : out.lines().toList()) {
      if (line.startsWith("+")) {
        border = line;
      } else if (line.startsWith("|")) {
        assertTrue(border != null && line.length() == border.length()
            && line.endsWith("|"), "misaligned row '" + line + "' in:\n" + out);
      }
    }
    assertTrue(border != null, out);
  }

  private String liveQueryId() throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (server.server.engine().queries().list().isEmpty()) {
      assertTrue(System.nanoTime() < end, "no live query started");
      Thread.sleep(20);
    }
    return server.server.engine().queries().list().get(0).id();
  }

  @Test
  void runsAScriptWithFileOption() throws Exception {
    Path script = dir.resolve("session.sql");
    Files.writeString(script, String.join("\n",
        "CREATE STREAM orders (id BIGINT, item VARCHAR, amount DOUBLE, ts TIMESTAMP(3),",
        "  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND);",
        "INSERT INTO orders VALUES (1, 'apple', 50, TIMESTAMP '2026-01-01 10:00:00'),",
        "  (2, 'pear', 5, TIMESTAMP '2026-01-01 10:00:01');",
        "SELECT item, SUM(amount) AS total FROM orders GROUP BY item ORDER BY item;",
        "SHOW STREAMS;", ""));
    Result r = shell("-f", script.toString(), "--outputformat=csv");
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("'apple','50.0'"), r.out());
    assertTrue(r.out().contains("'pear','5.0'"), r.out());
    assertTrue(r.out().contains("'ORDERS','memory'"), r.out());
  }

  @Test
  void stopsAtTheFirstFailingStatementWithNonZeroExit() throws Exception {
    Path script = dir.resolve("bad.sql");
    Files.writeString(script, String.join("\n",
        "CREATE STREAM s (x BIGINT);",
        "SELECT * FROM nope;",
        "CREATE STREAM t (x BIGINT);", ""));
    Result r = shell("-f", script.toString());
    assertNotEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("42S02"), r.out());
    assertTrue(server.server.engine().catalog().find("S").isPresent());
    assertTrue(server.server.engine().catalog().find("T").isEmpty(), "stops at the failure");
  }

  @Test
  void runsOneStatementWithE() throws Exception {
    server.execute("CREATE STREAM s (x BIGINT)", "INSERT INTO s VALUES (41), (1)");
    Result r = shell("-e", "SELECT SUM(x) AS answer FROM s;", "--outputformat=csv");
    assertEquals(0, r.exit(), r.out());
    assertTrue(r.out().contains("'42'"), r.out());
  }

  @Test
  void alignsColumnsToTheWidestValueOfABatchResult() throws Exception {
    server.execute("CREATE STREAM orders (item VARCHAR, amount DOUBLE)",
        "INSERT INTO orders VALUES ('apple', 50), ('watermelon', 7)");
    Result r = shell("-e", "SELECT item, SUM(amount) FROM orders GROUP BY item ORDER BY item;");
    assertEquals(0, r.exit(), r.out());
    assertAligned(r.out());
    assertTrue(r.out().contains("| watermelon | 7.0    |"), r.out());
    assertTrue(r.out().contains("| apple      | 50.0   |"), r.out());
  }

  @Test
  void failingStatementShowsItsSqlstateAndMessageOnly() throws Exception {
    server.execute("CREATE STREAM orders (item VARCHAR, amount DOUBLE)");
    Result r = shell("-e", "SELECT item FROM orders; SELECT nope FROM orders;");
    assertEquals(2, r.exit(), r.out());
    assertTrue(r.out().contains("Error 42S22: Column 'NOPE' not found in any table;"), r.out());
    assertEquals(1, r.out().lines().filter(l -> l.contains("NOPE")).count(), r.out());
    assertTrue(!r.out().contains("\tat ") && !r.out().contains("Exception")
        && !r.out().contains("Remote driver error") && !r.out().contains("Aborting"), r.out());
  }

  @Test
  void verboseShowsTheStackTraceOfAFailingStatement() throws Exception {
    Result r = shell("-e", "SELECT * FROM nope;", "--verbose");
    assertEquals(2, r.exit(), r.out());
    assertTrue(r.out().contains("Error 42S02: "), r.out());
    assertTrue(r.out().contains("AvaticaSqlException") && r.out().contains("\tat "), r.out());
  }

  @Test
  void scriptPrintsNeitherItsStatementsNorAVersionLine() throws Exception {
    Path script = dir.resolve("quiet.sql");
    Files.writeString(script, "CREATE STREAM s (x BIGINT);\nINSERT INTO s VALUES (1);\n");
    Result r = shell("-f", script.toString());
    assertEquals(0, r.exit(), r.out());
    assertTrue(!r.out().contains("CREATE STREAM") && !r.out().contains("INSERT INTO"), r.out());
    assertTrue(!r.out().toLowerCase().contains("version"), r.out());
    assertTrue(r.out().contains("1 row affected"), r.out());
  }

  @Test
  void stopsAtTheFirstFailingStatementOfALine() throws Exception {
    Result r = shell("-e",
        "CREATE STREAM s (x BIGINT); SELECT * FROM nope; CREATE STREAM t (x BIGINT);");
    assertEquals(2, r.exit(), r.out());
    assertTrue(server.server.engine().catalog().find("S").isPresent());
    assertTrue(server.server.engine().catalog().find("T").isEmpty(), r.out());
  }

  @Test
  void liveQueryShowsItsHeaderBeforeItsFirstRow() throws Exception {
    server.execute("CREATE STREAM clicks (url VARCHAR, n BIGINT)");
    Running live = new Running(startShell("-e", "SELECT STREAM url, n FROM clicks;"));
    String before = live.await("|       URL        |          N           |\n"
        + "+------------------+----------------------+\n");
    assertTrue(before.contains("Live query: waiting for rows"), before);
    server.execute("INSERT INTO clicks VALUES ('/a', 1)");
    live.await("| /a               | 1                    |");
    server.server.engine().queries().stop(liveQueryId());
    live.finish();
  }

  @Test
  void liveQueryStoppedElsewhereEndsWithANoticeAndStaysAligned() throws Exception {
    server.execute("CREATE STREAM clicks (url VARCHAR, n BIGINT)");
    Running live = new Running(startShell("-e", "SELECT STREAM url, n FROM clicks;"));
    live.await("|       URL        |");
    server.execute("INSERT INTO clicks VALUES ('/a', 1)",
        "INSERT INTO clicks VALUES ('/a/page/wider/than/sixteen', 2)",
        "INSERT INTO clicks VALUES ('/b', 3)");
    live.await("| /b ");
    server.execute("STOP QUERY " + liveQueryId());
    String out = live.finish();
    assertEquals(0, live.process.exitValue(), out);
    assertTrue(out.contains("Live query ended by the server after 3 rows"), out);
    assertTrue(!out.contains("rows selected"), out);
    assertAligned(out);
  }
}
