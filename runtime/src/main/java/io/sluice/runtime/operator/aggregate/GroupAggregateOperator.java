package io.sluice.runtime.operator.aggregate;

import io.sluice.runtime.driver.Operator;
import io.sluice.runtime.driver.Output;

import io.sluice.runtime.agg.Aggregates;
import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.change.ChangeKind;
import io.sluice.runtime.state.GroupKey;
import io.sluice.runtime.state.StateMap;
import io.sluice.runtime.state.StateStore;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An unbounded GROUP BY, emitting a changelog (update mode): after each input batch, every
 * group the batch touched reports its change once: {@code +I} for a new group, {@code -U}/
 * {@code +U} for a changed result, {@code -D} for a group whose last row was retracted. Takes
 * inserts and retractions alike. State: accumulators by group key; a group with no rows left
 * is removed.
 *
 * <p>Output row: the group columns in {@code groupColumns} order, then the aggregates.
 */
public final class GroupAggregateOperator implements Operator {
  /** A group the current batch touched: its accumulators, and its result before the batch. */
  private record Touched(Object[] accs, Object[] before) {}

  private final int[] groupColumns;
  private final Aggregates aggregates;
  private final StateMap<GroupKey, Object[]> state;
  /** The groups the current batch touched, in the order it first touched them. */
  private final Map<GroupKey, Touched> touched = new LinkedHashMap<>();
  private final GroupKey probe;
  private final ChangeBatch out = new ChangeBatch(64);
  private Output output;

  public GroupAggregateOperator(int[] groupColumns, Aggregates aggregates, StateStore store) {
    this.groupColumns = groupColumns.clone();
    this.probe = GroupKey.probe(groupColumns.length);
    this.aggregates = aggregates;
    this.state = store.map("group-aggregate");
  }

  @Override
  public void open(Output output) {
    this.output = output;
  }

  private Object[] result(GroupKey key, Object[] accs) {
    if (accs == null || Aggregates.rows(accs) <= 0) {
      return null;
    }
    Object[] row = new Object[groupColumns.length + aggregates.size()];
    for (int i = 0; i < groupColumns.length; i++) {
      row[i] = key.get(i);
    }
    aggregates.results(accs, row, groupColumns.length);
    return row;
  }

  @Override
  public void process(ChangeBatch batch) {
    for (int i = 0, n = batch.size(); i < n; i++) {
      Object[] row = batch.row(i);
      Touched t = touched.get(probe.set(row, groupColumns));
      if (t == null) {
        GroupKey key = probe.copy();
        Object[] accs = state.get(key);
        t = new Touched(accs == null ? aggregates.init() : accs, result(key, accs));
        touched.put(key, t);
      }
      aggregates.apply(t.accs, row, batch.kind(i).isAccumulate() ? 1 : -1);
    }
    out.clear();
    for (Map.Entry<GroupKey, Touched> e : touched.entrySet()) {
      GroupKey key = e.getKey();
      Object[] old = e.getValue().before;
      Object[] now = result(key, e.getValue().accs);
      if (now == null) {
        state.remove(key);
      } else {
        state.put(key, e.getValue().accs);
      }
      if (old == null && now != null) {
        out.add(ChangeKind.INSERT, now);
      } else if (old != null && now == null) {
        out.add(ChangeKind.DELETE, old);
      } else if (old != null && !Arrays.equals(old, now)) {
        out.add(ChangeKind.UPDATE_BEFORE, old);
        out.add(ChangeKind.UPDATE_AFTER, now);
      }
    }
    touched.clear();
    if (!out.isEmpty()) {
      output.emit(out);
    }
  }

  @Override
  public void onWatermark(long watermark) {
    output.emitWatermark(watermark);
  }
}
