package io.sluice.planner.incremental;

import io.sluice.runtime.operator.window.MarkFinalOperator;
import io.sluice.runtime.driver.Operator;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The root of a view with early window results ({@code 'emit' = 'early'}): the windowed
 * aggregate's rows, updated as rows arrive, with a last column IS_FINAL that turns true when the
 * watermark passes the window's end.
 */
public final class MarkFinalNode extends PhysicalNode {
  /** The column it adds. */
  public static final String IS_FINAL = "IS_FINAL";

  private final int windowEnd;

  public MarkFinalNode(PhysicalNode input, int windowEnd, RelDataTypeFactory types) {
    super(List.of(input), withFlag(input.rowType(), types));
    this.windowEnd = windowEnd;
  }

  private static RelDataType withFlag(RelDataType row, RelDataTypeFactory types) {
    RelDataTypeFactory.Builder b = types.builder().addAll(row.getFieldList());
    b.add(IS_FINAL, types.createSqlType(SqlTypeName.BOOLEAN));
    return b.build();
  }

  @Override
  public Emission emission() {
    return Emission.UPDATE;
  }

  @Override
  public String describe() {
    return "MarkFinal(" + column(windowEnd) + ": IS_FINAL once the watermark passes it)";
  }

  @Override
  public String state() {
    return "the rows of windows still open";
  }

  @Override
  public Operator build(ExecutionContext context) {
    return new MarkFinalOperator(windowEnd, context.state());
  }
}
