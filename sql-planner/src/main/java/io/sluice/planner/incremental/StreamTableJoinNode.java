package io.sluice.planner.incremental;

import io.sluice.planner.catalog.TableDef;
import io.sluice.runtime.driver.Operator;
import io.sluice.runtime.operator.join.StreamTableJoinOperator;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A stream joined with a table as the table is when each stream row is processed. Keeps the
 * stream's emission mode and event-time column; the table is read, not copied into state.
 */
public final class StreamTableJoinNode extends PhysicalNode {
  private final TableDef table;
  private final int[] streamKeys;
  private final int[] tableKeys;
  private final boolean left;
  private final int[] primaryKeyOrder;

  public StreamTableJoinNode(PhysicalNode stream, RelDataType rowType, TableDef table,
      int[] streamKeys, int[] tableKeys, boolean left) {
    super(List.of(stream), rowType);
    this.table = table;
    this.streamKeys = streamKeys.clone();
    this.tableKeys = tableKeys.clone();
    this.left = left;
    this.primaryKeyOrder = lookupOrder(table.primaryKey(), streamKeys, tableKeys);
  }

  /** For each primary key column, the stream column equal to it; null if not all are joined. */
  private static int[] lookupOrder(int[] primaryKey, int[] streamKeys, int[] tableKeys) {
    if (tableKeys.length != primaryKey.length) {
      return null;
    }
    int[] order = new int[primaryKey.length];
    for (int k = 0; k < primaryKey.length; k++) {
      order[k] = -1;
      for (int i = 0; i < tableKeys.length; i++) {
        if (tableKeys[i] == primaryKey[k]) {
          order[k] = streamKeys[i];
        }
      }
      if (order[k] < 0) {
        return null;
      }
    }
    return order;
  }

  /** The table each stream row looks up. */
  public TableDef table() {
    return table;
  }

  @Override
  public Emission emission() {
    return input().emission();
  }

  @Override
  public int watermarkColumn() {
    return input().watermarkColumn();
  }

  @Override
  public String describe() {
    return "StreamTableJoin(" + (left ? "LEFT" : "INNER") + ", table=" + table.name()
        + ", stream keys=" + Arrays.toString(streamKeys) + ", table keys="
        + Arrays.toString(tableKeys) + (primaryKeyOrder != null ? ", by primary key" : ", hashed")
        + ")";
  }

  @Override
  public String state() {
    return "none (reads table " + table.name() + " as of each row)";
  }

  @Override
  public Operator build(ExecutionContext context) {
    return new StreamTableJoinOperator(table.rows(), table.columns().size(), streamKeys,
        tableKeys, left, primaryKeyOrder);
  }
}
