package io.sluice.runtime.state;

import io.sluice.runtime.storage.Storage;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.h2.mvstore.MVMap;

/**
 * The state of a server-owned query (a materialized view, a job): operators work on maps in
 * memory, as a live query's do, and {@link #flush} writes what changed since the last flush to
 * the server's store, each map under the query's prefix. The owner flushes once per epoch
 * inside the transaction that also writes the query's result and input positions, so after a
 * crash all three are as of the same input position. Opening a map loads what the store holds,
 * which is how a query resumes after a restart.
 */
public final class StoredStateStore implements StateStore {
  private final Storage storage;
  private final String prefix;
  private final Map<String, Stored<?, ?>> maps = new LinkedHashMap<>();

  /** @param prefix the maps' name prefix, e.g. {@code "view.TOTALS.state/"} */
  public StoredStateStore(Storage storage, String prefix) {
    this.storage = storage;
    this.prefix = prefix;
  }

  /** A map in memory that remembers the keys changed since its last flush. */
  private static final class Stored<K, V> implements StateMap<K, V> {
    private final HashMap<K, V> heap = new HashMap<>();
    private final MVMap<K, V> disk;
    private final Set<K> dirty = new HashSet<>();

    Stored(MVMap<K, V> disk) {
      this.disk = disk;
      for (Map.Entry<K, V> e : disk.entrySet()) {
        heap.put(e.getKey(), e.getValue());
      }
    }

    @Override
    public V get(K key) {
      return heap.get(key);
    }

    @Override
    public void put(K key, V value) {
      heap.put(key, value);
      dirty.add(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void remove(K key) {
      if (heap.remove(key) != null || disk.containsKey(key)) {
        // A probe key is refilled after the call: remember a copy.
        dirty.add(key instanceof GroupKey g ? (K) g.copy() : key);
      }
    }

    @Override
    public Iterator<Map.Entry<K, V>> scan() {
      return heap.entrySet().iterator();
    }

    @Override
    public long size() {
      return heap.size();
    }

    void flush() {
      for (K key : dirty) {
        V value = heap.get(key);
        if (value == null) {
          disk.remove(key);
        } else {
          disk.put(key, value);
        }
      }
      dirty.clear();
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <K, V> StateMap<K, V> map(String name) {
    return (StateMap<K, V>) maps.computeIfAbsent(name,
        n -> new Stored<>(storage.<K, V>map(prefix + n, StateDataType.INSTANCE)));
  }

  /** Writes the changes since the last flush to the store; only inside its transaction. */
  public synchronized void flush() {
    for (Stored<?, ?> m : maps.values()) {
      m.flush();
    }
  }

  /** The owner's epoch commits; an operator never does. */
  @Override
  public long commit() {
    return storage.lastCommitted();
  }

  @Override
  public void abort() {
    throw new UnsupportedOperationException("a server-owned query's state is written only at"
        + " the end of an epoch; there is nothing to roll back");
  }

  @Override
  public long version() {
    return storage.lastCommitted();
  }

  @Override
  public synchronized long entries() {
    long n = 0;
    for (Stored<?, ?> m : maps.values()) {
      n += m.size();
    }
    return n;
  }

  /** Deletes the state (the query was dropped). */
  public synchronized void drop() {
    maps.clear();
    storage.dropPrefix(prefix);
  }

  /** The maps live in the server's store, which the server closes. */
  @Override
  public void close() {}
}
