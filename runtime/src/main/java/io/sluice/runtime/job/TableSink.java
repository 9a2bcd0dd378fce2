package io.sluice.runtime.job;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.state.GroupKey;
import io.sluice.runtime.storage.TableRows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A job writing into Sluice's own table by primary key: an epoch's changes are folded per key
 * (the last change of a key wins), then written as upserts and deletes in the epoch's
 * transaction. (A table of another database is written through an {@link OutboxSink}.)
 */
public final class TableSink implements Sink {
  private final Consumer<Changes> target;
  private final int[] key;
  private final Consumer<Object[]> check;
  private final ChangeBatch epoch = new ChangeBatch(64);
  private long rows;

  /** A batch folded by key: the rows to upsert and the rows whose keys to delete. */
  public record Changes(List<Object[]> upserts, List<Object[]> deletes) {}

  /**
   * @param key the table's primary key ordinals
   * @param check validates a row for the table (NOT NULL, lengths); throws a user error
   */
  public TableSink(TableRows table, int[] key, Consumer<Object[]> check) {
    this(c -> table.apply(c.upserts(), c.deletes()), key, check);
  }

  TableSink(Consumer<Changes> target, int[] key, Consumer<Object[]> check) {
    this.target = target;
    this.key = key.clone();
    this.check = check;
  }

  /** Folds changes per key, in order: the last change of each key decides. */
  static Changes fold(ChangeBatch changes, int[] key) {
    // Per key its last change (a delete is kept as the row with upsert false).
    record Last(Object[] row, boolean upsert) {}
    Map<GroupKey, Last> last = new LinkedHashMap<>();
    for (int i = 0; i < changes.size(); i++) {
      Object[] row = changes.row(i);
      last.put(GroupKey.of(row, key), new Last(row, changes.kind(i).isAccumulate()));
    }
    List<Object[]> upserts = new ArrayList<>();
    List<Object[]> deletes = new ArrayList<>();
    for (Last l : last.values()) {
      (l.upsert() ? upserts : deletes).add(l.row());
    }
    return new Changes(upserts, deletes);
  }

  @Override
  public void write(ChangeBatch changes) {
    for (int i = 0; i < changes.size(); i++) {
      if (changes.kind(i).isAccumulate()) {
        check.accept(changes.row(i));
      }
      epoch.add(changes.kind(i), changes.row(i));
    }
  }

  @Override
  public void flush() {
    if (!epoch.isEmpty()) {
      target.accept(fold(epoch, key));
      rows += epoch.size();
      epoch.clear();
    }
  }

  @Override
  public long rows() {
    return rows;
  }
}
