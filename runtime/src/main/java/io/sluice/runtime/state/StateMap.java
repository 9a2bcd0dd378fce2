package io.sluice.runtime.state;

import java.util.Iterator;
import java.util.Map;

/**
 * One named map of a {@link StateStore}. A value may be changed in place, but must then be put
 * again: a put marks the entry changed, and only changed entries reach the next commit.
 */
public interface StateMap<K, V> {
  V get(K key);

  void put(K key, V value);

  void remove(K key);

  /** All entries, in no particular order; the map must not change while this is iterated. */
  Iterator<Map.Entry<K, V>> scan();

  long size();
}
