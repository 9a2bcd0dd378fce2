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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Ingest beside live queries: rows/s through prepared multi-row INSERTs (one commit each) while
 * N live queries over the same stream are open and read by their clients, for each N asked for.
 * Each live query keeps every {@code select-every}th row ({@code MOD(id, k) = i}), so together
 * they deliver about N/k of the rows; each is read on a connection and thread of its own.
 * Readers run in groups of 20 per copy of the Sluice driver (each copy has its own HTTP pool),
 * so that the client side's pool does not throttle the writer. The server runs in this JVM on a
 * free port, with a data directory (durable commits), as {@code bin/sluice server} would.
 */
final class IngestBench {
  private static final int READERS_PER_DRIVER = 20;

  private IngestBench() {}

  static void run(String home, List<String> args) throws Exception {
    int[] live = Arrays.stream(stringArg(args, "--live", "0,1,10,50").split(","))
        .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    int rows = intArg(args, "--rows", 500_000);
    int batch = intArg(args, "--batch", 1000);
    int every = intArg(args, "--select-every", 100);
    Path dir = Files.createTempDirectory("sluice-bench-ingest");
    List<URLClassLoader> loaders = new ArrayList<>();
    try (SluiceServer server = SluiceServer.start(
        EngineConfig.inMemory().withDataDir(dir), "127.0.0.1", 0, 1000)) {
      System.out.printf(Locale.ROOT, "Sluice %s, ingest beside live queries (server in-process"
          + " on %s, %d cores)%n", SluiceServer.version(), server.jdbcUrl(),
          Runtime.getRuntime().availableProcessors());
      System.out.printf(Locale.ROOT, "%,d rows per run in prepared %,d-row INSERTs (one commit"
          + " each); each live query keeps every %dth row%n%n", rows, batch, every);
      // Warm-up (not reported): the JIT compiles the insert path and a live query's path.
      measure(server, "warmup", 1, Math.max(rows, 300_000), batch, every, loaders, home);
      System.out.printf(Locale.ROOT, "%12s %14s %10s %10s %10s %14s %12s%n", "live queries",
          "ingest rows/s", "p50 ms", "p99 ms", "max ms", "rows delivered", "caught up ms");
      for (int n : live) {
        Result r = measure(server, "ingest_" + n, n, rows, batch, every, loaders, home);
        System.out.printf(Locale.ROOT, "%12d %,14.0f %10.2f %10.2f %10.2f %,14d %12.0f%n", n,
            r.rowsPerSecond, r.p50, r.p99, r.max, r.delivered, r.caughtUpMillis);
      }
    } finally {
      for (URLClassLoader l : loaders) {
        l.close();
      }
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private record Result(double rowsPerSecond, double p50, double p99, double max,
      long delivered, double caughtUpMillis) {}

  private static Result measure(SluiceServer server, String stream, int liveQueries, int rows,
      int batch, int every, List<URLClassLoader> loaders, String home) throws Exception {
    int total = Math.max(batch, rows / batch * batch);
    try (Connection writer = DriverManager.getConnection(server.jdbcUrl())) {
      try (Statement ddl = writer.createStatement()) {
        ddl.execute("CREATE STREAM " + stream + " (id BIGINT, payload VARCHAR, amount DOUBLE,"
            + " ts TIMESTAMP(3)) WITH ('retention.rows' = '1000000')");
      }
      AtomicLong delivered = new AtomicLong();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CountDownLatch started = new CountDownLatch(liveQueries);
      CountDownLatch done = new CountDownLatch(liveQueries);
      List<Thread> readers = new ArrayList<>();
      for (int i = 0; i < liveQueries; i++) {
        Driver driver = driver(home, loaders, i / READERS_PER_DRIVER);
        int residue = i % every;
        long expected = residue < total ? (total - 1 - residue) / every + 1 : 0;
        String sql = "SELECT STREAM id, amount FROM " + stream + " WHERE MOD(id, " + every
            + ") = " + residue;
        Thread t = new Thread(() -> {
          try (Connection c = driver.connect(server.jdbcUrl(), new Properties());
              Statement s = c.createStatement()) {
            s.setFetchSize(1000);
            ResultSet rs = s.executeQuery(sql);
            started.countDown();
            for (long n = 0; n < expected && rs.next(); n++) {
              delivered.incrementAndGet();
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
            started.countDown();
          } finally {
            done.countDown();
          }
        }, "bench-reader-" + i);
        t.setDaemon(true);
        t.start();
        readers.add(t);
      }
      started.await();
      Thread.sleep(200);
      if (failure.get() != null) {
        throw new IllegalStateException("a live query failed to start", failure.get());
      }
      StringBuilder sql = new StringBuilder("INSERT INTO " + stream + " VALUES ");
      for (int i = 0; i < batch; i++) {
        sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?)");
      }
      long[] latencies = new long[total / batch];
      long baseTs = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
      long start;
      long end;
      try (PreparedStatement insert = writer.prepareStatement(sql.toString())) {
        start = System.nanoTime();
        for (int b = 0; b < total / batch; b++) {
          for (int i = 0; i < batch; i++) {
            long id = (long) b * batch + i;
            insert.setLong(4 * i + 1, id);
            insert.setString(4 * i + 2, "payload-" + id);
            insert.setDouble(4 * i + 3, id * 0.5);
            insert.setTimestamp(4 * i + 4, new java.sql.Timestamp(baseTs + id));
          }
          long t0 = System.nanoTime();
          insert.executeUpdate();
          latencies[b] = System.nanoTime() - t0;
        }
        end = System.nanoTime();
      }
      boolean caughtUp = done.await(5, java.util.concurrent.TimeUnit.MINUTES);
      long caughtUpAt = System.nanoTime();
      if (failure.get() != null) {
        throw new IllegalStateException("a live query failed", failure.get());
      }
      if (!caughtUp) {
        throw new IllegalStateException("live queries did not deliver their rows in 5 minutes");
      }
      for (Thread t : readers) {
        t.join(10_000);
      }
      try (Statement ddl = writer.createStatement()) {
        ddl.execute("DROP STREAM " + stream);
      }
      Arrays.sort(latencies);
      return new Result(total / ((end - start) / 1e9), pct(latencies, 0.5), pct(latencies, 0.99),
          latencies[latencies.length - 1] / 1e6, delivered.get(),
          liveQueries == 0 ? 0 : (caughtUpAt - end) / 1e6);
    }
  }

  /** The Sluice driver from copy {@code index} of its jar (a class loader of its own). */
  private static Driver driver(String home, List<URLClassLoader> loaders, int index)
      throws Exception {
    while (loaders.size() <= index) {
      Path lib = Path.of(home, "bench", "target", "lib");
      Path jar;
      try (Stream<Path> s = Files.list(lib)) {
        jar = s.filter(p -> p.getFileName().toString().startsWith("sluice-jdbc-driver"))
            .findFirst().orElseThrow(() -> new IllegalStateException(
                "no sluice-jdbc-driver jar in " + lib + "; run mvn -DskipTests package"));
      }
      loaders.add(new URLClassLoader(new URL[] {jar.toUri().toURL()},
          ClassLoader.getPlatformClassLoader()));
    }
    return (Driver) loaders.get(index).loadClass("io.sluice.jdbc.SluiceDriver")
        .getDeclaredConstructor().newInstance();
  }

  private static double pct(long[] sorted, double p) {
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }
}
