package io.sluice.runtime.state;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Durable, versioned state on H2's MVStore: each map is an MVMap, each commit an MVStore
 * version. Opening a file at a version restores the state committed then; later versions are
 * discarded. Values and keys must be serializable by MVStore (numbers, strings, arrays of them,
 * or Serializable objects).
 */
public final class MvStateStore implements StateStore {
  private final MVStore store;
  private final Map<String, MVMap<?, ?>> maps = new HashMap<>();

  private MvStateStore(MVStore store) {
    this.store = store;
  }

  /** Opens the state in {@code file} as of its last commit. */
  public static MvStateStore open(Path file) {
    return new MvStateStore(new MVStore.Builder().fileName(file.toString())
        .autoCommitDisabled().open());
  }

  /** Opens the state in {@code file} as of committed {@code version}, dropping later ones. */
  public static MvStateStore openAt(Path file, long version) {
    MvStateStore s = open(file);
    if (s.store.getCurrentVersion() != version) {
      s.store.rollbackTo(version);
    }
    return s;
  }

  /** State in memory only, with the same semantics (for tests and benchmarks). */
  public static MvStateStore inMemory() {
    return new MvStateStore(new MVStore.Builder().autoCommitDisabled().open());
  }

  private static final class Adapter<K, V> implements StateMap<K, V> {
    private final MVMap<K, V> map;

    Adapter(MVMap<K, V> map) {
      this.map = map;
    }

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
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> StateMap<K, V> map(String name) {
    MVMap<K, V> m = (MVMap<K, V>) maps.computeIfAbsent(name, n -> store.openMap(n));
    return new Adapter<>(m);
  }

  @Override
  public long commit() {
    return store.commit();
  }

  @Override
  public void abort() {
    store.rollback();
  }

  @Override
  public long version() {
    return store.getCurrentVersion();
  }

  @Override
  public long entries() {
    long n = 0;
    for (String name : store.getMapNames()) {
      n += store.openMap(name).sizeAsLong();
    }
    return n;
  }

  @Override
  public void close() {
    if (!store.isClosed()) {
      store.close();
    }
  }
}
