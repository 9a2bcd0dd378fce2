package io.sluice.runtime.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads of a committed version (what snapshot reads of views use) and nested transactions. */
class StorageReadAtTest {
  @TempDir Path dir;

  @Test
  void aCommittedVersionReadsTheSameWhileLaterTransactionsWrite() {
    for (Storage storage : List.of(Storage.open(dir.resolve("rows.mv.db"), false),
        Storage.inMemory())) {
      try (storage) {
        MVMap<Long, String> map = storage.map("m");
        storage.transaction(() -> map.put(1L, "one"));
        long v1 = storage.lastCommitted();
        storage.transaction(() -> {
          map.put(1L, "uno");
          map.put(2L, "two");
          // Inside a transaction the last committed version still reads as it was.
          MVMap<Long, String> during = storage.readAt("m", storage.lastCommitted());
          assertEquals("one", during.get(1L));
          assertNull(during.get(2L));
        });
        // A reader opens a version and reads it while writers commit 50 more.
        MVMap<Long, String> old = storage.readAt("m", v1);
        for (int i = 0; i < 50; i++) {
          long k = i;
          storage.transaction(() -> map.put(100 + k, "x" + k));
        }
        assertEquals("one", old.get(1L));
        assertEquals(1, old.size());
        assertEquals("uno", storage.readAt("m", storage.lastCommitted()).get(1L));
        assertNull(storage.readAt("absent", storage.lastCommitted()));
      }
    }
  }

  @Test
  void aNestedTransactionCommitsWithTheOuterOneAndHooksRunAfterIt() {
    try (Storage storage = Storage.inMemory()) {
      MVMap<Long, String> map = storage.map("m");
      List<String> events = new ArrayList<>();
      long before = storage.lastCommitted();
      storage.transaction(() -> {
        storage.transaction(() -> {
          map.put(1L, "inner");
          storage.afterCommit(() -> events.add("hook"));
        });
        events.add("inner returned, version " + (storage.lastCommitted() - before));
        map.put(2L, "outer");
      });
      assertEquals(List.of("inner returned, version 0", "hook"), events);
      assertEquals(2, storage.readAt("m", storage.lastCommitted()).size());
    }
  }
}
