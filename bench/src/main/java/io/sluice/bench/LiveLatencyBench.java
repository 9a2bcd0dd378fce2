package io.sluice.bench;

import static io.sluice.bench.BenchArgs.intArg;
import static io.sluice.bench.BenchArgs.stringArg;

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
      System.out.printf(Locale.ROOT, "%-8s %-17s %8s %8s %8s %8s %8s%n", "driver",
          "latency from", "p50 ms", "p90 ms", "p99 ms", "max ms", "mean ms");
      int run = 0;
      if (!which.equals("stock")) {
        measure("sluice", () -> DriverManager.getConnection(server.jdbcUrl()), server, rows,
            intervalMs, throughputRows, run++);
      }
      if (!which.equals("sluice")) {
        Path clients = Path.of(home, "bench", "target", "clients");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {
            clients.resolve("avatica.jar").toUri().toURL(),
            clients.resolve("slf4j-api.jar").toUri().toURL()},
            ClassLoader.getPlatformClassLoader())) {
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
      long[][] latencies = latency(connector, writer, stream, rows, intervalMs);
      print(name, "INSERT sent", latencies[0]);
      print(name, "INSERT returned", latencies[1]);
      double[] rates = throughput(connector, writer, stream, throughputRows);
      System.out.printf(Locale.ROOT, "%-8s ingest %,.0f rows/s (prepared 1000-row INSERTs);"
          + " live fetch %,.0f rows/s (rows waiting on the server, read with fetch size 1000)%n%n",
          name, rates[0], rates[1]);
    }
  }

  private static void print(String driver, String from, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
    System.out.printf(Locale.ROOT, "%-8s %-17s %8.2f %8.2f %8.2f %8.2f %8.2f%n", driver, from,
        pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), sorted[sorted.length - 1] / 1e6,
        mean);
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

  /**
   * Per row, nanoseconds from the INSERT being sent, and from it returning, to next() returning
   * the row. The live query processes the row as soon as the INSERT commits (on a thread of its
   * own), so a row often reaches next() before the INSERT's response reaches the writer: the
   * second figure is then 0.
   */
  private static long[][] latency(Connector connector, Connection writer, String stream, int rows,
      int intervalMs) throws Exception {
    long[] sent = new long[rows];
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
        sent[i] = System.nanoTime();
        insert.executeUpdate();
        inserted[i] = System.nanoTime();
        Thread.sleep(intervalMs);
      }
      // Releases the stock client's held-back last row; the reader stops before reading it.
      insert.setLong(1, rows);
      insert.executeUpdate();
    }
    reader.join(60_000);
    if (failure.get() != null) {
      throw new IllegalStateException("live reader failed", failure.get());
    }
    long[][] latencies = new long[2][rows];
    for (int i = 0; i < rows; i++) {
      latencies[0][i] = arrived[i] - sent[i];
      latencies[1][i] = Math.max(0, arrived[i] - inserted[i]);
    }
    return latencies;
  }

  /**
   * Ingest: rows/s through prepared 1000-row INSERTs. Fetch: a live query is started, the rows
   * are inserted while nobody reads, then they are read: rows/s of the reading alone.
   */
  private static double[] throughput(Connector connector, Connection writer, String stream,
      int rows) throws Exception {
    int batch = 1000;
    int total = Math.max(batch, rows / batch * batch);
    StringBuilder sql = new StringBuilder("INSERT INTO " + stream + " VALUES ");
    for (int i = 0; i < batch; i++) {
      sql.append(i == 0 ? "" : ", ").append("(?, 'payload')");
    }
    try (Connection reader = connector.connect(); Statement live = reader.createStatement();
        PreparedStatement insert = writer.prepareStatement(sql.toString())) {
      live.setFetchSize(batch);
      // The stock client's executeQuery returns only once a row exists: start it on a thread.
      java.util.concurrent.ExecutorService exec =
          java.util.concurrent.Executors.newSingleThreadExecutor();
      java.util.concurrent.Future<ResultSet> started = exec.submit(() -> live.executeQuery(
          "SELECT STREAM id FROM " + stream + " WHERE id < 0"));
      Thread.sleep(500);
      long start = System.nanoTime();
      for (int b = 0; b < total / batch; b++) {
        for (int i = 0; i < batch; i++) {
          insert.setLong(i + 1, -1L - (b * (long) batch + i));
        }
        insert.executeUpdate();
      }
      double ingest = total / ((System.nanoTime() - start) / 1e9);
      // One more row, never read: the stock client fetches ahead when it hands out the last row
      // of a frame, and would otherwise wait for a row that never comes.
      try (Statement extra = writer.createStatement()) {
        extra.execute("INSERT INTO " + stream + " VALUES (-999999999, 'release')");
      }
      ResultSet rs = started.get(1, TimeUnit.MINUTES);
      exec.shutdown();
      long readStart = System.nanoTime();
      int n = 0;
      while (n < total && rs.next()) {
        rs.getLong(1);
        n++;
      }
      double fetch = n / ((System.nanoTime() - readStart) / 1e9);
      if (n < total) {
        throw new IllegalStateException("live result ended after " + n + " of " + total + " rows");
      }
      return new double[] {ingest, fetch};
    }
  }
}
