package io.sluice.testing.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/sluice server}'s main, started as a real process: ready line, errors, SIGTERM. */
class ServerCommandTest {
  private static final Pattern READY = Pattern.compile("ready: (jdbc:sluice://\\S+)");

  @TempDir Path dir;

  private static Process startServer(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.timezone=UTC", "-cp", System.getProperty("java.class.path"),
        "io.sluice.server.Main"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(false).start();
  }

  /** Reads stdout until the ready line; returns the JDBC URL. */
  private static String awaitReady(Process p) throws Exception {
    BufferedReader out = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      Matcher m = READY.matcher(line);
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new AssertionError("server exited without a ready line: "
        + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private static String stderr(Process p) throws Exception {
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
  }

  @Test
  void startsPrintsUrlStopsOnSigtermAndKeepsData() throws Exception {
    String data = dir.resolve("data").toString();
    Process p = startServer("--port", "0", "--data-dir", data);
    String url = awaitReady(p);
    assertTrue(url.startsWith("jdbc:sluice://127.0.0.1:"), url);
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE STREAM s (x BIGINT)");
      s.execute("INSERT INTO s VALUES (1), (2)");
    }
    p.destroy();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "SIGTERM stops the server");

    Process again = startServer("--port", "0", "--data-dir", data);
    try (Connection c = DriverManager.getConnection(awaitReady(again));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT SUM(x) FROM s")) {
      assertTrue(rs.next());
      assertEquals(3, rs.getLong(1));
    } finally {
      again.destroy();
      again.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * A copy of the installation in {@code dir/home}: the real launcher and the built server
   * (linked), and a configuration with the shipped relative {@code data.dir=./data}.
   */
  private Path installation() throws Exception {
    Path home = dir.resolve("home");
    Path real = Path.of("..").toAbsolutePath().normalize();
    Files.createDirectories(home.resolve("bin"));
    Files.createDirectories(home.resolve("conf"));
    Files.createDirectories(home.resolve("server"));
    Files.copy(real.resolve("bin/sluice"), home.resolve("bin/sluice"));
    Files.createSymbolicLink(home.resolve("server/target"), real.resolve("server/target"));
    Files.writeString(home.resolve("conf/sluice.properties"), "data.dir=./data\n");
    return home;
  }

  private static Process launch(Path home, Path cwd, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/sluice").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
    pb.environment().put("SLUICE_NO_BUILD", "1");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("SLUICE_JAVA_OPTS", "-Xmx256m");
    return pb.start();
  }

  /** Reads stdout until the ready line; returns that line. */
  private static String readyLine(Process p) throws Exception {
    BufferedReader out = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (READY.matcher(line).find()) {
        return line;
      }
    }
    throw new AssertionError("server exited without a ready line: "
        + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void relativeDataDirOfTheConfigurationLivesInTheInstallationWhereverTheServerStarts()
      throws Exception {
    Path home = installation();
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Path data = home.toRealPath().resolve("data");
    Process p = launch(home, elsewhere, "server", "--port", "0");
    try {
      String ready = readyLine(p);
      assertTrue(ready.contains("(data dir " + data + " (0 streams, 0 tables))"), ready);
      Matcher m = READY.matcher(ready);
      assertTrue(m.find());
      try (Connection c = DriverManager.getConnection(m.group(1)); Statement s = c.createStatement()) {
        s.execute("CREATE STREAM s (x BIGINT)");
        s.execute("CREATE TABLE t (k BIGINT PRIMARY KEY)");
      }
    } finally {
      p.destroy();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    assertTrue(Files.isDirectory(data), "data in the installation");
    assertTrue(!Files.exists(elsewhere.resolve("data")), "nothing in the current directory");

    Process again = launch(home, dir, "server", "--port", "0");
    try {
      String ready = readyLine(again);
      assertTrue(ready.contains("(data dir " + data + " (1 stream, 1 table))"), ready);
    } finally {
      again.destroy();
      assertTrue(again.waitFor(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void dataDirTypedOnTheCommandLineIsRelativeToTheCurrentDirectory() throws Exception {
    Path home = installation();
    Path cwd = Files.createDirectories(dir.resolve("work"));
    Process p = launch(home, cwd, "server", "--port", "0", "--data-dir", "mine");
    try {
      String ready = readyLine(p);
      assertTrue(ready.contains("(data dir " + cwd.toRealPath().resolve("mine") + " ("), ready);
    } finally {
      p.destroy();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void firstStartSaysThatItIsBuilding() throws Exception {
    Path home = installation();
    Files.delete(home.resolve("server/target"));
    Path fakeMaven = Files.createDirectories(dir.resolve("fakebin")).resolve("mvn");
    Files.writeString(fakeMaven, "#!/bin/sh\nexit 0\n");
    fakeMaven.toFile().setExecutable(true);
    ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/sluice").toString(), "server")
        .directory(dir.toFile());
    pb.environment().put("PATH", fakeMaven.getParent() + File.pathSeparator
        + System.getenv("PATH"));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    String err = stderr(p);
    assertTrue(err.lines().findFirst().orElse("").contains(
        "building Sluice with Maven (first use: about a minute, once)"), err);
  }

  @Test
  void busyPortIsOneLineAndNonZeroExit() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Process p = startServer("--port", Integer.toString(taken.getLocalPort()), "--data-dir",
          dir.resolve("d").toString());
      String err = stderr(p);
      assertEquals(1, p.exitValue());
      assertEquals(1, err.lines().count(), err);
      assertTrue(err.contains("Port " + taken.getLocalPort()) && err.contains("in use"), err);
    }
  }

  @Test
  void dataDirInUseIsOneLineAndNonZeroExit() throws Exception {
    String data = dir.resolve("shared").toString();
    Process first = startServer("--port", "0", "--data-dir", data);
    try {
      awaitReady(first);
      Process second = startServer("--port", "0", "--data-dir", data);
      String err = stderr(second);
      assertEquals(1, second.exitValue());
      assertEquals(1, err.lines().count(), err);
      assertTrue(err.contains("in use by another Sluice server"), err);
    } finally {
      first.destroy();
      first.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void badConfigurationIsOneLine() throws Exception {
    Path conf = dir.resolve("bad.properties");
    Files.writeString(conf, "server.port=eighty\n");
    Process p = startServer("--config", conf.toString());
    String err = stderr(p);
    assertEquals(1, p.exitValue());
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.contains("server.port"), err);
    assertTrue(new File(conf.toString()).exists());
  }
}
