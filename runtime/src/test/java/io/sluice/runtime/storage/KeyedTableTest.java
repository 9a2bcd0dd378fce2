package io.sluice.runtime.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyedTableTest {
  @TempDir Path dir;

  @Test
  void upsertsByKeyAndReloadsItsIndex() {
    Path file = dir.resolve("rows.mv.db");
    try (Storage storage = Storage.open(file, false)) {
      KeyedTable t = KeyedTable.open(storage, "RATES", new int[] {0});
      t.upsert(List.of(new Object[] {"EUR", 1.1}, new Object[] {"GBP", 1.3},
          new Object[] {"EUR", 1.15}));
      t.upsert(List.<Object[]>of(new Object[] {"GBP", 1.25}));
      assertEquals(2, t.size());
      assertArrayEquals(new Object[] {"EUR", 1.15}, t.lookup("EUR"));
    }
    try (Storage storage = Storage.open(file, false)) {
      KeyedTable t = KeyedTable.open(storage, "RATES", new int[] {0});
      assertEquals(2, t.snapshot().size());
      assertArrayEquals(new Object[] {"GBP", 1.25}, t.lookup("GBP"));
      assertNull(t.lookup("USD"));
      t.upsert(List.<Object[]>of(new Object[] {"USD", 1.0}));
      assertEquals("EUR", t.snapshot().get(0)[0], "first-insert order is kept");
      assertEquals(3, t.size());
    }
  }

  @Test
  void compositeKeys() {
    try (Storage storage = Storage.inMemory()) {
      KeyedTable t = KeyedTable.open(storage, "T", new int[] {0, 1});
      t.upsert(List.of(new Object[] {1L, "a", 1}, new Object[] {1L, "b", 2},
          new Object[] {1L, "a", 3}));
      assertEquals(2, t.size());
      assertArrayEquals(new Object[] {1L, "a", 3}, t.lookup(1L, "a"));
    }
  }
}
