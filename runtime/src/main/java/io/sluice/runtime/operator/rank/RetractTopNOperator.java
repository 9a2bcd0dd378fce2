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
 * The first N rows of each partition by a sort order over a changelog (the top N of a GROUP
 * BY's results, say): a row that enters the top N is inserted ({@code +I}) and the row it pushes
 * out deleted ({@code -D}); a retracted row in the top N is deleted and the next row, if any,
 * moves up into it ({@code +I}). Since a retraction can bring up any row, every row of a
 * partition is kept, sorted (Flink's retract rank does the same); ties keep arrival order.
 */
public final class RetractTopNOperator implements Operator {
  private final int[] partition;
  private final RowOrder order;
  private final int limit;
  private final RowCalc projection;
  private final StateMap<GroupKey, ArrayList<Object[]>> state;
  private final ChangeBatch out = new ChangeBatch(64);
  private Output output;

  public RetractTopNOperator(int[] partition, int[] order, boolean[] descending, long limit,
      RowCalc projection, StateStore store) {
    this.partition = partition.clone();
    this.order = new RowOrder(order, descending);
    this.limit = (int) Math.min(limit, Integer.MAX_VALUE);
    this.projection = projection;
    this.state = store.map("retract-top-n");
  }

  @Override
  public void open(Output output) {
    this.output = output;
  }

  @Override
  public void process(ChangeBatch batch) {
    out.clear();
    for (int i = 0, n = batch.size(); i < n; i++) {
      Object[] row = batch.row(i);
      GroupKey key = GroupKey.of(row, partition);
      ArrayList<Object[]> rows = state.get(key);
      if (rows == null) {
        rows = new ArrayList<>();
      }
      if (batch.kind(i).isAccumulate()) {
        int at = order.insertionPoint(rows, row);
        rows.add(at, row);
        if (at < limit) {
          emit(ChangeKind.INSERT, row);
          if (rows.size() > limit) {
            emit(ChangeKind.DELETE, rows.get(limit));
          }
        }
      } else {
        int at = -1;
        for (int j = 0; j < rows.size(); j++) {
          if (Arrays.equals(rows.get(j), row)) {
            at = j;
            break;
          }
        }
        if (at < 0) {
          continue; // never inserted: nothing to take back
        }
        rows.remove(at);
        if (at < limit) {
          emit(ChangeKind.DELETE, row);
          if (rows.size() >= limit) {
            emit(ChangeKind.INSERT, rows.get(limit - 1));
          }
        }
      }
      if (rows.isEmpty()) {
        state.remove(key);
      } else {
        state.put(key, rows);
      }
    }
    if (!out.isEmpty()) {
      output.emit(out);
    }
  }

  private void emit(ChangeKind kind, Object[] row) {
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
