package io.sluice.planner.calcite;

import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * The operands of a window table function call (TUMBLE, HOP, CUMULATE, SESSION): the time
 * column its first descriptor names, SESSION's partition columns from its second, and its
 * intervals in milliseconds, in order. Batch and live plans read calls through this one place.
 */
public record WindowCall(int time, List<Integer> keys, List<Long> millis) {
  /** The operands of {@code call}, a call of {@code function}; a user error if incomplete. */
  public static WindowCall of(RexCall call, String function) {
    int time = -1;
    List<Integer> keys = new ArrayList<>();
    List<Long> millis = new ArrayList<>();
    for (RexNode operand : call.getOperands()) {
      if (operand instanceof RexCall d && d.getKind() == SqlKind.DESCRIPTOR) {
        for (RexNode column : d.getOperands()) {
          if (column instanceof RexInputRef ref) {
            if (time < 0) {
              time = ref.getIndex();
              break;
            }
            keys.add(ref.getIndex());
          }
        }
      } else if (operand instanceof RexLiteral literal) {
        millis.add(literal.getValueAs(Long.class));
      }
    }
    if (time < 0 || millis.isEmpty()) {
      throw new SluiceException(ErrorCode.INVALID_STATEMENT, function
          + " needs DESCRIPTOR(time_column) and an interval, for example " + function
          + "(TABLE s, DESCRIPTOR(ts), INTERVAL '10' SECOND)");
    }
    return new WindowCall(time, keys, millis);
  }

  /** Interval {@code i} in milliseconds, or {@code dflt} if the call has fewer. */
  public long millis(int i, long dflt) {
    return i < millis.size() ? millis.get(i) : dflt;
  }
}
