package io.sluice.bench;

import io.sluice.server.SluiceServer;
import io.sluice.server.engine.EngineConfig;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Live-query latency and throughput through JDBC, for the Sluice driver and the stock Avatica
 * driver, against a server started in this JVM on a free port.
 *
 * <p>Latency: a trickle of single-row INSERTs (a prepared statement); for each row, the time
 * from executeUpdate returning to the live result set's next() returning that row.
 * Throughput: rows inserted in batches of 1000 (one prepared multi-row INSERT) as fast as the
 * server takes them, counted when the live reader has read them all.
 */
final class LiveLatencyBench {
  private LiveLatencyBench() {}

  static void run(String home, List<String> args) throws Exception {
    int rows = intArg(args, "--rows", 1000);
    int intervalMs = intArg(args, "--interval-ms", 5);
    int throughputRows = intArg(args, "--throughput-rows", 200_000);
    String which = stringArg(args, "--driver", "both");
    Path dir = Files.createTempDirectory("sluice-bench");
    try (SluiceServer server = SluiceServer.start(
        EngineConfig.inMemory().withDataDir(dir), "127.0.0.1", 0, 1000)) {
      System.out.printf(Locale.ROOT, "Sluice %s, live-query latency and throughput through JDBC"
          + " (server in-process on %s, %d cores)%n", SluiceServer.version(), server.jdbcUrl(),
          Runtime.getRuntime().availableProcessors());
      System.out.printf(Locale.ROOT, "latency: %d single-row INSERTs, one every %d ms;"
          + " throughput: %d rows in INSERTs of 1000%n%n", rows, intervalMs, throughputRows);
      System.out.printf(Locale.ROOT, "%-8s %9s %9s %9s %9s %9s %14s%n", "driver", "p50 ms",
          "p90 ms", "p99 ms", "max ms", "mean ms", "rows/s");
      int run = 0;
      if (!which.equals("stock")) {
        measure("sluice", () -> DriverManager.getConnection(server.jdbcUrl()), server, rows,
            intervalMs, throughputRows, run++);
      }
      if (!which.equals("sluice")) {
        Path clients = Path.of(home, "bench", "target", "clients");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {
            clients.resolve("avatica.jar").toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
          Driver stock = (Driver) loader.loadClass("org.apache.calcite.avatica.remote.Driver")
              .getDeclaredConstructor().newInstance();
          measure("stock", () -> stock.connect(server.avaticaUrl(), new Properties()), server,
              rows, intervalMs, throughputRows, run++);
        }
      }
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @FunctionalInterface
  private interface Connector {
    Connection connect() throws Exception;
  }

  private static void measure(String name, Connector connector, SluiceServer server, int rows,
      int intervalMs, int throughputRows, int run) throws Exception {
    String stream = "bench_" + run;
    try (Connection writer = DriverManager.getConnection(server.jdbcUrl());
        Statement ddl = writer.createStatement()) {
      ddl.execute("CREATE STREAM " + stream + " (id BIGINT, payload VARCHAR)"
          + " WITH ('retention.rows' = '10000')");
      long[] latencies = latency(connector, writer, stream, rows, intervalMs);
      double rowsPerSecond = throughput(connector, writer, stream, throughputRows);
      Arrays.sort(latencies);
      double mean = Arrays.stream(latencies).average().orElse(0) / 1e6;
      System.out.printf(Locale.ROOT, "%-8s %9.2f %9.2f %9.2f %9.2f %9.2f %,14.0f%n", name,
          pct(latencies, 0.50), pct(latencies, 0.90), pct(latencies, 0.99),
          latencies[latencies.length - 1] / 1e6, mean, rowsPerSecond);
    }
  }

  private static double pct(long[] sorted, double p) {
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }

  /** Reads a live query on its own thread; returns when {@code expected} rows were read. */
  private static Thread reader(Connector connector, String sql, int expected, long[] arrivals,
      CountDownLatch started, AtomicReference<Throwable> failure) {
    Thread t = new Thread(() -> {
      try (Connection c = connector.connect(); Statement s = c.createStatement()) {
        s.setFetchSize(1000);
        started.countDown();
        ResultSet rs = s.executeQuery(sql);
        for (int n = 0; n < expected && rs.next(); n++) {
          int id = (int) rs.getLong(1);
          if (arrivals != null) {
            arrivals[id] = System.nanoTime();
          }
        }
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "bench-reader");
    t.start();
    return t;
  }

  private static long[] latency(Connector connector, Connection writer, String stream, int rows,
      int intervalMs) throws Exception {
    long[] inserted = new long[rows];
    long[] arrived = new long[rows];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    Thread reader = reader(connector, "SELECT STREAM id FROM " + stream + " WHERE id >= 0", rows,
        arrived, started, failure);
    started.await();
    Thread.sleep(500);
    try (PreparedStatement insert = writer.prepareStatement(
        "INSERT INTO " + stream + " VALUES (?, 'x')")) {
      for (int i = 0; i < rows; i++) {
        insert.setLong(1, i);
        insert.executeUpdate();
        inserted[i] = System.nanoTime();
        Thread.sleep(intervalMs);
      }
    }
    reader.join(60_000);
    if (failure.get() != null) {
      throw new IllegalStateException("live reader failed", failure.get());
    }
    long[] latencies = new long[rows];
    for (int i = 0; i < rows; i++) {
      latencies[i] = Math.max(0, arrived[i] - inserted[i]);
    }
    return latencies;
  }

  private static double throughput(Connector connector, Connection writer, String stream,
      int rows) throws Exception {
    int batch = 1000;
    int total = rows / batch * batch;
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    StringBuilder sql = new StringBuilder("INSERT INTO " + stream + " VALUES ");
    for (int i = 0; i < batch; i++) {
      sql.append(i == 0 ? "" : ", ").append("(?, 'payload')");
    }
    try (PreparedStatement insert = writer.prepareStatement(sql.toString())) {
      Thread live = reader(connector, "SELECT STREAM -id - 1 AS id FROM " + stream
          + " WHERE id < 0", total, null, started, failure);
      started.await();
      Thread.sleep(500);
      long start = System.nanoTime();
      for (int b = 0; b < total / batch; b++) {
        for (int i = 0; i < batch; i++) {
          insert.setLong(i + 1, -1L - (b * (long) batch + i));
        }
        insert.executeUpdate();
      }
      live.join(TimeUnit.MINUTES.toMillis(5));
      long elapsed = System.nanoTime() - start;
      if (failure.get() != null) {
        throw new IllegalStateException("live reader failed", failure.get());
      }
      return total / (elapsed / 1e9);
    }
  }

  private static int intArg(List<String> args, String name, int dflt) {
    String v = stringArg(args, name, null);
    return v == null ? dflt : Integer.parseInt(v);
  }

  private static String stringArg(List<String> args, String name, String dflt) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : dflt;
  }
}
