package io.sluice.runtime.operator.rank;

import java.util.Comparator;

/**
 * An ORDER BY over rows: columns compared in turn, each ascending or descending, NULLs first
 * (before descending is applied), as the top-N operators sort a partition.
 */
final class RowOrder implements Comparator<Object[]> {
  private final int[] columns;
  private final boolean[] descending;

  RowOrder(int[] columns, boolean[] descending) {
    this.columns = columns.clone();
    this.descending = descending.clone();
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public int compare(Object[] a, Object[] b) {
    for (int i = 0; i < columns.length; i++) {
      Object x = a[columns[i]];
      Object y = b[columns[i]];
      int c = x == y ? 0 : x == null ? -1 : y == null ? 1 : ((Comparable) x).compareTo(y);
      if (c != 0) {
        return descending[i] ? -c : c;
      }
    }
    return 0;
  }

  /** Where {@code row} goes in {@code sorted}: after every row it does not sort before. */
  int insertionPoint(java.util.List<Object[]> sorted, Object[] row) {
    int at = sorted.size();
    while (at > 0 && compare(row, sorted.get(at - 1)) < 0) {
      at--;
    }
    return at;
  }
}
