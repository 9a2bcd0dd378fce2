package io.sluice.runtime.state;

import io.sluice.runtime.storage.Storage;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.h2.mvstore.MVMap;

/**
 * The state of a server-owned query (a materialized view, a job) in the server's one store,
 * each map named under the query's prefix. Nothing here commits: the query's round commits its
 * state, its result and its input positions in one transaction ({@link Storage#transaction}),
 * so after a crash all three are as of the same input position.
 */
public final class StoredStateStore implements StateStore {
  private final Storage storage;
  private final String prefix;
  private final Map<String, MVMap<?, ?>> maps = new LinkedHashMap<>();

  /** @param prefix the maps' name prefix, e.g. {@code "view.TOTALS.state/"} */
  public StoredStateStore(Storage storage, String prefix) {
    this.storage = storage;
    this.prefix = prefix;
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <K, V> StateMap<K, V> map(String name) {
    MVMap<K, V> map = (MVMap<K, V>) maps.computeIfAbsent(name, n -> storage.map(prefix + n));
    return new StateMap<>() {
      @Override
      public V get(K key) {
        return map.get(key);
      }

      @Override
      public void put(K key, V value) {
        map.put(key, value);
      }

      @Override
      public void remove(K key) {
        map.remove(key);
      }

      @Override
      public Iterator<Map.Entry<K, V>> scan() {
        return map.entrySet().iterator();
      }

      @Override
      public long size() {
        return map.sizeAsLong();
      }
    };
  }

  /** The owner's round commits; an operator never does. */
  @Override
  public long commit() {
    return storage.lastCommitted();
  }

  @Override
  public void abort() {
    throw new UnsupportedOperationException("a server-owned query's state rolls back with its"
        + " round's transaction");
  }

  @Override
  public long version() {
    return storage.lastCommitted();
  }

  @Override
  public synchronized long entries() {
    long n = 0;
    for (MVMap<?, ?> m : maps.values()) {
      n += m.sizeAsLong();
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
