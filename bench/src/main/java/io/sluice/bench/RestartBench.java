package io.sluice.bench;

import static io.sluice.bench.BenchArgs.intArg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Restart with view state: a server process holds a stream of N rows and a materialized view
 * with N groups ({@code GROUP BY id} over N distinct ids: N aggregate entries and N result
 * rows); it is stopped (SIGTERM, a clean stop) or killed (SIGKILL) and started again on the
 * same data directory. Reported: the time from starting the process to its ready line (the
 * server accepts connections), and to the first {@code SELECT COUNT(*) FROM big} returning N,
 * and the data directory's size. A server on an empty directory gives the baseline (JVM start
 * and class loading). The server runs as {@code bin/sluice server} would, with its heap.
 */
final class RestartBench {
  private static final Pattern READY = Pattern.compile("ready: (jdbc:sluice://\\S+)");
  private static final int BATCH = 10_000;
  private static final String SERVER_HEAP = "-Xmx2g";

  private RestartBench() {}

  private record Server(Process process, String url) {}

  static void run(List<String> args) throws Exception {
    int rows = intArg(args, "--rows", 1_000_000);
    Path base = Files.createTempDirectory("sluice-bench-restart");
    Path data = base.resolve("data");
    Server server = null;
    try {
      System.out.printf(Locale.ROOT, "Sluice restart with view state: %,d rows, %,d groups in"
          + " view big (server process %s, %d cores)%n%n", rows, rows, SERVER_HEAP,
          Runtime.getRuntime().availableProcessors());
      long t0 = System.nanoTime();
      server = start(base.resolve("empty"));
      System.out.printf(Locale.ROOT, "%-44s %,10.0f ms%n", "baseline: empty data dir, ready",
          ms(t0));
      stop(server);

      server = fill(data, rows);
      t0 = System.nanoTime();
      stop(server);
      server = null;
      System.out.printf(Locale.ROOT, "%-44s %,10.0f ms%n", "clean stop (SIGTERM)", ms(t0));
      System.out.printf(Locale.ROOT, "%-44s %,10.1f MB%n", "data dir after clean stop",
          size(data) / 1e6);
      server = restart(data, rows, "after clean stop");
      stop(server);
      server = restart(data, rows, "after clean stop, again");
      stop(server);
      server = null;
      System.out.println();

      Path killed = base.resolve("killed");
      server = fill(killed, rows);
      server.process().destroyForcibly().waitFor(60, TimeUnit.SECONDS);
      server = null;
      System.out.printf(Locale.ROOT, "%-44s %,10.1f MB%n", "data dir after kill -9",
          size(killed) / 1e6);
      server = restart(killed, rows, "after kill -9");
      server.process().destroyForcibly().waitFor(60, TimeUnit.SECONDS);
      server = restart(killed, rows, "after kill -9, again");
      stop(server);
      server = null;
    } finally {
      if (server != null) {
        server.process().destroyForcibly().waitFor(60, TimeUnit.SECONDS);
      }
      try (Stream<Path> s = Files.walk(base)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Starts a server on {@code data}, fills stream s and view big, and waits for the view. */
  private static Server fill(Path data, int rows) throws Exception {
    Server server = start(data);
    try (Connection c = DriverManager.getConnection(server.url());
        Statement s = c.createStatement()) {
      s.execute("CREATE STREAM s (id BIGINT, amount BIGINT) WITH ('retention.rows' = '"
          + rows + "')");
      s.execute("CREATE MATERIALIZED VIEW big AS SELECT id, COUNT(*) AS n,"
          + " SUM(amount) AS total FROM s GROUP BY id");
      long t0 = System.nanoTime();
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO s VALUES (?, ?)")) {
        for (int done = 0; done < rows; ) {
          for (int i = 0; i < BATCH && done < rows; i++, done++) {
            insert.setLong(1, done);
            insert.setLong(2, done % 1000);
            insert.addBatch();
          }
          insert.executeBatch();
        }
      }
      System.out.printf(Locale.ROOT, "%-44s %,10.0f ms%n", "insert " + rows + " rows"
          + " (executeBatch of " + BATCH + ")", ms(t0));
      t0 = System.nanoTime();
      awaitCount(s, rows, 600);
      System.out.printf(Locale.ROOT, "%-44s %,10.0f ms%n", "then until big has them all",
          ms(t0));
    } catch (Exception e) {
      server.process().destroyForcibly().waitFor(60, TimeUnit.SECONDS);
      throw e;
    }
    return server;
  }

  /** Starts the server on {@code data} and times its ready line and first full view read. */
  private static Server restart(Path data, int rows, String label) throws Exception {
    long t0 = System.nanoTime();
    Server server = start(data);
    double ready = ms(t0);
    long count;
    try (Connection c = DriverManager.getConnection(server.url());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM big")) {
      rs.next();
      count = rs.getLong(1);
    }
    double first = ms(t0);
    System.out.printf(Locale.ROOT, "restart %-36s ready %,8.0f ms, first SELECT COUNT(*) FROM"
        + " big %,8.0f ms (%s)%n", label + ":", ready, first,
        count == rows ? "= " + rows : "gave " + count + ", not " + rows);
    if (count != rows) {
      try (Connection c = DriverManager.getConnection(server.url());
          Statement s = c.createStatement()) {
        awaitCount(s, rows, 600);
      }
      System.out.printf(Locale.ROOT, "%-44s %,10.0f ms%n", "  until it gave " + rows, ms(t0));
    }
    return server;
  }

  private static void awaitCount(Statement s, long rows, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM big")) {
        rs.next();
        long n = rs.getLong(1);
        if (n == rows) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("view big has " + n + " rows after " + seconds
              + " s, not " + rows);
        }
      }
      Thread.sleep(100);
    }
  }

  /** A server process from this JVM's classpath on a free port of 127.0.0.1. */
  private static Server start(Path data) throws Exception {
    Process p = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), SERVER_HEAP,
        "-Duser.timezone=UTC", "-cp", System.getProperty("java.class.path"),
        "io.sluice.server.Main", "--host", "127.0.0.1", "--port", "0",
        "--data-dir", data.toString()).redirectErrorStream(true).start();
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread drain = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          Matcher m = READY.matcher(line);
          if (m.find()) {
            url.complete(m.group(1));
          } else if (line.contains(" WARN ") || line.contains(" ERROR ")) {
            System.out.println("server: " + line);
          }
        }
      } catch (IOException e) {
        // The process ended.
      }
      url.completeExceptionally(new IllegalStateException("the server exited without a"
          + " ready line"));
    }, "server-output");
    drain.setDaemon(true);
    drain.start();
    try {
      return new Server(p, url.get(10, TimeUnit.MINUTES));
    } catch (Exception e) {
      p.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** Stops the server cleanly (SIGTERM: it commits and compacts its store) and waits. */
  private static void stop(Server server) throws InterruptedException {
    server.process().destroy();
    if (!server.process().waitFor(10, TimeUnit.MINUTES)) {
      server.process().destroyForcibly();
      throw new IllegalStateException("the server did not stop within 10 minutes of SIGTERM");
    }
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static double ms(long since) {
    return (System.nanoTime() - since) / 1e6;
  }
}
