package io.sluice.planner.incremental.rules;

import io.sluice.planner.calcite.WindowCall;
import io.sluice.planner.incremental.IncrementalRule;
import io.sluice.planner.incremental.PhysicalNode;
import io.sluice.planner.incremental.PlanContext;
import io.sluice.planner.incremental.WindowTableFunctionNode;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import io.sluice.runtime.operator.window.WindowAssigner;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rex.RexCall;

/**
 * Implements the window table functions over a stream's event-time column.
 *
 * <pre>
 *   LogicalTableFunctionScan(TUMBLE($0, DESCRIPTOR($2), 10000))  =&gt;  WindowTableFunction(TUMBLE,
 *     (stream with watermark on $2)                                   time=TS, Tumble[10000])
 * </pre>
 *
 * Guard: the function is TUMBLE, HOP, CUMULATE or SESSION ({@code SESSION(TABLE s,
 * DESCRIPTOR(ts), DESCRIPTOR(key), gap)}; it runs only fused with its GROUP BY). The descriptor must name the column the
 * watermark follows, or windows could never close: that is a user error, not a non-match.
 */
public final class ImplementWindowTableFunction implements IncrementalRule {
  private static final List<String> FUNCTIONS = List.of("TUMBLE", "HOP", "CUMULATE", "SESSION");

  @Override
  public boolean matches(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    return rel instanceof TableFunctionScan scan && inputs.size() == 1
        && scan.getCall() instanceof RexCall call
        && FUNCTIONS.contains(call.getOperator().getName().toUpperCase(Locale.ROOT));
  }

  @Override
  public PhysicalNode rewrite(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    RexCall call = (RexCall) ((TableFunctionScan) rel).getCall();
    String function = call.getOperator().getName().toUpperCase(Locale.ROOT);
    PhysicalNode input = inputs.get(0);
    WindowCall operands = WindowCall.of(call, function);
    int timeColumn = operands.time();
    List<Long> millis = operands.millis();
    if (input.watermarkColumn() < 0) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, function + " over a stream without a"
          + " watermark: its windows could never close. Declare one with WATERMARK FOR "
          + input.rowType().getFieldList().get(timeColumn).getName() + " AS ... in CREATE STREAM");
    }
    if (input.watermarkColumn() != timeColumn) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, function + " must use the event-time"
          + " column the watermark follows, DESCRIPTOR("
          + input.rowType().getFieldList().get(input.watermarkColumn()).getName() + ")");
    }
    if (function.equals("SESSION")) {
      return new WindowTableFunctionNode(input, rel.getRowType(), function, timeColumn, null,
          new WindowTableFunctionNode.Session(millis.get(0),
              operands.keys().stream().mapToInt(Integer::intValue).toArray()));
    }
    int sizes = function.equals("TUMBLE") ? 1 : 2;
    long offset = millis.size() > sizes ? millis.get(sizes) : 0;
    WindowAssigner assigner = switch (function) {
      case "TUMBLE" -> new WindowAssigner.Tumble(millis.get(0), offset);
      case "HOP" -> new WindowAssigner.Hop(millis.get(0), millis.get(1), offset);
      default -> new WindowAssigner.Cumulate(millis.get(0), millis.get(1), offset);
    };
    return new WindowTableFunctionNode(input, rel.getRowType(), function, timeColumn, assigner);
  }
}
