package io.sluice.runtime.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.exec.Output;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
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
  private static final class Collect implements Output {
    final List<Object[]> rows = new ArrayList<>();

    @Override
    public void emit(ChangeBatch batch) {
      for (int i = 0; i < batch.size(); i++) {
        rows.add(batch.row(i));
      }
    }

    @Override
    public void emitWatermark(long watermark) {}
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
      log.subscribe(new Output() {
        @Override
        public void emit(ChangeBatch batch) {
          throw new IllegalStateException("boom");
        }

        @Override
        public void emitWatermark(long watermark) {}
      }, failure::set);
      log.append(rows(2, 3));
      log.append(rows(4));
      assertArrayEquals(new long[] {2, 3, 4}, ids(good.rows));
      assertEquals("boom", failure.get().getMessage());
      assertEquals(1, log.subscriberCount());
    }
  }

  @Test
  void aFailedWriteKeepsNothing() {
    try (Storage storage = Storage.inMemory()) {
      StreamLog log = StreamLog.open(storage, "S", Retention.UNLIMITED);
      log.append(rows(1));
      assertThrows(IllegalStateException.class, () -> storage.commitAll(() -> {
        throw new IllegalStateException("disk full");
      }));
      assertArrayEquals(new long[] {1}, ids(log.snapshot()));
      assertTrue(log.retainedCount() == 1);
    }
  }
}
