package io.sluice.testing.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One JVM with 300 live queries being read at once (each reader blocked in {@code next()}, so
 * each holds a long-polling fetch on the server for up to the fetch wait of one second) must
 * still connect and INSERT at once: the driver's HTTP pool and the server's threads are sized
 * for live readers. Avatica's own pool (25 connections per server) made each call wait seconds.
 *
 * <p>The timed INSERTs write rows the live queries filter out, so they time the client and the
 * server's request handling, not the hand-off of each row to 300 queries (which the INSERT
 * does before it returns; its time is printed). A last INSERT every query matches checks that
 * all 300 still deliver. Medians are asserted, against the 100 ms target for connecting and for
 * a prepared INSERT; an INSERT with new SQL text is planned anew (30-50 ms on an idle machine
 * with no live query at all, see STACK.md), so its median is held to 250 ms, loose enough for a
 * loaded 2-core machine, and its figure with no live query is printed beside it.
 */
class ManyLiveQueriesTest {
  private static final int LIVE_QUERIES = 300;
  private static final int QUERIES_PER_CONNECTION = 30;
  private static final int SAMPLES = 15;
  /** The target is 100 ms; the median is asserted, the figures are printed. */
  private static final long TARGET_MILLIS = 100;
  private static final long PLANNED_INSERT_MILLIS = 250;

  /** One timed call. */
  @FunctionalInterface
  private interface Call {
    void run(int sample) throws Exception;
  }

  /** Milliseconds each of {@link #SAMPLES} calls took. */
  private static long[] time(Call call) throws Exception {
    long[] millis = new long[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      long t0 = System.nanoTime();
      call.run(i);
      millis[i] = (System.nanoTime() - t0) / 1_000_000;
    }
    return millis;
  }

  @Test
  void connectingAndInsertingStayQuickWith300LiveReaders() throws Exception {
    try (RunningServer server = RunningServer.start(Duration.ofMinutes(2), 1000)) {
      server.execute("CREATE STREAM orders (id BIGINT, amount DOUBLE)");
      Connection client = server.connect();
      Statement plain = client.createStatement();
      PreparedStatement prepared = client.prepareStatement("INSERT INTO orders VALUES (?, 1.0)");
      long[] plainAlone = time(i -> plain.executeUpdate(
          "INSERT INTO orders VALUES (" + (-1000 - i) + ", 1.0)"));
      List<Connection> connections = new ArrayList<>();
      ExecutorService readers = Executors.newFixedThreadPool(LIVE_QUERIES);
      CountDownLatch firstRows = new CountDownLatch(LIVE_QUERIES);
      try {
        for (int c = 0; c < LIVE_QUERIES / QUERIES_PER_CONNECTION; c++) {
          Connection connection = server.connect();
          connections.add(connection);
          for (int q = 0; q < QUERIES_PER_CONNECTION; q++) {
            PreparedStatement live =
                connection.prepareStatement("SELECT STREAM id FROM orders WHERE id >= ?");
            live.setLong(1, 0);
            ResultSet rows = live.executeQuery();
            readers.submit(() -> read(rows, firstRows));
          }
        }
        assertEquals(LIVE_QUERIES, server.runningQueries());
        Thread.sleep(1500); // every reader is now inside a long-polling fetch

        long[] connect = time(i -> server.connect().close());
        long[] insert = time(i -> {
          prepared.setLong(1, -1 - i);
          prepared.executeUpdate();
        });
        long[] planned = time(i -> plain.executeUpdate(
            "INSERT INTO orders VALUES (" + (-100 - i) + ", 1.0)"));
        System.out.printf("%d live readers: connect ms %s (median %d); prepared INSERT ms %s"
            + " (median %d); INSERT with new SQL text ms %s (median %d; %d with no live query:"
            + " %s)%n", LIVE_QUERIES, Arrays.toString(connect), median(connect),
            Arrays.toString(insert), median(insert), Arrays.toString(planned), median(planned),
            median(plainAlone), Arrays.toString(plainAlone));
        assertTrue(median(connect) < TARGET_MILLIS, "median connect " + median(connect) + " ms");
        assertTrue(median(insert) < TARGET_MILLIS, "median INSERT " + median(insert) + " ms");
        assertTrue(median(planned) < PLANNED_INSERT_MILLIS,
            "median INSERT with new SQL " + median(planned) + " ms");
        long t0 = System.nanoTime();
        server.execute("INSERT INTO orders VALUES (1, 1.0)");
        System.out.printf("an INSERT every one of the %d live queries matches: %d ms%n",
            LIVE_QUERIES, (System.nanoTime() - t0) / 1_000_000);
        assertTrue(firstRows.await(30, TimeUnit.SECONDS),
            "every live query delivers its rows: " + firstRows.getCount() + " still waiting");
      } finally {
        client.close();
        for (Connection c : connections) {
          c.close();
        }
        readers.shutdownNow();
        readers.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  private static void read(ResultSet rows, CountDownLatch firstRows) {
    try {
      if (rows.next()) {
        firstRows.countDown();
      }
      while (rows.next()) {
        // Keep fetching, as a live reader does, until the connection closes.
      }
    } catch (SQLException e) {
      // The connection was closed at the end of the test.
    }
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
