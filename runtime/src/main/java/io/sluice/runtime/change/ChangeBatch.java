package io.sluice.runtime.change;

import java.util.Arrays;

/**
 * A batch of changes, the unit of data that flows between operators. Rows hold values in the
 * engine's internal representation (TIMESTAMP as epoch millis, DATE as epoch days, and so on).
 * A batch is filled by one operator and then handed on; the receiver must not keep it after
 * {@code process} returns, but may keep its rows.
 */
public final class ChangeBatch {
  private ChangeKind[] kinds;
  private Object[][] rows;
  private int size;

  public ChangeBatch(int capacity) {
    int c = Math.max(1, capacity);
    kinds = new ChangeKind[c];
    rows = new Object[c][];
  }

  /** A batch of inserts. */
  public static ChangeBatch inserts(Iterable<Object[]> rows, int sizeHint) {
    ChangeBatch batch = new ChangeBatch(sizeHint);
    for (Object[] row : rows) {
      batch.add(ChangeKind.INSERT, row);
    }
    return batch;
  }

  public void add(ChangeKind kind, Object[] row) {
    if (size == rows.length) {
      int c = size * 2;
      kinds = Arrays.copyOf(kinds, c);
      rows = Arrays.copyOf(rows, c);
    }
    kinds[size] = kind;
    rows[size] = row;
    size++;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public ChangeKind kind(int i) {
    return kinds[i];
  }

  public Object[] row(int i) {
    return rows[i];
  }

  public void clear() {
    Arrays.fill(rows, 0, size, null);
    size = 0;
  }
}
