package io.sluice.runtime.state;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The values of a grouping key (GROUP BY columns, a window's start, a join key) as one
 * hashable, ordered, serializable state key. The values must not change, except those of a
 * {@link #probe}, which only looks keys up and is never stored.
 */
public final class GroupKey implements Comparable<GroupKey>, Serializable {
  private static final long serialVersionUID = 1L;
  private final Object[] values;
  private int hash;

  public GroupKey(Object... values) {
    this.values = values;
    this.hash = Arrays.hashCode(values);
  }

  private GroupKey(Object[] values, int hash) {
    this.values = values;
    this.hash = hash;
  }

  /**
   * A key of {@code width} values to look keys up with, refilled by {@link #set} for each row
   * so that a lookup allocates nothing; store {@link #copy} instead, never the probe.
   */
  public static GroupKey probe(int width) {
    return new GroupKey(new Object[width]);
  }

  /** Refills this probe with the values of {@code columns} of {@code row}. */
  public GroupKey set(Object[] row, int[] columns) {
    for (int i = 0; i < values.length; i++) {
      values[i] = row[columns[i]];
    }
    hash = Arrays.hashCode(values);
    return this;
  }

  /** A key with this probe's values, to store. */
  public GroupKey copy() {
    return new GroupKey(values.clone(), hash);
  }

  /** The values of {@code columns} of {@code row}. */
  public static GroupKey of(Object[] row, int[] columns) {
    Object[] values = new Object[columns.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = row[columns[i]];
    }
    return new GroupKey(values);
  }

  /**
   * The grouping value of {@code row}: the column's value itself for one column (no key object
   * to allocate), a key of the values for several, null for none.
   */
  public static Object compact(Object[] row, int[] columns) {
    return columns.length == 0 ? null : columns.length == 1 ? row[columns[0]] : of(row, columns);
  }

  /** Value {@code i} of a key made by {@link #compact} over {@code width} columns. */
  public static Object compactGet(Object compact, int width, int i) {
    return width == 1 ? compact : ((GroupKey) compact).get(i);
  }

  /** The values, as a new array. */
  public Object[] toArray() {
    return values.clone();
  }

  public Object get(int i) {
    return values[i];
  }

  public int size() {
    return values.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupKey k && hash == k.hash && Arrays.equals(values, k.values);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public int compareTo(GroupKey o) {
    int n = Math.min(values.length, o.values.length);
    for (int i = 0; i < n; i++) {
      Object a = values[i];
      Object b = o.values[i];
      if (a == b) {
        continue;
      }
      if (a == null) {
        return -1;
      }
      if (b == null) {
        return 1;
      }
      int c = ((Comparable) a).compareTo(b);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(values.length, o.values.length);
  }

  @Override
  public String toString() {
    return Arrays.toString(values);
  }
}
