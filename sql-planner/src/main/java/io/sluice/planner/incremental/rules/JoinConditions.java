package io.sluice.planner.incremental.rules;

import io.sluice.planner.codegen.CalcCompiler;
import io.sluice.planner.incremental.JoinNode;
import io.sluice.planner.incremental.PhysicalNode;
import io.sluice.planner.incremental.PlanContext;
import io.sluice.runtime.operator.join.StreamJoinOperator.TimeBounds;
import io.sluice.runtime.operator.join.StreamJoinOperator.Type;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgramBuilder;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.validate.SqlValidatorUtil;

/**
 * What the join rules read from a join: whether two streams meet, the equi-keys, the residual
 * condition, and time bounds between the two sides' event-time columns. Not a rule itself.
 */
final class JoinConditions {
  private JoinConditions() {}

  /** A join of two incremental inputs, of a type the join operator runs. */
  static boolean streamJoin(org.apache.calcite.rel.RelNode rel, List<PhysicalNode> inputs) {
    return rel instanceof Join join && inputs.size() == 2 && inputs.get(0) != null
        && inputs.get(1) != null && type(join) != null;
  }

  static Type type(Join join) {
    return switch (join.getJoinType()) {
      case INNER -> Type.INNER;
      case LEFT -> Type.LEFT;
      case RIGHT -> Type.RIGHT;
      case FULL -> Type.FULL;
      default -> null;
    };
  }

  static boolean appendOnly(List<PhysicalNode> inputs) {
    return inputs.get(0).emission() == io.sluice.planner.incremental.Emission.APPEND
        && inputs.get(1).emission() == io.sluice.planner.incremental.Emission.APPEND;
  }

  /**
   * Bounds on {@code right time - left time} implied by the condition's conjuncts comparing the
   * two event-time columns ({@code r.ts >= l.ts - INTERVAL ..}, BETWEEN, equality), or null
   * unless both a lower and an upper bound are there. Without a constant upper bound, one taken
   * from another timestamp column of the left row serves ({@code r.ts <= l.expires}).
   */
  static TimeBounds timeBounds(Join join, List<PhysicalNode> inputs) {
    int leftTime = inputs.get(0).watermarkColumn();
    int rightTime = inputs.get(1).watermarkColumn();
    if (leftTime < 0 || rightTime < 0) {
      return null;
    }
    int width = inputs.get(0).rowType().getFieldCount();
    Long lower = null;
    Long upper = null;
    int upperColumn = -1;
    Long columnUpper = null;
    for (RexNode c : RelOptUtil.conjunctions(join.getCondition())) {
      if (!(c instanceof RexCall call) || call.getOperands().size() != 2) {
        continue;
      }
      Term a = term(call.getOperands().get(0));
      Term b = term(call.getOperands().get(1));
      if (a == null || b == null) {
        continue;
      }
      SqlKind kind = call.getKind();
      if (a.column < width && b.column == width + rightTime) {
        // Put the right time first: r + x  op  left column + y.
        Term t = a;
        a = b;
        b = t;
        kind = kind.reverse();
      }
      if (a.column != width + rightTime || b.column >= width) {
        continue;
      }
      long d = b.offset - a.offset; // r - left column  op  d
      if (b.column == leftTime) {
        switch (kind) {
          case EQUALS -> {
            lower = max(lower, d);
            upper = min(upper, d);
          }
          case GREATER_THAN, GREATER_THAN_OR_EQUAL -> lower = max(lower, d);
          case LESS_THAN, LESS_THAN_OR_EQUAL -> upper = min(upper, d);
          default -> { }
        }
      } else if ((kind == SqlKind.LESS_THAN || kind == SqlKind.LESS_THAN_OR_EQUAL)
          && upperColumn < 0 && isTimestamp(inputs.get(0), b.column)) {
        // r <= another time column of the left row (+ d): a per-row upper bound.
        upperColumn = b.column;
        columnUpper = d;
      }
    }
    if (lower == null) {
      return null;
    }
    if (upper != null) {
      return lower > upper ? null : new TimeBounds(leftTime, rightTime, lower, upper);
    }
    return upperColumn < 0 ? null
        : new TimeBounds(leftTime, rightTime, lower, columnUpper, upperColumn);
  }

  private static boolean isTimestamp(PhysicalNode node, int column) {
    return node.rowType().getFieldList().get(column).getType().getSqlTypeName()
        == org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP;
  }

  private static Long max(Long a, long b) {
    return a == null ? b : Math.max(a, b);
  }

  private static Long min(Long a, long b) {
    return a == null ? b : Math.min(a, b);
  }

  /** A column plus a constant interval, in millis. */
  private record Term(int column, long offset) {}

  private static Term term(RexNode e) {
    if (e instanceof RexInputRef ref) {
      return new Term(ref.getIndex(), 0);
    }
    if (e instanceof RexCall call && call.getOperands().size() == 2
        && (call.getKind() == SqlKind.PLUS || call.getKind() == SqlKind.MINUS)
        && call.getOperands().get(0) instanceof RexInputRef ref
        && call.getOperands().get(1) instanceof RexLiteral lit
        && lit.getType().getSqlTypeName().getFamily()
            == org.apache.calcite.sql.type.SqlTypeFamily.INTERVAL_DAY_TIME) {
      BigDecimal v = lit.getValueAs(BigDecimal.class);
      if (v == null) {
        return null;
      }
      long millis = v.longValueExact();
      return new Term(ref.getIndex(), call.getKind() == SqlKind.PLUS ? millis : -millis);
    }
    return null;
  }

  /** The join node, with the condition's equi-keys and its remaining part compiled. */
  static JoinNode node(JoinNode.Kind kind, Join join, List<PhysicalNode> inputs,
      TimeBounds bounds, PlanContext context) {
    JoinInfo info = join.analyzeCondition();
    RexBuilder rex = join.getCluster().getRexBuilder();
    RexNode residual = info.getRemaining(rex);
    RelDataType joined = SqlValidatorUtil.deriveJoinRowType(inputs.get(0).rowType(),
        inputs.get(1).rowType(), JoinRelType.INNER, context.typeFactory(), null, List.of());
    if (residual.isAlwaysTrue()) {
      return new JoinNode(kind, inputs.get(0), inputs.get(1), join.getRowType(), type(join),
          info.leftKeys.toIntArray(), info.rightKeys.toIntArray(), null, null, bounds);
    }
    RexProgramBuilder program = new RexProgramBuilder(joined, rex);
    program.addCondition(RexUtil.flatten(rex, residual));
    return new JoinNode(kind, inputs.get(0), inputs.get(1), join.getRowType(), type(join),
        info.leftKeys.toIntArray(), info.rightKeys.toIntArray(), residual,
        CalcCompiler.compile(program.getProgram(), context.typeFactory()), bounds);
  }
}
