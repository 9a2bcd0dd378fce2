package io.sluice.planner.incremental;

import io.sluice.runtime.driver.Operator;
import io.sluice.runtime.operator.window.WindowAssignOperator;
import io.sluice.runtime.operator.window.WindowAssigner;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/**
 * {@code TUMBLE}, {@code HOP} or {@code CUMULATE} over a stream: each row, once per window it
 * falls in, with {@code window_start} and {@code window_end} appended. Stateless. A
 * {@code SESSION} window depends on rows still to come, so it has no assigner and runs only
 * fused with the GROUP BY over it.
 */
public final class WindowTableFunctionNode extends PhysicalNode {
  /** A SESSION window: the inactivity gap and the columns sessions are kept per. */
  public record Session(long gapMillis, int[] partitionColumns) {}

  private final String function;
  private final int timeColumn;
  private final WindowAssigner assigner;
  private final Session session;

  public WindowTableFunctionNode(PhysicalNode input, RelDataType rowType, String function,
      int timeColumn, WindowAssigner assigner) {
    this(input, rowType, function, timeColumn, assigner, null);
  }

  /** A SESSION window function ({@code assigner} null) or another ({@code session} null). */
  public WindowTableFunctionNode(PhysicalNode input, RelDataType rowType, String function,
      int timeColumn, WindowAssigner assigner, Session session) {
    super(List.of(input), rowType);
    this.function = function;
    this.timeColumn = timeColumn;
    this.assigner = assigner;
    this.session = session;
  }

  /** The SESSION window, or null for the other functions. */
  public Session session() {
    return session;
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
    return "WindowTableFunction(" + function + ", time=" + column(timeColumn) + ", "
        + (session != null ? sessionText(session) : assigner) + ")";
  }

  private String sessionText(Session s) {
    return "gap " + s.gapMillis() + " ms, per " + java.util.Arrays.stream(s.partitionColumns())
        .mapToObj(this::column).toList();
  }

  @Override
  public Operator build(ExecutionContext context) {
    if (session != null) {
      throw new IllegalStateException("a SESSION window runs fused with its GROUP BY");
    }
    return new WindowAssignOperator(timeColumn, assigner);
  }
}
