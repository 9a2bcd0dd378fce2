package io.sluice.bench;

import static io.sluice.bench.BenchArgs.intArg;

import io.sluice.server.SluiceServer;
import io.sluice.server.engine.EngineConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
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
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A dashboard over materialized views: one writer inserts orders at a fixed rate while N
 * pollers, each on its own connection through the stock Avatica driver, run a prepared top-10
 * query over a view every 100 ms (start phases spread across the period). Measures each poll's
 * latency (executeQuery and reading every row) and the freshness of what the pollers see: for
 * each committed INSERT, the time from its executeUpdate returning to the first poll (by any
 * poller) returning a result that includes it. Warm-up is excluded from every figure.
 *
 * <p>Each poll is one statement over two views, {@code item_totals} and {@code progress}
 * (through a scalar subquery), so both are read at one committed cut and the row with the
 * largest id the dashboard reflects ({@code progress.max_id}) is known for every poll; a top-10
 * row whose {@code last_id} exceeds it would be an inconsistent read, and is counted as an
 * error.
 */
final class DashboardBench {
  static final String POLL_SQL = "SELECT item, revenue, orders, last_id,"
      + " (SELECT max_id FROM progress) AS max_id FROM item_totals WHERE orders > 0"
      + " ORDER BY revenue DESC LIMIT 10";
  private static final long POLL_PERIOD_NANOS = 100_000_000L;
  /** Pollers keep polling this long after the writer stops, to see its last INSERTs. */
  private static final long TAIL_NANOS = 500_000_000L;

  private DashboardBench() {}

  /** What a run is asked for. */
  record Options(int pollers, int rate, int seconds, int warmup, int items) {
    Options {
      if (pollers < 1 || rate < 1 || seconds < 1 || warmup < 0 || items < 1) {
        throw new IllegalArgumentException("sluice bench dashboard: --pollers, --rate, --seconds"
            + " and --items must be at least 1, --warmup at least 0");
      }
    }

    static Options parse(List<String> args) {
      return new Options(intArg(args, "--pollers", 50), intArg(args, "--rate", 20_000),
          intArg(args, "--seconds", 20), intArg(args, "--warmup", 5),
          intArg(args, "--items", 1000));
    }
  }

  /**
   * Figures of the measured window (milliseconds unless named otherwise); {@code views} holds,
   * per view, SHOW VIEWS' largest and last LAG_MS, and its last ROW_COUNT and STATE_ENTRIES.
   */
  record Result(long polls, long pollErrors, long writeErrors, long inconsistent,
      String firstError, String firstInconsistent, double pollP50, double pollP99,
      double pollMax, long batches, long unobserved, double freshP50, double freshP99,
      double freshMax, double sampleP50, double sampleP99, double rowsPerSecond,
      double insertP50, double insertP99, Map<String, long[]> views, double processCpu,
      double machineCpu) {
    long errors() {
      return pollErrors + writeErrors + inconsistent;
    }
  }

  static void run(String home, List<String> args) throws Exception {
    Options o = Options.parse(args);
    // One HTTP connection per poller, as many dashboards in processes of their own would have;
    // Avatica's shared pool otherwise allows 25 per server to all pollers of this JVM.
    System.setProperty("avatica.pooled.connections.per.route",
        Integer.toString(Math.max(25, o.pollers + 4)));
    System.setProperty("avatica.pooled.connections.max",
        Integer.toString(Math.max(100, o.pollers + 4)));
    Path clients = Path.of(home, "bench", "target", "clients");
    Result r;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {
        clients.resolve("avatica.jar").toUri().toURL(),
        clients.resolve("slf4j-api.jar").toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      Driver stock = (Driver) loader.loadClass("org.apache.calcite.avatica.remote.Driver")
          .getDeclaredConstructor().newInstance();
      r = measure(o, stock, System.out);
    }
    print(o, r, System.out);
    if (r.errors() > 0) {
      System.exit(1);
    }
  }

  /** Runs the benchmark against a new server in this JVM, polling through {@code stock}. */
  static Result measure(Options o, Driver stock, PrintStream out) throws Exception {
    Path dir = Files.createTempDirectory("sluice-bench-dashboard");
    try (SluiceServer server = SluiceServer.start(
        EngineConfig.inMemory().withDataDir(dir), "127.0.0.1", 0, 1000)) {
      int batchRows = Math.max(1, o.rate / 100);
      long interval = (long) (1e9 * batchRows / o.rate);
      out.printf(Locale.ROOT, "Sluice %s, dashboard over materialized views (server in-process"
          + " on %s, %d cores)%n", SluiceServer.version(), server.jdbcUrl(),
          Runtime.getRuntime().availableProcessors());
      out.printf(Locale.ROOT, "writer: %,d rows/s as prepared %d-row INSERTs every %.1f ms,"
          + " %,d items; %d pollers through the stock Avatica driver, every 100 ms each;"
          + " %d s warm-up, %d s measured%n", o.rate, batchRows, interval / 1e6, o.items,
          o.pollers, o.warmup, o.seconds);
      out.printf(Locale.ROOT, "poll: %s%n%n", POLL_SQL);
      try (Connection admin = DriverManager.getConnection(server.jdbcUrl());
          Statement s = admin.createStatement()) {
        s.execute("CREATE STREAM orders (id BIGINT, item VARCHAR, amount DOUBLE,"
            + " ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)");
        s.execute("CREATE MATERIALIZED VIEW item_totals AS SELECT item, SUM(amount) AS revenue,"
            + " COUNT(*) AS orders, MAX(id) AS last_id FROM orders GROUP BY item");
        s.execute("CREATE MATERIALIZED VIEW progress AS SELECT MAX(id) AS max_id,"
            + " COUNT(*) AS n FROM orders");
      }
      return new Run(o, server, stock, batchRows, interval).go();
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** One run: its clock, its threads and what they record. */
  private static final class Run {
    final Options o;
    final SluiceServer server;
    final Driver stock;
    final int batchRows;
    final long interval;
    /** Counted down by each poller once connected and prepared; then {@link #start} opens. */
    final CountDownLatch ready;
    final CountDownLatch start = new CountDownLatch(1);
    /** The clock, set before {@link #start} opens. */
    long begin;
    long warmupEnd;
    long end;
    final AtomicLong pollErrors = new AtomicLong();
    final AtomicLong writeErrors = new AtomicLong();
    final AtomicLong inconsistent = new AtomicLong();
    final AtomicReference<String> firstError = new AtomicReference<>();
    final AtomicReference<String> firstInconsistent = new AtomicReference<>();
    final Map<String, long[]> views = new ConcurrentHashMap<>();
    /** Per poller: start, end (nanos) and max_id seen (-1: none) of each poll. */
    final long[][] polls;
    final int[] pollCount;
    /** Per committed INSERT: its largest id and when executeUpdate returned. */
    final long[] batchMaxId;
    final long[] batchCommitted;
    final long[] insertNanos;
    int batches;

    Run(Options o, SluiceServer server, Driver stock, int batchRows, long interval) {
      this.o = o;
      this.server = server;
      this.stock = stock;
      this.batchRows = batchRows;
      this.interval = interval;
      this.ready = new CountDownLatch(o.pollers);
      long run = (o.warmup + o.seconds) * 1_000_000_000L;
      int slots = (int) ((run + TAIL_NANOS) / POLL_PERIOD_NANOS) + 4;
      this.polls = new long[o.pollers][3 * slots];
      this.pollCount = new int[o.pollers];
      int maxBatches = (int) (run / interval) + 4;
      this.batchMaxId = new long[maxBatches];
      this.batchCommitted = new long[maxBatches];
      this.insertNanos = new long[maxBatches];
    }

    Result go() throws Exception {
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < o.pollers; i++) {
        int index = i;
        threads.add(thread("bench-poller-" + i, () -> poll(index)));
      }
      Thread writer = thread("bench-writer", this::write);
      Thread monitor = thread("bench-monitor", this::monitor);
      threads.forEach(Thread::start);
      writer.start();
      monitor.start();
      ready.await();
      begin = System.nanoTime() + 10_000_000L;
      warmupEnd = begin + o.warmup * 1_000_000_000L;
      end = warmupEnd + o.seconds * 1_000_000_000L;
      start.countDown();
      parkUntil(warmupEnd);
      long cpu0 = processCpuNanos();
      long[] machine0 = machineTicks();
      parkUntil(end);
      long cpu1 = processCpuNanos();
      long[] machine1 = machineTicks();
      writer.join();
      monitor.join();
      for (Thread t : threads) {
        t.join();
      }
      double window = (end - warmupEnd) / 1e9;
      double processCpu = cpu0 < 0 ? -1
          : (cpu1 - cpu0) / 1e9 / window / Runtime.getRuntime().availableProcessors();
      double machineCpu = machine0 == null || machine1 == null ? -1
          : (double) (machine1[0] - machine0[0]) / Math.max(1, machine1[1] - machine0[1]);
      return figures(processCpu, machineCpu);
    }

    private Thread thread(String name, Runnable body) {
      Thread t = new Thread(body, name);
      t.setDaemon(true);
      return t;
    }

    private void error(Throwable e) {
      firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    /** Poller {@code i}: its first poll at {@code i/N} of the period, then one per period. */
    private void poll(int i) {
      long[] rec = polls[i];
      boolean counted = false;
      try (Connection c = stock.connect(server.avaticaUrl(), new Properties());
          PreparedStatement ps = c.prepareStatement(POLL_SQL)) {
        ready.countDown();
        counted = true;
        start.await();
        long next = begin + POLL_PERIOD_NANOS * i / o.pollers;
        while (next < end + TAIL_NANOS) {
          parkUntil(next);
          long t0 = System.nanoTime();
          long maxId = -1;
          long lastIds = -1;
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              rs.getString(1);
              rs.getDouble(2);
              rs.getLong(3);
              lastIds = Math.max(lastIds, rs.getLong(4));
              maxId = rs.getLong(5);
            }
            if (lastIds > maxId) {
              inconsistent.incrementAndGet();
              firstInconsistent.compareAndSet(null, "a top-10 row has last_id " + lastIds
                  + " but progress.max_id is " + maxId);
            }
          } catch (Exception e) {
            if (t0 >= warmupEnd && t0 < end) {
              pollErrors.incrementAndGet();
            }
            error(e);
          }
          long t1 = System.nanoTime();
          int n = pollCount[i]++;
          rec[3 * n] = t0;
          rec[3 * n + 1] = t1;
          rec[3 * n + 2] = maxId;
          next += POLL_PERIOD_NANOS;
          if (next < t1) { // a poll longer than the period: skip to the next slot of its phase
            next += (t1 - next + POLL_PERIOD_NANOS - 1) / POLL_PERIOD_NANOS * POLL_PERIOD_NANOS;
          }
        }
      } catch (Exception e) {
        pollErrors.incrementAndGet();
        error(e);
      } finally {
        if (!counted) {
          ready.countDown();
        }
      }
    }

    /** The writer: one prepared multi-row INSERT per interval, paced against the clock. */
    private void write() {
      StringBuilder sql = new StringBuilder("INSERT INTO orders VALUES ");
      for (int i = 0; i < batchRows; i++) {
        sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?)");
      }
      String[] items = new String[o.items];
      for (int i = 0; i < items.length; i++) {
        items[i] = "item-" + i;
      }
      SplittableRandom random = new SplittableRandom(42);
      long id = 0;
      try (Connection c = DriverManager.getConnection(server.jdbcUrl());
          PreparedStatement insert = c.prepareStatement(sql.toString())) {
        start.await();
        for (long next = begin; next < end; next += interval) {
          parkUntil(next);
          Timestamp ts = new Timestamp(System.currentTimeMillis());
          for (int i = 0; i < batchRows; i++) {
            insert.setLong(4 * i + 1, id + i);
            insert.setString(4 * i + 2, items[random.nextInt(items.length)]);
            insert.setDouble(4 * i + 3, random.nextInt(1, 10_000) / 100.0);
            insert.setTimestamp(4 * i + 4, ts);
          }
          long t0 = System.nanoTime();
          try {
            insert.executeUpdate();
          } catch (Exception e) {
            writeErrors.incrementAndGet();
            error(e);
            continue;
          }
          long t1 = System.nanoTime();
          id += batchRows;
          batchMaxId[batches] = id - 1;
          batchCommitted[batches] = t1;
          insertNanos[batches] = t1 - t0;
          batches++;
        }
      } catch (Exception e) {
        writeErrors.incrementAndGet();
        error(e);
      }
    }

    /**
     * SHOW VIEWS once a second over the measured window: per view, the largest and the last
     * LAG_MS, and the last ROW_COUNT and STATE_ENTRIES.
     */
    private void monitor() {
      try (Connection c = DriverManager.getConnection(server.jdbcUrl());
          Statement s = c.createStatement()) {
        start.await();
        for (long next = warmupEnd; next <= end; next += 1_000_000_000L) {
          parkUntil(next);
          try (ResultSet rs = s.executeQuery("SHOW VIEWS")) {
            while (rs.next()) {
              long ms = rs.getLong("LAG_MS");
              long[] l = views.computeIfAbsent(rs.getString("NAME"), k -> new long[4]);
              l[0] = Math.max(l[0], ms);
              l[1] = ms;
              l[2] = rs.getLong("ROW_COUNT");
              l[3] = rs.getLong("STATE_ENTRIES");
            }
          }
        }
      } catch (Exception e) {
        writeErrors.incrementAndGet();
        error(e);
      }
    }

    private Result figures(double processCpu, double machineCpu) {
      // Poll latency: polls started in the measured window.
      long[] latency = new long[Arrays.stream(pollCount).sum()];
      int n = 0;
      int all = 0;
      long[] starts = new long[latency.length];
      long[][] seen = new long[latency.length][];
      for (int p = 0; p < o.pollers; p++) {
        for (int k = 0; k < pollCount[p]; k++) {
          long t0 = polls[p][3 * k];
          long t1 = polls[p][3 * k + 1];
          if (t0 >= warmupEnd && t0 < end) {
            latency[n++] = t1 - t0;
          }
          starts[all] = t0;
          seen[all++] = new long[] {t1, polls[p][3 * k + 2]};
        }
      }
      latency = Arrays.copyOf(latency, n);
      Arrays.sort(latency);
      Arrays.sort(starts);
      Arrays.sort(seen, Comparator.comparingLong(s -> s[0]));
      // Freshness: per INSERT committed in the window, the first poll to return it; and the
      // sampling part of that, the wait for the next poll (of any poller) to start.
      long[] fresh = new long[batches];
      long[] sample = new long[batches];
      int f = 0;
      long unobserved = 0;
      int seenAt = 0;
      long seenMax = -1;
      int startAt = 0;
      long inWindow = 0;
      for (int b = 0; b < batches; b++) {
        long committed = batchCommitted[b];
        if (committed < warmupEnd || committed >= end) {
          continue;
        }
        inWindow++;
        while (seenAt < seen.length && seenMax < batchMaxId[b]) {
          seenMax = Math.max(seenMax, seen[seenAt++][1]);
        }
        if (seenMax < batchMaxId[b]) {
          unobserved++;
          continue;
        }
        while (startAt < starts.length && starts[startAt] < committed) {
          startAt++;
        }
        fresh[f] = Math.max(0, seen[seenAt - 1][0] - committed);
        sample[f++] = startAt < starts.length ? starts[startAt] - committed : 0;
      }
      fresh = Arrays.copyOf(fresh, f);
      sample = Arrays.copyOf(sample, f);
      Arrays.sort(fresh);
      Arrays.sort(sample);
      long[] inserts = new long[(int) inWindow];
      int k = 0;
      for (int b = 0; b < batches; b++) {
        if (batchCommitted[b] >= warmupEnd && batchCommitted[b] < end) {
          inserts[k++] = insertNanos[b];
        }
      }
      Arrays.sort(inserts);
      double rowsPerSecond = inWindow * batchRows / ((end - warmupEnd) / 1e9);
      return new Result(latency.length, pollErrors.get(), writeErrors.get(), inconsistent.get(),
          firstError.get(), firstInconsistent.get(), pct(latency, 0.5), pct(latency, 0.99),
          pct(latency, 1), inWindow, unobserved, pct(fresh, 0.5), pct(fresh, 0.99),
          pct(fresh, 1), pct(sample, 0.5), pct(sample, 0.99), rowsPerSecond,
          pct(inserts, 0.5), pct(inserts, 0.99), new TreeMap<>(views), processCpu, machineCpu);
    }
  }

  static void print(Options o, Result r, PrintStream out) {
    out.printf(Locale.ROOT, "%8s %8s %7s %12s %8s %8s %8s %10s %10s %10s %10s%n", "pollers",
        "polls", "errors", "inconsistent", "p50 ms", "p99 ms", "max ms", "fresh p50",
        "fresh p99", "fresh max", "rows/s");
    out.printf(Locale.ROOT, "%8d %,8d %7d %12d %8.2f %8.2f %8.2f %10.2f %10.2f %10.2f %,10.0f%n",
        o.pollers, r.polls, r.pollErrors + r.writeErrors, r.inconsistent, r.pollP50, r.pollP99,
        r.pollMax, r.freshP50, r.freshP99, r.freshMax, r.rowsPerSecond);
    out.println();
    out.printf(Locale.ROOT, "writer: %,.0f rows/s achieved of %,d asked; INSERT p50 %.2f ms,"
        + " p99 %.2f ms; %,d INSERTs in the window, %d not seen by any poll%n", r.rowsPerSecond,
        o.rate, r.insertP50, r.insertP99, r.batches, r.unobserved);
    out.printf(Locale.ROOT, "freshness: from executeUpdate returning to the first poll (any"
        + " poller) returning the row; of it, waiting for the next poll to start: p50 %.2f ms,"
        + " p99 %.2f ms%n", r.sampleP50, r.sampleP99);
    for (Map.Entry<String, long[]> e : r.views.entrySet()) {
      out.printf(Locale.ROOT, "SHOW VIEWS %s: LAG_MS at the end %d, largest of 1 s samples %d;"
          + " %,d rows, %,d state entries%n", e.getKey(), e.getValue()[1], e.getValue()[0],
          e.getValue()[2], e.getValue()[3]);
    }
    if (r.processCpu >= 0 || r.machineCpu >= 0) {
      out.printf(Locale.ROOT, "CPU over the window: this JVM %.0f%% of %d cores, machine %.0f%%"
          + " (other processes included); load average %s%n", 100 * r.processCpu,
          Runtime.getRuntime().availableProcessors(), 100 * r.machineCpu, loadAverage());
    }
    if (r.pollErrors + r.writeErrors > 0) {
      out.printf(Locale.ROOT, "errors: %d in polls, %d in the writer or monitor; first: %s%n",
          r.pollErrors, r.writeErrors, r.firstError);
    }
    if (r.inconsistent > 0) {
      out.printf(Locale.ROOT, "inconsistent reads (whole run, warm-up included): %d polls saw"
          + " item_totals ahead of progress in one statement; first: %s%n", r.inconsistent,
          r.firstInconsistent);
    }
    out.printf(Locale.ROOT, "dashboard: %d pollers, poll p50 %.2f / p99 %.2f / max %.2f ms,"
        + " freshness p50 %.2f / p99 %.2f ms, %d errors, %d inconsistent reads, %,.0f rows/s%n",
        o.pollers, r.pollP50, r.pollP99, r.pollMax, r.freshP50, r.freshP99,
        r.pollErrors + r.writeErrors, r.inconsistent, r.rowsPerSecond);
  }

  private static void parkUntil(long deadline) {
    for (long left; (left = deadline - System.nanoTime()) > 0; ) {
      LockSupport.parkNanos(left);
    }
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }

  /** The 1, 5 and 15 minute load averages, or "?" off Linux. */
  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** CPU time of this JVM, or -1 where the platform does not say. */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** Busy and total jiffies of all cores from /proc/stat, or null off Linux. */
  private static long[] machineTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
