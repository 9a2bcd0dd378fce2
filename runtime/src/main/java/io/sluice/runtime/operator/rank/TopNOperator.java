package io.sluice.runtime.operator.rank;

import io.sluice.runtime.driver.Operator;
import io.sluice.runtime.driver.Output;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.change.ChangeKind;
import io.sluice.runtime.expr.RowCalc;
import io.sluice.runtime.state.GroupKey;
import io.sluice.runtime.state.StateMap;
import io.sluice.runtime.state.StateStore;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * The first N rows of each partition by a sort order ({@code ROW_NUMBER() ... <= N}) over an
 * append-only input, as a changelog: a row that enters the top N is inserted ({@code +I}); the
 * row it pushes out is deleted ({@code -D}). N = 1 with an ascending time order keeps the first
 * row of each key (deduplication), descending keeps the latest. Rows that tie keep arrival
 * order. State: the current top N rows of each partition, no more.
 *
 * <p>When the query selects the row number, the projection reads it as one more column after the
 * input's, and a row that enters pushes every row below it down one place: each of those is
 * updated ({@code -U} old number, {@code +U} new one), as Flink's rank does.
 */
public final class TopNOperator implements Operator {
  private final int[] partition;
  private final long limit;
  private final boolean rankSelected;
  private final RowCalc projection;
  private final StateMap<GroupKey, ArrayList<Object[]>> state;
  private final RowOrder order;
  private final ChangeBatch out = new ChangeBatch(64);
  private Output output;

  public TopNOperator(int[] partition, int[] order, boolean[] descending, long limit,
      boolean rankSelected, RowCalc projection, StateStore store) {
    this.rankSelected = rankSelected;
    this.partition = partition.clone();
    this.order = new RowOrder(order, descending);
    this.limit = limit;
    this.projection = projection;
    this.state = store.map("top-n");
  }

  @Override
  public void open(Output output) {
    this.output = output;
  }

  @Override
  public void process(ChangeBatch batch) {
    out.clear();
    for (int i = 0, n = batch.size(); i < n; i++) {
      if (batch.kind(i) != ChangeKind.INSERT) {
        throw new IllegalStateException("top-N takes inserts only");
      }
      Object[] row = batch.row(i);
      GroupKey key = GroupKey.of(row, partition);
      ArrayList<Object[]> top = state.get(key);
      if (top == null) {
        top = new ArrayList<>();
      }
      int at = order.insertionPoint(top, row);
      if (at >= limit) {
        continue;
      }
      top.add(at, row);
      emit(ChangeKind.INSERT, row, at);
      if (rankSelected) {
        // Everything below moves down one place; the last may fall out.
        for (int j = at + 1; j < top.size() && j < limit; j++) {
          emit(ChangeKind.UPDATE_BEFORE, top.get(j), j - 1);
          emit(ChangeKind.UPDATE_AFTER, top.get(j), j);
        }
      }
      if (top.size() > limit) {
        emit(ChangeKind.DELETE, top.remove(top.size() - 1), (int) limit - 1);
      }
      state.put(key, top);
    }
    if (!out.isEmpty()) {
      output.emit(out);
    }
  }

  /** Emits {@code row} at (zero-based) place {@code index} of its partition. */
  private void emit(ChangeKind kind, Object[] row, int index) {
    if (rankSelected) {
      row = Arrays.copyOf(row, row.length + 1);
      row[row.length - 1] = (long) index + 1;
    }
    Object[] projected = projection.apply(row);
    if (projected != null) {
      out.add(kind, projected);
    }
  }

  @Override
  public void onWatermark(long watermark) {
    output.emitWatermark(watermark);
  }
}
