package io.sluice.runtime.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;

/**
 * A bounded, updatable table keyed by its primary key: an insert with an existing key replaces
 * the row. Rows are durable in {@link Storage} under a row id; the key index lives in memory and
 * is rebuilt on open.
 */
public final class KeyedTable implements TableRows {
  private final Storage storage;
  private final String mapName;
  private final MVMap<Long, Object[]> map;
  private final int[] keyColumns;
  private final Object lock = new Object();
  /** Key values to row id, in first-insert order. */
  private final LinkedHashMap<List<Object>, Long> index = new LinkedHashMap<>();
  private final Map<Long, Object[]> rows = new HashMap<>();
  private long nextRowId;

  private KeyedTable(Storage storage, String mapName, int[] keyColumns) {
    this.storage = storage;
    this.mapName = mapName;
    this.map = storage.map(mapName);
    this.keyColumns = keyColumns.clone();
    for (Map.Entry<Long, Object[]> e : map.entrySet()) {
      index.put(key(e.getValue()), e.getKey());
      rows.put(e.getKey(), e.getValue());
      nextRowId = e.getKey() + 1;
    }
  }

  /** Opens the table stored under {@code name}; {@code keyColumns} are the primary key's ordinals. */
  public static KeyedTable open(Storage storage, String name, int[] keyColumns) {
    return new KeyedTable(storage, "table." + name, keyColumns);
  }

  private List<Object> key(Object[] row) {
    Object[] k = new Object[keyColumns.length];
    for (int i = 0; i < k.length; i++) {
      k[i] = row[keyColumns[i]];
    }
    return Arrays.asList(k);
  }

  /**
   * Deletes by key, then inserts or replaces by key, durably, all or none; later rows win over
   * earlier ones. Inside a {@link Storage#transaction} the changes commit with it.
   */
  @Override
  public void apply(List<Object[]> newRows, List<Object[]> deletes) {
    // The store's lock first, then the table's: the order every writer takes them in.
    storage.transaction(() -> {
      synchronized (lock) {
        for (Object[] gone : deletes) {
          Long id = index.remove(key(gone));
          if (id != null) {
            map.remove(id);
            rows.remove(id);
          }
        }
        Map<List<Object>, Long> assigned = new HashMap<>();
        List<Long> ids = new ArrayList<>(newRows.size());
        long next = nextRowId;
        for (Object[] row : newRows) {
          List<Object> k = key(row);
          Long id = index.get(k);
          if (id == null) {
            id = assigned.get(k);
          }
          if (id == null) {
            id = next++;
            assigned.put(k, id);
          }
          ids.add(id);
        }
        for (int i = 0; i < newRows.size(); i++) {
          map.put(ids.get(i), newRows.get(i));
        }
        for (int i = 0; i < newRows.size(); i++) {
          Object[] row = newRows.get(i);
          index.putIfAbsent(key(row), ids.get(i));
          rows.put(ids.get(i), row);
        }
        nextRowId = next;
      }
    });
  }

  /** The rows now, in the order their keys were first inserted. */
  @Override
  public List<Object[]> snapshot() {
    synchronized (lock) {
      List<Object[]> out = new ArrayList<>(index.size());
      for (Long id : index.values()) {
        out.add(rows.get(id));
      }
      return out;
    }
  }

  /** The row with these key values, or null. */
  @Override
  public Object[] lookup(Object... keyValues) {
    synchronized (lock) {
      Long id = index.get(Arrays.asList(keyValues));
      return id == null ? null : rows.get(id);
    }
  }

  @Override
  public long size() {
    synchronized (lock) {
      return index.size();
    }
  }

  /** Deletes the table's rows from the store; the table must not be used afterwards. */
  @Override
  public void drop() {
    // The store's lock first, as apply takes them.
    storage.transaction(() -> {
      synchronized (lock) {
        index.clear();
        rows.clear();
        storage.drop(mapName);
      }
    });
  }
}
