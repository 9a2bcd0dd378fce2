package io.sluice.runtime.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.mvstore.MVMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamLogTest {
  @TempDir Path dir;

  private static List<Object[]> rows(long... ids) {
    List<Object[]> out = new ArrayList<>();
    for (long id : ids) {
      out.add(new Object[] {id, "r" + id});
    }
    return out;
  }

  private static long[] ids(List<Object[]> rows) {
    return rows.stream().mapToLong(r -> (Long) r[0]).toArray();
  }

  /** Collects what a subscriber receives. */
  private static final class Collect implements StreamLog.Reader {
    final List<Object[]> rows = new ArrayList<>();

    @Override
    public void appended(List<Object[]> appended) {
      rows.addAll(appended);
    }
  }

  @Test
  void retainsByRowCountAndSurvivesReopen() {
    Path file = dir.resolve("rows.mv.db");
    try (Storage storage = Storage.open(file, false)) {
      StreamLog log = StreamLog.open(storage, "S", new Retention(3, null));
      log.append(rows(1, 2));
      log.append(rows(3, 4, 5));
      assertArrayEquals(new long[] {3, 4, 5}, ids(log.snapshot()));
    }
    try (Storage storage = Storage.open(file, false)) {
      StreamLog log = StreamLog.open(storage, "S", new Retention(3, null));
      assertArrayEquals(new long[] {3, 4, 5}, ids(log.snapshot()));
      log.append(rows(6));
      assertArrayEquals(new long[] {4, 5, 6}, ids(log.snapshot()));
    }
  }

  @Test
  void retainsByAge() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    try (Storage storage = Storage.inMemory()) {
      StreamLog log = new StreamLog(storage, "stream.S",
          new Retention(Long.MAX_VALUE, Duration.ofMinutes(10)), clock);
      log.append(rows(1));
      now.set(now.get().plus(Duration.ofMinutes(6)));
      log.append(rows(2));
      assertArrayEquals(new long[] {1, 2}, ids(log.snapshot()));
      now.set(now.get().plus(Duration.ofMinutes(5)));
      assertArrayEquals(new long[] {2}, ids(log.snapshot()));
    }
  }

  @Test
  void subscribersSeeLaterAppendsInOrderAndFailingOnesAreDetached() {
    try (Storage storage = Storage.inMemory()) {
      StreamLog log = StreamLog.open(storage, "S", Retention.UNLIMITED);
      log.append(rows(1));
      Collect good = new Collect();
      log.subscribe(good, e -> { });
      AtomicReference<Throwable> failure = new AtomicReference<>();
      log.subscribe(rows -> {
        throw new IllegalStateException("boom");
      }, failure::set);
      log.append(rows(2, 3));
      log.append(rows(4));
      assertArrayEquals(new long[] {2, 3, 4}, ids(good.rows));
      assertEquals("boom", failure.get().getMessage());
      assertEquals(1, log.subscriberCount());
    }
  }

  @Test
  void subscribersGetACopyTheAppenderCannotChange() {
    try (Storage storage = Storage.inMemory()) {
      StreamLog log = StreamLog.open(storage, "S", Retention.UNLIMITED);
      Collect seen = new Collect();
      log.subscribe(seen, e -> { });
      List<Object[]> batch = rows(1, 2);
      log.append(batch);
      batch.clear();
      assertArrayEquals(new long[] {1, 2}, ids(seen.rows));
    }
  }

  /**
   * A statement's rows reach the file only with its commit: MVStore's saves when unsaved
   * changes pass a size would otherwise write part of a large statement, and a crash then
   * would keep that part.
   */
  @Test
  void aLargeWriteReachesTheFileOnlyAtItsCommit() throws Exception {
    Path file = dir.resolve("rows.mv.db");
    try (Storage storage = Storage.open(file, false)) {
      MVMap<Long, Object[]> map = storage.map("stream.BIG");
      storage.transaction(() -> map.put(-1L, new Object[] {0L, "first"}));
      long before = Files.size(file);
      long[] during = new long[1];
      storage.transaction(() -> {
        for (long i = 0; i < 400_000; i++) {
          map.put(i, new Object[] {i, "row " + i, i * 7});
        }
        try {
          during[0] = Files.size(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      assertEquals(before, during[0], "the file grew before the statement's commit");
      assertTrue(Files.size(file) > before);
    }
  }

  @Test
  void aFailedWriteKeepsNothing() {
    try (Storage storage = Storage.inMemory()) {
      StreamLog log = StreamLog.open(storage, "S", Retention.UNLIMITED);
      log.append(rows(1));
      assertThrows(IllegalStateException.class, () -> storage.transaction(() -> {
        throw new IllegalStateException("disk full");
      }));
      assertArrayEquals(new long[] {1}, ids(log.snapshot()));
      assertTrue(log.retainedCount() == 1);
    }
  }

  @Test
  void aDropWhileAppendsRunCompletes() throws Exception {
    // DROP takes the store's lock before the log's, as append does: the two used to deadlock.
    for (int round = 0; round < 20; round++) {
      try (Storage storage = Storage.inMemory()) {
        StreamLog log = StreamLog.open(storage, "S", Retention.UNLIMITED);
        KeyedTable table = KeyedTable.open(storage, "T", new int[] {0});
        Thread writer = new Thread(() -> {
          try {
            for (long i = 0; i < 2_000; i++) {
              log.append(List.<Object[]>of(new Object[] {i}));
              table.upsert(List.<Object[]>of(new Object[] {i % 10, i}));
            }
          } catch (IllegalStateException dropped) {
            // Writing after the drop fails (its map is gone): what matters is that it ends.
          }
        });
        writer.start();
        Thread.sleep(round % 5);
        Thread dropper = new Thread(() -> {
          log.drop();
          table.drop();
        });
        dropper.start();
        dropper.join(10_000);
        writer.join(10_000);
        assertTrue(!dropper.isAlive() && !writer.isAlive(), "DROP and INSERT deadlocked");
      }
    }
  }
}
