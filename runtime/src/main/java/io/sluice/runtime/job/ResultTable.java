package io.sluice.runtime.job;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.state.GroupKey;
import io.sluice.runtime.state.StateDataType;
import io.sluice.runtime.storage.Storage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;

/**
 * A materialized view's rows, durable in the server's store: each distinct row with how many
 * times it is in the result. Applying a changelog keeps it right whatever the result's key is:
 * {@code +I} and {@code +U} add a row, {@code -U} and {@code -D} take one away, so an
 * update-mode result holds one row per key and an append-only one every row it emitted. Changes
 * gather in memory during an epoch and reach the store at its {@link #flush}, and an in-memory
 * copy-on-write mirror that readers read as of an epoch ({@link ViewCut}), so a reader never
 * sees part of an epoch.
 */
public final class ResultTable {
  private final String mapName;
  private final MVMap<GroupKey, Long> rows;
  /** The same rows in memory, versioned: what {@link #snapshot} gives readers. */
  private final MVMap<GroupKey, Long> mirror;
  /** Changes of counts since the last flush. */
  private final Map<GroupKey, Long> delta = new HashMap<>();
  private long size;

  /** @param mirror an empty map of the maintainer's in-memory store, for readers */
  public ResultTable(Storage storage, String mapName, MVMap<GroupKey, Long> mirror) {
    this.mapName = mapName;
    this.rows = storage.map(mapName, StateDataType.INSTANCE);
    this.mirror = mirror;
    long n = 0;
    for (Map.Entry<GroupKey, Long> e : rows.entrySet()) {
      mirror.put(e.getKey(), e.getValue());
      n += e.getValue();
    }
    this.size = n;
  }

  private long count(GroupKey row) {
    Long stored = mirror.get(row);
    Long changed = delta.get(row);
    return (stored == null ? 0 : stored) + (changed == null ? 0 : changed);
  }

  /** Applies changes, in memory until the epoch's flush. */
  void apply(ChangeBatch changes) {
    for (int i = 0, n = changes.size(); i < n; i++) {
      // A batch's rows are never changed once emitted (ChangeBatch): the key may hold one.
      GroupKey row = new GroupKey(changes.row(i));
      if (changes.kind(i).isAccumulate()) {
        delta.merge(row, 1L, Long::sum);
        size++;
      } else if (count(row) > 0) {
        delta.merge(row, -1L, Long::sum);
        size--;
      }
      // A retraction of a row the result does not hold changes nothing: the operators never
      // send one, and a corrupt changelog must not make counts negative.
    }
  }

  /** Writes the epoch's changes to the store; only inside its transaction. */
  void flush() {
    for (Map.Entry<GroupKey, Long> e : delta.entrySet()) {
      if (e.getValue() == 0) {
        continue;
      }
      Long stored = mirror.get(e.getKey());
      long c = (stored == null ? 0 : stored) + e.getValue();
      if (c > 0) {
        rows.put(e.getKey(), c);
        mirror.put(e.getKey(), c);
      } else {
        rows.remove(e.getKey());
        mirror.remove(e.getKey());
      }
    }
    delta.clear();
  }

  /** The mirror as of the last flush, read-only (after the maintainer committed its store). */
  MVMap<GroupKey, Long> snapshot(long version) {
    return mirror.openVersion(version);
  }

  /** The map the rows are stored in. */
  String mapName() {
    return mapName;
  }

  /** The mirror's name in the maintainer's in-memory store. */
  String mirrorName() {
    return mirror.getName();
  }

  /** Rows in the result now (counting repeats, the epoch's changes included). */
  public long size() {
    return size;
  }


  /**
   * The rows as the store has them (as of the last flush), with the epoch's changes if
   * {@code withEpoch}; only on the maintainer's side of its lock.
   */
  List<Object[]> current(boolean withEpoch) {
    return expand(mirror, withEpoch ? delta : Map.of());
  }

  private static List<Object[]> expand(Map<GroupKey, Long> stored, Map<GroupKey, Long> changes) {
    List<Object[]> out = new ArrayList<>();
    for (Map.Entry<GroupKey, Long> e : stored.entrySet()) {
      Long d = changes.get(e.getKey());
      add(out, e.getKey(), e.getValue() + (d == null ? 0 : d));
    }
    for (Map.Entry<GroupKey, Long> e : changes.entrySet()) {
      if (!stored.containsKey(e.getKey())) {
        add(out, e.getKey(), e.getValue());
      }
    }
    return out;
  }

  private static void add(List<Object[]> out, GroupKey key, long count) {
    if (count > 0) {
      Object[] row = key.toArray();
      for (long c = count; c > 0; c--) {
        out.add(row);
      }
    }
  }
}
