package io.sluice.planner.incremental;

import io.sluice.runtime.exec.Operator;
import io.sluice.runtime.exec.WindowAssignOperator;
import io.sluice.runtime.exec.WindowAssigner;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/**
 * {@code TUMBLE}, {@code HOP} or {@code CUMULATE} over a stream: each row, once per window it
 * falls in, with {@code window_start} and {@code window_end} appended. Stateless.
 */
public final class WindowTableFunctionNode extends PhysicalNode {
  private final String function;
  private final int timeColumn;
  private final WindowAssigner assigner;

  public WindowTableFunctionNode(PhysicalNode input, RelDataType rowType, String function,
      int timeColumn, WindowAssigner assigner) {
    super(List.of(input), rowType);
    this.function = function;
    this.timeColumn = timeColumn;
    this.assigner = assigner;
  }

  public int timeColumn() {
    return timeColumn;
  }

  public WindowAssigner assigner() {
    return assigner;
  }

  public String function() {
    return function;
  }

  @Override
  public Emission emission() {
    return Emission.APPEND;
  }

  @Override
  public int watermarkColumn() {
    return input().watermarkColumn() == timeColumn ? timeColumn : -1;
  }

  @Override
  public int windowStartColumn() {
    return rowType().getFieldCount() - 2;
  }

  @Override
  public int windowEndColumn() {
    return rowType().getFieldCount() - 1;
  }

  @Override
  public String describe() {
    return "WindowTableFunction(" + function + ", time=" + column(timeColumn) + ", " + assigner
        + ")";
  }

  @Override
  public Operator build(ExecutionContext context) {
    return new WindowAssignOperator(timeColumn, assigner);
  }
}
