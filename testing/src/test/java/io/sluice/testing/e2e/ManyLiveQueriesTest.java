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
 */
class ManyLiveQueriesTest {
  private static final int LIVE_QUERIES = 300;
  private static final int QUERIES_PER_CONNECTION = 30;
  private static final int SAMPLES = 15;
  /** The target is 100 ms; the median is asserted, the figures are printed. */
  private static final long TARGET_MILLIS = 100;

  @Test
  void connectingAndInsertingStayQuickWith300LiveReaders() throws Exception {
    try (RunningServer server = RunningServer.start(Duration.ofMinutes(2), 1000)) {
      server.execute("CREATE STREAM orders (id BIGINT, amount DOUBLE)");
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

        long[] connect = new long[SAMPLES];
        long[] insert = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
          long t0 = System.nanoTime();
          try (Connection c = server.connect()) {
            long t1 = System.nanoTime();
            connect[i] = (t1 - t0) / 1_000_000;
            try (Statement s = c.createStatement()) {
              long t2 = System.nanoTime();
              s.executeUpdate("INSERT INTO orders VALUES (" + i + ", 1.0)");
              insert[i] = (System.nanoTime() - t2) / 1_000_000;
            }
          }
        }
        System.out.printf("%d live readers: connect ms %s, INSERT ms %s (medians %d and %d)%n",
            LIVE_QUERIES, Arrays.toString(connect), Arrays.toString(insert), median(connect),
            median(insert));
        assertTrue(median(connect) < TARGET_MILLIS, "median connect " + median(connect) + " ms");
        assertTrue(median(insert) < TARGET_MILLIS, "median INSERT " + median(insert) + " ms");
        assertTrue(firstRows.await(30, TimeUnit.SECONDS),
            "every live query delivers its rows: " + firstRows.getCount() + " still waiting");
      } finally {
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
