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

  private Result shell(String... args) throws Exception {
    Path launcher = Path.of("..", "bin", "sluice").toAbsolutePath().normalize();
    List<String> cmd = new ArrayList<>(List.of(launcher.toString(), "shell", "--port",
        Integer.toString(server.server.port())));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SLUICE_NO_BUILD", "1");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    return new Result(p.exitValue(), out);
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
}
