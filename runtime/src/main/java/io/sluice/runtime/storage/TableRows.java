package io.sluice.runtime.storage;

import java.util.List;

/**
 * The rows of a table with a primary key, wherever they live: Sluice's own store
 * ({@link KeyedTable}) or a table of an external database (the {@code jdbc} connector). Batch
 * queries scan it, stream-table joins look rows up in it, INSERTs and jobs write it by key.
 */
public interface TableRows {
  /** The rows now. */
  List<Object[]> snapshot();

  /** The row whose primary key has these values (in key order), or null. */
  Object[] lookup(Object... keyValues);

  /** Inserts or replaces rows by key, all or none. Later rows win over earlier ones. */
  default void upsert(List<Object[]> rows) {
    apply(rows, List.of());
  }

  /**
   * Deletes the rows whose keys {@code deletes} carry (whole rows; only their key columns are
   * read), then inserts or replaces {@code upserts}, all or none.
   */
  void apply(List<Object[]> upserts, List<Object[]> deletes);

  /** How many rows there are, or -1 when counting them would be costly (an external table). */
  long size();

  /** Deletes Sluice's copy of the rows (after DROP TABLE); an external table is left as it is. */
  void drop();
}
