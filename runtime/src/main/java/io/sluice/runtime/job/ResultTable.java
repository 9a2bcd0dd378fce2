package io.sluice.runtime.job;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.state.GroupKey;
import io.sluice.runtime.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;

/**
 * A materialized view's rows, durable in the server's store: each distinct row with how many
 * times it is in the result. Applying a changelog keeps it right whatever the result's key is:
 * {@code +I} and {@code +U} add a row, {@code -U} and {@code -D} take one away, so an
 * update-mode result holds one row per key and an append-only one every row it emitted. Reads
 * take a committed version of the map, so a reader never sees half of a round.
 */
public final class ResultTable {
  private final Storage storage;
  private final String mapName;
  private final MVMap<GroupKey, Long> rows;
  private long size;

  public ResultTable(Storage storage, String mapName) {
    this.storage = storage;
    this.mapName = mapName;
    this.rows = storage.map(mapName);
    long n = 0;
    for (Long count : rows.values()) {
      n += count;
    }
    this.size = n;
  }

  /** Applies changes; only inside the owner's round (a transaction). */
  void apply(ChangeBatch changes) {
    for (int i = 0, n = changes.size(); i < n; i++) {
      GroupKey row = new GroupKey(changes.row(i).clone());
      Long count = rows.get(row);
      long c = count == null ? 0 : count;
      if (changes.kind(i).isAccumulate()) {
        rows.put(row, c + 1);
        size++;
      } else if (c > 1) {
        rows.put(row, c - 1);
        size--;
      } else if (c == 1) {
        rows.remove(row);
        size--;
      }
      // A retraction of a row the result does not hold changes nothing: the operators never
      // send one, and a corrupt changelog must not make counts negative.
    }
  }

  /** The map the rows are stored in. */
  String mapName() {
    return mapName;
  }

  /** Rows in the result now (counting repeats). */
  public long size() {
    return size;
  }

  /** The rows as of committed {@code version} (empty if the view did not exist then). */
  public List<Object[]> read(long version) {
    MVMap<GroupKey, Long> at = storage.readAt(mapName, version);
    return at == null ? List.of() : expand(at);
  }

  /** The rows now, uncommitted changes included; only inside the owner's round. */
  List<Object[]> current() {
    return expand(rows);
  }

  private static List<Object[]> expand(MVMap<GroupKey, Long> map) {
    List<Object[]> out = new ArrayList<>();
    for (Map.Entry<GroupKey, Long> e : map.entrySet()) {
      Object[] row = e.getKey().toArray();
      for (long c = e.getValue(); c > 0; c--) {
        out.add(row);
      }
    }
    return out;
  }
}
