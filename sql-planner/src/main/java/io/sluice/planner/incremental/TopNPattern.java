package io.sluice.planner.incremental;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexFieldCollation;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.SqlKind;

/**
 * Recognizes top-N and deduplication in a normalized plan: a Calc whose condition is
 * {@code ROW_NUMBER() OVER (PARTITION BY columns ORDER BY columns) <= N} (or {@code < N},
 * {@code = 1}). Yields the keys, N, and the projection over the Calc's input; if the projection
 * selects the row number ({@code rankSelected}), it reads it as one more input column after the
 * Calc input's.
 */
public record TopNPattern(
    RelNode input,
    int[] partition,
    int[] order,
    boolean[] descending,
    long limit,
    RexProgram projection,
    boolean rankSelected) {

  /** The pattern at {@code rel}, or null. */
  public static TopNPattern match(RelNode rel) {
    if (!(rel instanceof Calc calc) || calc.getProgram().getCondition() == null) {
      return null;
    }
    RexProgram program = calc.getProgram();
    RexNode condition = program.expandLocalRef(program.getCondition());
    if (!(condition instanceof RexCall call) || call.getOperands().size() != 2
        || !(call.getOperands().get(0) instanceof RexOver over)
        || !(call.getOperands().get(1) instanceof RexLiteral literal)
        || over.getKind() != SqlKind.ROW_NUMBER || over.getWindow().orderKeys.isEmpty()) {
      return null;
    }
    int[] partition = refs(over.getWindow().partitionKeys);
    if (partition == null) {
      return null;
    }
    int[] order = new int[over.getWindow().orderKeys.size()];
    boolean[] descending = new boolean[order.length];
    for (int i = 0; i < order.length; i++) {
      RexFieldCollation c = over.getWindow().orderKeys.get(i);
      if (!(c.left instanceof RexInputRef ref)) {
        return null;
      }
      order[i] = ref.getIndex();
      descending[i] = c.getDirection() == RelFieldCollation.Direction.DESCENDING;
    }
    long limit = limit(call.getKind(), literal);
    RelDataType inputType = calc.getInput().getRowType();
    RexInputRef rank = new RexInputRef(inputType.getFieldCount(), over.getType());
    List<RexNode> projects = new ArrayList<>();
    boolean rankSelected = false;
    for (var p : program.getProjectList()) {
      RexNode e = program.expandLocalRef(p);
      if (e.equals(over)) {
        e = rank;
        rankSelected = true;
      } else if (RexOver.containsOver(e)) {
        return null;
      }
      projects.add(e);
    }
    if (limit < 1) {
      return null;
    }
    RelDataType withRank = calc.getCluster().getTypeFactory().builder()
        .addAll(inputType.getFieldList()).add("$rank", over.getType()).uniquify().build();
    RexProgram projection = RexProgram.create(rankSelected ? withRank : inputType, projects, null,
        calc.getRowType(), calc.getCluster().getRexBuilder());
    return new TopNPattern(calc.getInput(), partition, order, descending, limit, projection,
        rankSelected);
  }

  private static int[] refs(List<RexNode> nodes) {
    int[] out = new int[nodes.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(nodes.get(i) instanceof RexInputRef ref)) {
        return null;
      }
      out[i] = ref.getIndex();
    }
    return out;
  }

  /** N from {@code rn <= N}, {@code rn < N + 1} or {@code rn = 1}; 0 if the filter is other. */
  private static long limit(SqlKind kind, RexLiteral literal) {
    Long n = literal.getValueAs(Long.class);
    if (n == null) {
      return 0;
    }
    return switch (kind) {
      case LESS_THAN_OR_EQUAL -> n;
      case LESS_THAN -> n - 1;
      case EQUALS -> n == 1 ? 1 : 0;
      default -> 0;
    };
  }
}
