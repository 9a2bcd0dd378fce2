package io.sluice.planner.calcite;

import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.logical.LogicalTableFunctionScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.RelBuilder;

/**
 * Runs {@code CUMULATE} in batch queries, which Calcite's enumerable engine cannot: each
 * cumulating window ends {@code k * step} after its TUMBLE window's start, so
 *
 * <pre>
 *   CUMULATE(t, ts, step, size)  =  UNION ALL over k = 1 .. size/step of
 *     SELECT t.*, window_start, window_start + k * step AS window_end
 *     FROM TUMBLE(t, ts, size) WHERE ts &lt; window_start + k * step
 * </pre>
 *
 * Live queries keep CUMULATE and assign its windows arithmetically.
 */
public final class CumulateWindows {
  private CumulateWindows() {}

  /** {@code rel} with every CUMULATE table function expanded. */
  public static RelNode expand(RelNode rel) {
    return rel.accept(new RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        RelNode visited = super.visit(other);
        if (visited instanceof TableFunctionScan scan && scan.getCall() instanceof RexCall call
            && call.getOperator() == SqlCumulateTableFunction.INSTANCE) {
          return expand(scan, call);
        }
        return visited;
      }
    });
  }

  private static RelNode expand(TableFunctionScan scan, RexCall call) {
    List<RexNode> operands = call.getOperands();
    RexCall descriptor = (RexCall) operands.get(0);
    int time = ((RexInputRef) descriptor.getOperands().get(0)).getIndex();
    RexLiteral stepLiteral = (RexLiteral) operands.get(1);
    long step = stepLiteral.getValueAs(Long.class);
    long size = ((RexLiteral) operands.get(2)).getValueAs(Long.class);
    if (step <= 0 || size % step != 0) {
      throw new SluiceException(ErrorCode.INVALID_STATEMENT, "CUMULATE's size must be a whole"
          + " number of steps (for example a step of INTERVAL '1' HOUR in a size of INTERVAL"
          + " '1' DAY), not " + size + " ms in steps of " + step + " ms");
    }
    RexBuilder rex = scan.getCluster().getRexBuilder();
    List<RexNode> tumbleOperands = new ArrayList<>();
    tumbleOperands.add(descriptor);
    tumbleOperands.add(operands.get(2));
    if (operands.size() > 3) {
      tumbleOperands.add(operands.get(3));
    }
    RelDataType rowType = scan.getRowType();
    RelNode tumble = LogicalTableFunctionScan.create(scan.getCluster(), scan.getInputs(),
        rex.makeCall(rowType, SqlStdOperatorTable.TUMBLE, tumbleOperands), null, rowType, null);
    int width = rowType.getFieldCount();
    RelBuilder b = RelFactories.LOGICAL_BUILDER.create(scan.getCluster(), null);
    long windows = size / step;
    for (long k = 1; k <= windows; k++) {
      b.push(tumble);
      RexNode end = rex.makeCall(SqlStdOperatorTable.DATETIME_PLUS, b.field(width - 2),
          rex.makeIntervalLiteral(BigDecimal.valueOf(k * step),
              stepLiteral.getType().getIntervalQualifier()));
      end = rex.makeCast(rowType.getFieldList().get(width - 1).getType(), end, true, false);
      b.filter(b.lessThan(b.field(time), end));
      List<RexNode> fields = new ArrayList<>(b.fields().subList(0, width - 1));
      fields.add(end);
      b.project(fields, rowType.getFieldNames(), true);
    }
    return b.union(true, (int) windows).build();
  }
}
