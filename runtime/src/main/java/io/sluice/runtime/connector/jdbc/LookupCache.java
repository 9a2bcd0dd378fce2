package io.sluice.runtime.connector.jdbc;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows looked up by key, and keys found missing, each reused for a time to live; at most a
 * bounded number of keys, the least recently used leaving first. Written by hand rather than
 * taken from a caching library because this is all it needs: a {@link LinkedHashMap} in access
 * order with {@code removeEldestEntry}, under one lock (a lookup that finds its row here costs a
 * map access, far less than the database query it saves).
 */
final class LookupCache {
  /** A cached answer: the row, or null for a key known to be missing. */
  record Hit(Object[] row) {}

  private record Entry(Object[] row, long expiresAtNanos) {}

  private final long ttlNanos;
  private final Map<List<Object>, Entry> entries;
  /** Counts invalidations, so that an answer read before one is not cached after it. */
  private long generation;

  LookupCache(long ttlNanos, int maxEntries) {
    this.ttlNanos = ttlNanos;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<List<Object>, Entry> eldest) {
        return size() > maxEntries;
      }
    };
  }

  /** The cached answer for {@code key}, or null if there is none that is still fresh. */
  synchronized Hit get(List<Object> key) {
    Entry e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (System.nanoTime() - e.expiresAtNanos >= 0) {
      entries.remove(key);
      return null;
    }
    return new Hit(e.row);
  }

  /** What to pass to {@link #put}: taken before the database is asked. */
  synchronized long generation() {
    return generation;
  }

  /**
   * Caches {@code row} (null: missing) for {@code key}, unless keys were invalidated since
   * {@code generation} was taken: the answer may predate that write.
   */
  synchronized void put(List<Object> key, Object[] row, long generation) {
    if (generation == this.generation) {
      entries.put(key, new Entry(row, System.nanoTime() + ttlNanos));
    }
  }

  /** Forgets {@code keys}: this table just wrote them. */
  synchronized void invalidate(Collection<List<Object>> keys) {
    generation++;
    for (List<Object> k : keys) {
      entries.remove(k);
    }
  }

  synchronized int size() {
    return entries.size();
  }
}
