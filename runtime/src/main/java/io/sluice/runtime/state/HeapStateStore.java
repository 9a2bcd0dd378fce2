package io.sluice.runtime.state;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * State in memory, for queries that are not checkpointed (live queries). Versions are counted;
 * when opened undoable, {@link #abort} restores what puts and removes replaced since the last
 * commit. Nothing outlives the process.
 */
public final class HeapStateStore implements StateStore {
  private final Map<String, HeapMap<?, ?>> maps = new HashMap<>();
  private final boolean undoable;
  private long version;

  /** @param undoable whether {@link #abort} must work; without it, writes keep no undo log */
  public HeapStateStore(boolean undoable) {
    this.undoable = undoable;
  }

  private static final class HeapMap<K, V> implements StateMap<K, V> {
    private final HashMap<K, V> entries = new HashMap<>();
    private final boolean undoable;
    /** Values as of the last commit, of keys changed since; keys that were absent. */
    private final HashMap<K, V> before = new HashMap<>();
    private final Set<K> absentBefore = new HashSet<>();

    HeapMap(boolean undoable) {
      this.undoable = undoable;
    }

    private void remember(K key) {
      if (undoable && !before.containsKey(key) && !absentBefore.contains(key)) {
        V old = entries.get(key);
        if (old == null) {
          absentBefore.add(key);
        } else {
          before.put(key, old);
        }
      }
    }

    @Override
    public V get(K key) {
      return entries.get(key);
    }

    @Override
    public void put(K key, V value) {
      remember(key);
      entries.put(key, value);
    }

    @Override
    public void remove(K key) {
      remember(key);
      entries.remove(key);
    }

    @Override
    public Iterator<Map.Entry<K, V>> scan() {
      return entries.entrySet().iterator();
    }

    @Override
    public long size() {
      return entries.size();
    }

    void commit() {
      before.clear();
      absentBefore.clear();
    }

    void abort() {
      entries.putAll(before);
      entries.keySet().removeAll(absentBefore);
      commit();
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> StateMap<K, V> map(String name) {
    return (StateMap<K, V>) maps.computeIfAbsent(name, n -> new HeapMap<>(undoable));
  }

  @Override
  public long commit() {
    for (HeapMap<?, ?> m : maps.values()) {
      m.commit();
    }
    return ++version;
  }

  @Override
  public void abort() {
    if (!undoable) {
      throw new UnsupportedOperationException("this state store was opened without undo");
    }
    for (HeapMap<?, ?> m : maps.values()) {
      m.abort();
    }
  }

  @Override
  public long version() {
    return version;
  }

  @Override
  public long entries() {
    long n = 0;
    for (HeapMap<?, ?> m : maps.values()) {
      n += m.size();
    }
    return n;
  }

  @Override
  public void close() {
    maps.clear();
  }
}
