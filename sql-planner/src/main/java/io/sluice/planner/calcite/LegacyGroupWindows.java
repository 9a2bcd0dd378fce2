package io.sluice.planner.calcite;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Makes Calcite's older group-window form, {@code GROUP BY TUMBLE(ts, INTERVAL ...)}, runnable:
 * Calcite plans it with a {@code $TUMBLE(ts, size [, offset])} call it cannot execute. This
 * rewrites the call to the window's start computed on the timestamp's epoch millis,
 * {@code ts - MOD(ts - offset, size)}, for batch and live plans alike.
 */
public final class LegacyGroupWindows extends RexShuttle {
  private final RexBuilder rex;

  private LegacyGroupWindows(RexBuilder rex) {
    this.rex = rex;
  }

  /** {@code rel} with every {@code $TUMBLE} call replaced; unchanged if it has none. */
  public static RelNode rewrite(RelNode rel) {
    List<RelNode> inputs = new ArrayList<>();
    for (RelNode input : rel.getInputs()) {
      inputs.add(rewrite(input));
    }
    RelNode copy = inputs.equals(rel.getInputs()) ? rel : rel.copy(rel.getTraitSet(), inputs);
    return copy.accept(new LegacyGroupWindows(rel.getCluster().getRexBuilder()));
  }

  @Override
  public RexNode visitCall(RexCall call) {
    RexCall visited = (RexCall) super.visitCall(call);
    if (!visited.getOperator().getName().equals("$TUMBLE")
        || visited.getOperands().size() < 2
        || !(visited.getOperands().get(1) instanceof RexLiteral size)) {
      return visited;
    }
    long offset = visited.getOperands().size() > 2
        && visited.getOperands().get(2) instanceof RexLiteral o ? o.getValueAs(Long.class) : 0;
    RexNode ts = visited.getOperands().get(0);
    RelDataTypeFactory types = rex.getTypeFactory();
    RelDataType bigint = types.createTypeWithNullability(types.createSqlType(SqlTypeName.BIGINT),
        ts.getType().isNullable());
    RexNode millis = rex.makeReinterpretCast(bigint, ts, rex.makeLiteral(false));
    RexNode shifted = rex.makeCall(SqlStdOperatorTable.MINUS, millis,
        rex.makeBigintLiteral(BigDecimal.valueOf(offset)));
    RexNode start = rex.makeCall(SqlStdOperatorTable.MINUS, millis,
        rex.makeCall(SqlStdOperatorTable.MOD, shifted,
            rex.makeBigintLiteral(BigDecimal.valueOf(size.getValueAs(Long.class)))));
    return rex.makeReinterpretCast(visited.getType(), start, rex.makeLiteral(false));
  }
}
