package io.sluice.runtime.operator.window;

import io.sluice.runtime.state.StateMap;
import io.sluice.runtime.state.StateStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * When the groups of a windowed aggregate fire: an index of group keys by window end (in
 * memory, rebuilt from the operator's state on open) and the last watermark (kept in state, so
 * a restored operator still knows which windows have fired).
 */
final class WindowTimers<K extends Comparable<K>> {
  private final NavigableMap<Long, List<K>> byEnd = new TreeMap<>();
  private final StateMap<String, Long> marks;
  private long watermark = Long.MIN_VALUE;

  WindowTimers(StateStore store, String stateName) {
    this.marks = store.map(stateName + ".watermark");
  }

  /** Rebuilds the index from the keys in state and reads the last watermark. */
  <V> void restore(StateMap<K, V> state, ToLongFunction<K> endOf) {
    for (Iterator<Map.Entry<K, V>> it = state.scan(); it.hasNext(); ) {
      K k = it.next().getKey();
      add(endOf.applyAsLong(k), k);
    }
    Long saved = marks.get("watermark");
    watermark = saved == null ? Long.MIN_VALUE : saved;
  }

  /** Whether a window ending at {@code end} has fired: a row for it is late. */
  boolean fired(long end) {
    return end <= watermark;
  }

  /** Registers a new group of the window ending at {@code end}. */
  void add(long end, K key) {
    byEnd.computeIfAbsent(end, e -> new ArrayList<>()).add(key);
  }

  /** Advances the watermark and hands every group of each window that ended to {@code fire}. */
  void advance(long next, Consumer<K> fire) {
    watermark = next;
    marks.put("watermark", next);
    while (!byEnd.isEmpty() && byEnd.firstKey() <= next) {
      List<K> keys = byEnd.pollFirstEntry().getValue();
      Collections.sort(keys);
      keys.forEach(fire);
    }
  }
}
