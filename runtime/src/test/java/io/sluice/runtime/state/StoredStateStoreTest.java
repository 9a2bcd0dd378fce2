package io.sluice.runtime.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sluice.runtime.storage.Storage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State of views and jobs: in memory while an epoch runs, in the store after its flush. */
class StoredStateStoreTest {
  @TempDir Path dir;

  @Test
  void changesReachTheStoreOnlyAtAFlushAndAreThereAfterReopening() {
    Path file = dir.resolve("rows.mv.db");
    try (Storage storage = Storage.open(file, false)) {
      StoredStateStore state = new StoredStateStore(storage, "view.V.state/");
      StateMap<GroupKey, Long> counts = state.map("counts");
      counts.put(new GroupKey("a"), 1L);
      counts.put(new GroupKey("b"), 2L);
      // Keys of windows, with a group of several columns (one NULL) or of one.
      StateMap<WindowKey, Object[]> windows = state.map("windows");
      windows.put(new WindowKey(10, 0, new GroupKey("k", null, 2.5)), new Object[] {1L, null, "x"});
      windows.put(new WindowKey(20, 10, "solo"), new Object[] {7});
      // An aggregate's accumulators: a count, a running sum, a set of distinct values.
      StateMap<GroupKey, Object[]> aggs = state.map("aggs");
      io.sluice.runtime.agg.AggFunction sum = io.sluice.runtime.agg.AggFunctions.sum(
          io.sluice.runtime.agg.NumberKind.DOUBLE);
      Object acc = sum.add(sum.add(sum.init(), 2.5), 4.0);
      aggs.put(new GroupKey("g"), new Object[] {new long[] {3}, acc,
          new java.util.HashMap<>(java.util.Map.of("x", 1L))});
      long before = storage.lastCommitted();
      storage.transaction(() -> { }); // another writer commits: the epoch is not in it
      assertEquals(0, storage.readAt("view.V.state/counts", storage.lastCommitted()).size());
      storage.transaction(state::flush);
      assertEquals(2, storage.readAt("view.V.state/counts", storage.lastCommitted()).size());

      // A removal through a probe key (refilled right after) removes that key.
      GroupKey probe = GroupKey.probe(1);
      counts.remove(probe.set(new Object[] {"a"}, new int[] {0}));
      probe.set(new Object[] {"zzz"}, new int[] {0});
      counts.put(new GroupKey("c"), 3L);
      storage.transaction(state::flush);
      assertEquals(before + 3, storage.lastCommitted());
    }
    try (Storage storage = Storage.open(file, false)) {
      StoredStateStore state = new StoredStateStore(storage, "view.V.state/");
      StateMap<GroupKey, Long> counts = state.map("counts");
      StateMap<WindowKey, Object[]> windows = state.map("windows");
      assertArrayEquals(new Object[] {1L, null, "x"},
          windows.get(new WindowKey(10, 0, new GroupKey("k", null, 2.5))));
      assertArrayEquals(new Object[] {7}, windows.get(new WindowKey(20, 10, "solo")));
      assertNull(counts.get(new GroupKey("a")));
      Object[] accs = state.<GroupKey, Object[]>map("aggs").get(new GroupKey("g"));
      assertEquals(3L, ((long[]) accs[0])[0]);
      assertEquals(6.5, io.sluice.runtime.agg.AggFunctions.sum(
          io.sluice.runtime.agg.NumberKind.DOUBLE).result(accs[1]));
      assertEquals(java.util.Map.of("x", 1L), accs[2]);
      assertEquals(2L, counts.get(new GroupKey("b")));
      assertEquals(3L, counts.get(new GroupKey("c")));
      assertEquals(5, state.entries());
      state.drop();
      assertNull(storage.readAt("view.V.state/counts", storage.lastCommitted()));
    }
  }
}
