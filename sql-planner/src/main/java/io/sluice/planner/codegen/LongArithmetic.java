package io.sluice.planner.codegen;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Rewrites {@code MOD} of two integer operands of different types (BIGINT column, INTEGER
 * literal) to {@code CAST(MOD(CAST(a AS BIGINT), CAST(b AS BIGINT)) AS <its type>)}: Calcite
 * implements the mixed form through BigDecimal, the BIGINT form as Java's {@code %}. Same
 * values, same result type, about ten times faster per row.
 */
final class LongArithmetic extends RexShuttle {
  private final RexBuilder rex;

  private LongArithmetic(RexBuilder rex) {
    this.rex = rex;
  }

  static RexProgram rewrite(RexProgram program, RelDataTypeFactory typeFactory) {
    RexBuilder rex = new RexBuilder(typeFactory);
    LongArithmetic shuttle = new LongArithmetic(rex);
    List<RexNode> projects = program.getProjectList().stream()
        .map(r -> program.expandLocalRef(r).accept(shuttle)).toList();
    RexNode condition = program.getCondition() == null ? null
        : program.expandLocalRef(program.getCondition()).accept(shuttle);
    return RexProgram.create(program.getInputRowType(), projects, condition,
        program.getOutputRowType(), rex);
  }

  @Override
  public RexNode visitCall(RexCall call) {
    RexCall visited = (RexCall) super.visitCall(call);
    if (visited.getKind() != SqlKind.MOD || visited.getOperands().size() != 2) {
      return visited;
    }
    RexNode a = visited.getOperands().get(0);
    RexNode b = visited.getOperands().get(1);
    if (!SqlTypeUtil.isIntType(a.getType()) || !SqlTypeUtil.isIntType(b.getType())
        || a.getType().getSqlTypeName() == b.getType().getSqlTypeName()) {
      return visited;
    }
    RexNode mod = rex.makeCall(visited.getOperator(), widen(a), widen(b));
    return rex.makeCast(visited.getType(), mod, true, false);
  }

  private RexNode widen(RexNode e) {
    if (e.getType().getSqlTypeName() == SqlTypeName.BIGINT) {
      return e;
    }
    RelDataType bigint = rex.getTypeFactory().createTypeWithNullability(
        rex.getTypeFactory().createSqlType(SqlTypeName.BIGINT), e.getType().isNullable());
    return rex.makeCast(bigint, e, true, false);
  }
}
