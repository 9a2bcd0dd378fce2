package io.sluice.testing.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Views and jobs resume from their last commit after kill -9: a real server process is killed
 * at a random moment while one client inserts orders, over and over; after each restart an
 * aggregate view, a windowed view, a stream-table join view and a job into a table each equal
 * the batch answer over the rows the stream holds (every acknowledged INSERT among them),
 * nothing missing and nothing doubled.
 */
class ViewCrashTest {
  private static final int ROUNDS = 20;
  private static final String[] ITEMS = {"apple", "pear", "plum", "fig", "kiwi"};
  /** Prices of all items but kiwi: the join drops kiwi orders. */
  private static final Map<String, Long> PRICES = Map.of("apple", 2L, "pear", 3L, "plum", 5L,
      "fig", 7L);
  private static final long BASE_TS = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
  private static final long WINDOW_MILLIS = 1_000;
  private static final long WATERMARK_DELAY_MILLIS = 1_000;
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  /**
   * The server's JIT stops at C1: it starts in about half the time on a busy 2-core machine,
   * and the test restarts it 20 times; how fast it runs after that does not matter here.
   */
  private static final String FAST_START = "-XX:TieredStopAtLevel=1";

  @TempDir Path dir;

  /** A row of orders; its event time is {@code BASE_TS + id} ms, so windows close as ids grow. */
  private record Order(long id, String item, long amount, long ts) {}

  /** One INSERT of ids {@code first .. first + rows - 1}, and whether it returned success. */
  private record Insert(long first, int rows, boolean acknowledged) {}

  private static Order order(long id, Random random) {
    return new Order(id, ITEMS[random.nextInt(ITEMS.length)], 1 + random.nextInt(1_000),
        BASE_TS + id);
  }

  @Test
  void viewsAndJobsEqualTheBatchAnswerAfterEveryKill9() throws Exception {
    Path data = dir.resolve("data");
    long seed = System.nanoTime();
    Random random = new Random(seed);
    long started = System.nanoTime();
    ServerProcess server = ServerProcess.start(data, FAST_START);
    try {
      try (Connection c = DriverManager.getConnection(server.url());
          Statement s = c.createStatement()) {
        s.execute("CREATE STREAM orders (id BIGINT, item VARCHAR, amount BIGINT,"
            + " ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)"
            + " WITH ('retention.rows' = '10000000')");
        s.execute("CREATE TABLE prices (item VARCHAR PRIMARY KEY, price BIGINT)");
        StringJoiner prices = new StringJoiner(", ", "INSERT INTO prices VALUES ", "");
        PRICES.forEach((item, price) -> prices.add("('" + item + "', " + price + ")"));
        s.executeUpdate(prices.toString());
        s.execute("CREATE MATERIALIZED VIEW agg AS SELECT item, COUNT(*) AS n,"
            + " SUM(amount) AS total FROM orders GROUP BY item");
        s.execute("CREATE MATERIALIZED VIEW win AS SELECT window_start, window_end, item,"
            + " COUNT(*) AS n, SUM(amount) AS total FROM TABLE(TUMBLE(TABLE orders,"
            + " DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY window_start, window_end, item");
        s.execute("CREATE MATERIALIZED VIEW joined AS SELECT o.id, o.item,"
            + " o.amount * p.price AS cost FROM orders o JOIN prices p ON o.item = p.item");
        s.execute("CREATE TABLE totals (item VARCHAR PRIMARY KEY, total BIGINT)");
        s.execute("INSERT INTO totals SELECT STREAM item, SUM(amount) FROM orders GROUP BY item");
      }
      AtomicLong nextId = new AtomicLong(1);
      Truth truth = new Truth();
      long unacknowledgedThere = 0;
      long unacknowledgedAbsent = 0;
      int killedBehind = 0;
      long mostBehind = 0;
      for (int round = 1; round <= ROUNDS; round++) {
        List<Insert> inserts = new CopyOnWriteArrayList<>();
        CountDownLatch ingesting = new CountDownLatch(1);
        Random rows = new Random(random.nextLong());
        String url = server.url();
        Thread writer = new Thread(() -> {
          try (Connection c = DriverManager.getConnection(url);
              PreparedStatement insert = c.prepareStatement(
                  "INSERT INTO orders VALUES (?, ?, ?, ?)")) {
            while (true) {
              // 1 to 2,000 rows, most of them few (a mean of about 290, one in nine over 1,000):
              // the stream and the join view grow with every round, and so do the restarts and
              // the checks.
              int n = 1 + (int) (1_999 * Math.pow(rows.nextDouble(), 6));
              long first = nextId.getAndAdd(n);
              for (int i = 0; i < n; i++) {
                Order o = order(first + i, rows);
                insert.setLong(1, o.id);
                insert.setString(2, o.item);
                insert.setLong(3, o.amount);
                insert.setTimestamp(4, new Timestamp(o.ts));
                insert.addBatch();
              }
              inserts.add(new Insert(first, n, false));
              insert.executeBatch(); // one commit: all rows or none
              inserts.set(inserts.size() - 1, new Insert(first, n, true));
              ingesting.countDown();
            }
          } catch (SQLException | RuntimeException e) {
            // The server was killed under the statement.
          } finally {
            ingesting.countDown();
          }
        }, "writer-" + round);
        writer.start();
        ingesting.await(30, TimeUnit.SECONDS);
        Thread.sleep(50 + random.nextInt(1_451));
        long behind = rowsBehind(url);
        server.kill();
        if (behind > 0) {
          killedBehind++;
          mostBehind = Math.max(mostBehind, behind);
        }
        writer.join(60_000);
        long restart = System.nanoTime();
        server = ServerProcess.start(data, FAST_START);
        restart = (System.nanoTime() - restart) / 1_000_000;

        String context = "round " + round + " (seed " + seed + ")";
        long checking = System.nanoTime();
        try (Connection c = DriverManager.getConnection(server.url());
            Statement s = c.createStatement()) {
          int added = truth.readNewOrders(s, context);
          awaitCaughtUp(s, truth.rows.size() - 1, context);
          for (Insert i : inserts) {
            int present = truth.presentIn(i.first, i.rows);
            if (i.acknowledged && present != i.rows) {
              fail(context + ": acknowledged INSERT of ids " + i.first + ".." + (i.first + i.rows
                  - 1) + " has " + present + " of its " + i.rows + " rows in orders");
            }
            if (!i.acknowledged && present != 0 && present != i.rows) {
              fail(context + ": unacknowledged INSERT of ids " + i.first + ".." + (i.first
                  + i.rows - 1) + " left " + present + " of its " + i.rows + " rows");
            }
            if (!i.acknowledged) {
              if (present == 0) {
                unacknowledgedAbsent++;
              } else {
                unacknowledgedThere++;
              }
            }
          }
          compare(context, "agg", truth.agg(), rows(s, "SELECT item, n, total FROM agg"));
          compare(context, "win", truth.closedWindows(), rows(s, "SELECT window_start,"
              + " window_end, item, n, total FROM win"));
          // After a view read: it waited for the round that committed the job's last writes.
          compare(context, "totals", truth.totals(), rows(s, "SELECT item, total FROM totals"));
          truth.checkJoined(s, context);
          System.out.printf("%s: %d inserts (%d acknowledged), %d new rows, %d in orders;"
              + " views %d rows behind at the kill; restarted in %d ms; caught up and checked"
              + " in %d ms%n",
              context, inserts.size(), inserts.stream().filter(Insert::acknowledged).count(),
              added, truth.rows.size(), behind, restart,
              (System.nanoTime() - checking) / 1_000_000);
        }
      }
      System.out.printf("%d kills in %.1f s: unacknowledged INSERTs there %d, absent %d;"
          + " views behind the stream at %d kills (by up to %d rows)%n", ROUNDS,
          (System.nanoTime() - started) / 1e9, unacknowledgedThere, unacknowledgedAbsent,
          killedBehind, mostBehind);
    } finally {
      server.kill();
    }
  }

  /**
   * Waits until every view and the job has committed the stream's last position, {@code last}:
   * a view read waits for that only up to 2 s, then reads an older consistent cut, and after a
   * kill the backlog may take longer than that.
   */
  private static void awaitCaughtUp(Statement s, long last, String context) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    List<String> behind = List.of();
    while (System.nanoTime() < deadline) {
      behind = new ArrayList<>();
      for (String show : List.of("SHOW VIEWS", "SHOW JOBS")) {
        try (ResultSet rs = s.executeQuery(show)) {
          while (rs.next()) {
            String position = rs.getString("INPUT_POSITION");
            String error = rs.getString("ERROR");
            if (!position.equalsIgnoreCase("ORDERS:" + last) || error != null) {
              behind.add(rs.getString(1) + " at " + position + " (" + rs.getString("STATE")
                  + (error == null ? "" : ": " + error) + ")");
            }
          }
        }
      }
      if (behind.isEmpty()) {
        return;
      }
      Thread.sleep(50);
    }
    fail(context + ": views and jobs did not reach ORDERS:" + last + " in 60 s: " + behind);
  }

  /**
   * How many rows of orders the view or job furthest behind had yet to process, a moment
   * before the kill (positions first, then the stream's end: never less than the real lag);
   * -1 if the server did not answer.
   */
  private static long rowsBehind(String url) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      long slowest = Long.MAX_VALUE;
      for (String show : List.of("SHOW VIEWS", "SHOW JOBS")) {
        try (ResultSet rs = s.executeQuery(show)) {
          while (rs.next()) {
            String position = rs.getString("INPUT_POSITION");
            slowest = Math.min(slowest,
                Long.parseLong(position.substring(position.lastIndexOf(':') + 1)));
          }
        }
      }
      try (ResultSet rs = s.executeQuery("SHOW STREAMS")) {
        while (rs.next()) {
          if (rs.getString(1).equalsIgnoreCase("orders")) {
            return Math.max(0, rs.getLong("ROWS_RETAINED") - 1 - slowest);
          }
        }
      }
      return -1;
    } catch (SQLException | RuntimeException e) {
      return -1;
    }
  }

  private static List<String> rows(Statement s, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          Object v = rs.getObject(i);
          row.append(i == 1 ? "" : " | ").append(v instanceof Timestamp t
              ? TS.format(t.toInstant()) : String.valueOf(v));
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  /** Fails with the rows missing from and extra in {@code actual}, as multisets. */
  private static void compare(String context, String view, List<String> expected,
      List<String> actual) {
    Map<String, Integer> diff = new TreeMap<>();
    expected.forEach(r -> diff.merge(r, 1, Integer::sum));
    actual.forEach(r -> diff.merge(r, -1, Integer::sum));
    diff.values().removeIf(c -> c == 0);
    if (diff.isEmpty()) {
      return;
    }
    List<String> missing = new ArrayList<>();
    List<String> extra = new ArrayList<>();
    diff.forEach((row, c) -> (c > 0 ? missing : extra).add(Math.abs(c) + " x [" + row + "]"));
    fail(context + ": " + view + " differs from the batch answer (" + expected.size()
        + " rows expected, " + actual.size() + " read); missing " + missing.size() + ": "
        + head(missing) + "; extra " + extra.size() + ": " + head(extra));
  }

  private static List<String> head(List<String> rows) {
    return rows.size() <= 30 ? rows : rows.subList(0, 30);
  }

  /**
   * The rows orders holds, read once (a stream is append-only: each round reads the rows after
   * the highest id it had, and checks the count and sums of all), and the batch answers over
   * them.
   */
  private static final class Truth {
    final List<Order> rows = new ArrayList<>();
    private long sumIds;
    private long sumAmounts;
    /** The highest id of the joined rows compared one by one so far. */
    private long joinedChecked;
    private long joinedCount;
    private long joinedSumIds;
    private long joinedSumCost;

    long maxId() {
      return rows.isEmpty() ? 0 : rows.get(rows.size() - 1).id;
    }

    int readNewOrders(Statement s, String context) throws SQLException {
      List<Order> added = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT id, item, amount, ts FROM orders WHERE id > "
          + maxId())) {
        while (rs.next()) {
          added.add(new Order(rs.getLong(1), rs.getString(2), rs.getLong(3),
              rs.getTimestamp(4).toInstant().toEpochMilli()));
        }
      }
      added.sort((a, b) -> Long.compare(a.id, b.id));
      for (Order o : added) {
        if (o.ts != BASE_TS + o.id) {
          fail(context + ": order " + o.id + " came back with ts " + o.ts);
        }
        rows.add(o);
        sumIds += o.id;
        sumAmounts += o.amount;
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(id), SUM(amount) FROM orders")) {
        rs.next();
        List<Long> expected = List.of((long) rows.size(), sumIds, sumAmounts);
        List<Long> read = List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        if (!expected.equals(read)) {
          fail(context + ": orders lost or doubled rows of earlier rounds: count, sum(id),"
              + " sum(amount) " + read + ", expected " + expected);
        }
      }
      return added.size();
    }

    /** How many of ids {@code first .. first + n - 1} orders holds. */
    int presentIn(long first, int n) {
      int present = 0;
      int i = lowerBound(first);
      while (i < rows.size() && rows.get(i).id < first + n) {
        present++;
        i++;
      }
      return present;
    }

    private int lowerBound(long id) {
      int lo = 0;
      int hi = rows.size();
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (rows.get(mid).id < id) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    /** {@code SELECT item, COUNT(*), SUM(amount) FROM orders GROUP BY item}. */
    List<String> agg() {
      Map<String, long[]> groups = new HashMap<>();
      for (Order o : rows) {
        long[] g = groups.computeIfAbsent(o.item, k -> new long[2]);
        g[0]++;
        g[1] += o.amount;
      }
      List<String> out = new ArrayList<>();
      groups.forEach((item, g) -> out.add(item + " | " + g[0] + " | " + g[1]));
      return out;
    }

    /** {@code SELECT item, SUM(amount) FROM orders GROUP BY item}. */
    List<String> totals() {
      Map<String, Long> groups = new HashMap<>();
      for (Order o : rows) {
        groups.merge(o.item, o.amount, Long::sum);
      }
      List<String> out = new ArrayList<>();
      groups.forEach((item, total) -> out.add(item + " | " + total));
      return out;
    }

    /**
     * The batch TUMBLE aggregate over the windows that closed: window_end at or before the
     * watermark, the largest ts minus 1 s (the view keeps final windows only).
     */
    List<String> closedWindows() {
      long watermark = rows.isEmpty() ? Long.MIN_VALUE
          : rows.get(rows.size() - 1).ts - WATERMARK_DELAY_MILLIS;
      Map<String, long[]> groups = new HashMap<>();
      for (Order o : rows) {
        long start = Math.floorDiv(o.ts, WINDOW_MILLIS) * WINDOW_MILLIS;
        if (start + WINDOW_MILLIS <= watermark) {
          String key = TS.format(Instant.ofEpochMilli(start)) + " | "
              + TS.format(Instant.ofEpochMilli(start + WINDOW_MILLIS)) + " | " + o.item;
          long[] g = groups.computeIfAbsent(key, k -> new long[2]);
          g[0]++;
          g[1] += o.amount;
        }
      }
      List<String> out = new ArrayList<>();
      groups.forEach((key, g) -> out.add(key + " | " + g[0] + " | " + g[1]));
      return out;
    }

    private static String joinedRow(Order o) {
      return o.id + " | " + o.item + " | " + o.amount * PRICES.get(o.item);
    }

    /**
     * The join view against the batch join: row by row for the ids after those checked in
     * earlier rounds, and for all rows by count and sums (all rows one by one if those differ).
     */
    void checkJoined(Statement s, String context) throws SQLException {
      List<String> expected = new ArrayList<>();
      for (int i = lowerBound(joinedChecked + 1); i < rows.size(); i++) {
        Order o = rows.get(i);
        if (PRICES.containsKey(o.item)) {
          expected.add(joinedRow(o));
          joinedCount++;
          joinedSumIds += o.id;
          joinedSumCost += o.amount * PRICES.get(o.item);
        }
      }
      compare(context, "joined (ids > " + joinedChecked + ")", expected,
          rows(s, "SELECT id, item, cost FROM joined WHERE id > " + joinedChecked));
      joinedChecked = maxId();
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(id), SUM(cost) FROM joined")) {
        rs.next();
        if (rs.getLong(1) != joinedCount || rs.getLong(2) != joinedSumIds
            || rs.getLong(3) != joinedSumCost) {
          List<String> all = new ArrayList<>();
          for (Order o : rows) {
            if (PRICES.containsKey(o.item)) {
              all.add(joinedRow(o));
            }
          }
          compare(context, "joined", all, rows(s, "SELECT id, item, cost FROM joined"));
          fail(context + ": joined's count and sums differ, yet its rows equal the batch join");
        }
      }
    }
  }
}
