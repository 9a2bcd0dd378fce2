package io.sluice.runtime.state;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The values of a grouping key (GROUP BY columns, a window's start, a join key) as one
 * hashable, ordered, serializable state key. The values must not change.
 */
public final class GroupKey implements Comparable<GroupKey>, Serializable {
  private static final long serialVersionUID = 1L;
  private final Object[] values;
  private final int hash;

  public GroupKey(Object... values) {
    this.values = values;
    this.hash = Arrays.hashCode(values);
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
