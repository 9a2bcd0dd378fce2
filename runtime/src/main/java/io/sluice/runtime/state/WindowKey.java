package io.sluice.runtime.state;

import java.io.Serializable;
import java.util.Objects;

/**
 * A window's group as a state key: window end, window start, and the group's value (one
 * column's value, a {@link GroupKey} for several, or null). Ordered by end, then start, then
 * group. A probe key is mutable and only ever used for lookups; stored keys never change.
 */
public final class WindowKey implements Comparable<WindowKey>, Serializable {
  private static final long serialVersionUID = 1L;
  private long end;
  private long start;
  private Object group;
  private int hash;

  public WindowKey(long end, long start, Object group) {
    set(end, start, group);
  }

  /** A key to reuse for lookups, via {@link #set}; never store it. */
  public static WindowKey probe() {
    return new WindowKey(0, 0, null);
  }

  public WindowKey set(long end, long start, Object group) {
    this.end = end;
    this.start = start;
    this.group = group;
    this.hash = 31 * (31 * Long.hashCode(end) + Long.hashCode(start)) + Objects.hashCode(group);
    return this;
  }

  public long end() {
    return end;
  }

  public long start() {
    return start;
  }

  public Object group() {
    return group;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WindowKey k && hash == k.hash && end == k.end && start == k.start
        && Objects.equals(group, k.group);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public int compareTo(WindowKey o) {
    int c = Long.compare(end, o.end);
    if (c == 0) {
      c = Long.compare(start, o.start);
    }
    if (c == 0 && group != o.group) {
      c = group == null ? -1 : o.group == null ? 1 : ((Comparable) group).compareTo(o.group);
    }
    return c;
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ") " + group;
  }
}
