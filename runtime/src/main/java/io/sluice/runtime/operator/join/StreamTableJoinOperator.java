package io.sluice.runtime.operator.join;

import io.sluice.runtime.driver.Operator;
import io.sluice.runtime.driver.Output;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.storage.TableRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins each change of a stream with the table as it is when the change is processed (an
 * equi-join; INNER, or LEFT to keep unmatched stream rows with NULLs). When the join keys are
 * the table's whole primary key each row is one lookup; otherwise a hash index of the table is
 * built once per input batch. Keeps no state of its own: the table is the state.
 */
public final class StreamTableJoinOperator implements Operator {
  private final TableRows table;
  private final int[] streamKeys;
  private final int[] tableKeys;
  private final int tableWidth;
  private final boolean left;
  private final int[] primaryKeyOrder;
  private final ChangeBatch out = new ChangeBatch(64);
  private Output output;

  /**
   * @param primaryKeyOrder for a lookup join, the stream key column for each primary key column
   *     of the table, in key order; null to join through a per-batch hash index
   */
  public StreamTableJoinOperator(TableRows table, int tableWidth, int[] streamKeys,
      int[] tableKeys, boolean left, int[] primaryKeyOrder) {
    this.table = table;
    this.tableWidth = tableWidth;
    this.streamKeys = streamKeys.clone();
    this.tableKeys = tableKeys.clone();
    this.left = left;
    this.primaryKeyOrder = primaryKeyOrder == null ? null : primaryKeyOrder.clone();
  }

  @Override
  public void open(Output output) {
    this.output = output;
  }

  private static List<Object> key(Object[] row, int[] columns) {
    Object[] k = new Object[columns.length];
    for (int i = 0; i < k.length; i++) {
      k[i] = row[columns[i]];
    }
    return Arrays.asList(k);
  }

  @Override
  public void process(ChangeBatch batch) {
    out.clear();
    Map<List<Object>, List<Object[]>> index = primaryKeyOrder == null ? index() : null;
    for (int i = 0, n = batch.size(); i < n; i++) {
      Object[] row = batch.row(i);
      List<Object[]> matches;
      if (index != null) {
        List<Object> key = key(row, streamKeys);
        matches = key.contains(null) ? List.of() : index.getOrDefault(key, List.of());
      } else {
        Object[] lookup = new Object[primaryKeyOrder.length];
        boolean nullKey = false;
        for (int k = 0; k < lookup.length; k++) {
          lookup[k] = row[primaryKeyOrder[k]];
          nullKey |= lookup[k] == null;
        }
        Object[] match = nullKey ? null : table.lookup(lookup);
        matches = match == null ? List.of() : List.<Object[]>of(match);
      }
      for (Object[] match : matches) {
        out.add(batch.kind(i), concat(row, match));
      }
      if (matches.isEmpty() && left) {
        out.add(batch.kind(i), concat(row, new Object[tableWidth]));
      }
    }
    if (!out.isEmpty()) {
      output.emit(out);
    }
  }

  private Map<List<Object>, List<Object[]>> index() {
    Map<List<Object>, List<Object[]>> index = new HashMap<>();
    for (Object[] r : table.snapshot()) {
      List<Object> k = key(r, tableKeys);
      if (!k.contains(null)) {
        index.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
      }
    }
    return index;
  }

  private static Object[] concat(Object[] a, Object[] b) {
    Object[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  @Override
  public void onWatermark(long watermark) {
    output.emitWatermark(watermark);
  }
}
