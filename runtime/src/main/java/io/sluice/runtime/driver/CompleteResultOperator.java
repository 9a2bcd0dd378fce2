package io.sluice.runtime.driver;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.change.ChangeKind;
import io.sluice.runtime.state.GroupKey;
import io.sluice.runtime.state.StateMap;
import io.sluice.runtime.state.StateStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Complete mode (Spark's): keeps the query's whole result, its changelog applied, and after each
 * input batch that changed it sends all of it again, every row led by the number of that
 * snapshot (1, 2, ...), in row order. A dashboard reads the rows of the highest snapshot.
 *
 * <p>State: each distinct result row with its multiplicity, and the snapshot counter.
 */
public final class CompleteResultOperator implements Operator {
  private final StateMap<GroupKey, Long> result;
  private final StateMap<String, Long> counter;
  private final ChangeBatch out = new ChangeBatch(64);
  private long snapshot;
  private Output output;

  public CompleteResultOperator(StateStore store) {
    this.result = store.map("complete.result");
    this.counter = store.map("complete.snapshot");
  }

  @Override
  public void open(Output output) {
    this.output = output;
    Long saved = counter.get("snapshot");
    snapshot = saved == null ? 0 : saved;
  }

  @Override
  public void process(ChangeBatch batch) {
    boolean changed = false;
    for (int i = 0, n = batch.size(); i < n; i++) {
      GroupKey row = new GroupKey(batch.row(i));
      Long count = result.get(row);
      long next = (count == null ? 0 : count) + (batch.kind(i).isAccumulate() ? 1 : -1);
      if (next <= 0) {
        if (count != null) {
          result.remove(row);
          changed = true;
        }
      } else {
        result.put(row, next);
        changed = true;
      }
    }
    if (!changed) {
      return;
    }
    snapshot++;
    counter.put("snapshot", snapshot);
    List<Map.Entry<GroupKey, Long>> rows = new ArrayList<>();
    for (Iterator<Map.Entry<GroupKey, Long>> it = result.scan(); it.hasNext(); ) {
      rows.add(it.next());
    }
    rows.sort(Map.Entry.comparingByKey());
    out.clear();
    for (Map.Entry<GroupKey, Long> e : rows) {
      GroupKey k = e.getKey();
      for (long c = 0; c < e.getValue(); c++) {
        Object[] row = new Object[k.size() + 1];
        row[0] = snapshot;
        for (int j = 0; j < k.size(); j++) {
          row[j + 1] = k.get(j);
        }
        out.add(ChangeKind.INSERT, row);
      }
    }
    output.emit(out);
  }

  @Override
  public void onWatermark(long watermark) {
    output.emitWatermark(watermark);
  }
}
