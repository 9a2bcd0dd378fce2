package io.sluice.planner.incremental.rules;

import io.sluice.runtime.agg.AggCall;
import io.sluice.runtime.agg.AggFunction;
import io.sluice.runtime.agg.AggFunctions;
import io.sluice.runtime.agg.NumberKind;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;

/** Translates Calcite's aggregate calls into runtime aggregate functions. */
final class AggCalls {
  private AggCalls() {}

  /** Checks every call is supported, and returns a factory of fresh runtime calls. */
  static Supplier<List<AggCall>> translate(Aggregate aggregate, boolean appendOnly) {
    return translate(aggregate, appendOnly, i -> i);
  }

  /**
   * As {@link #translate(Aggregate, boolean)}, reading argument and filter column {@code i} of
   * the aggregate's input from column {@code columns.applyAsInt(i)} of the operator's input.
   */
  static Supplier<List<AggCall>> translate(Aggregate aggregate, boolean appendOnly,
      IntUnaryOperator columns) {
    for (AggregateCall call : aggregate.getAggCallList()) {
      function(call, appendOnly);
    }
    return () -> {
      List<AggCall> calls = new ArrayList<>();
      for (AggregateCall call : aggregate.getAggCallList()) {
        int arg = call.getArgList().isEmpty() ? -1 : columns.applyAsInt(call.getArgList().get(0));
        int filter = call.filterArg < 0 ? -1 : columns.applyAsInt(call.filterArg);
        calls.add(new AggCall(function(call, appendOnly), arg, filter));
      }
      return calls;
    };
  }

  static List<String> names(Aggregate aggregate) {
    return aggregate.getAggCallList().stream().map(AggregateCall::toString).toList();
  }

  /** Whether every call can be computed incrementally. */
  static boolean supported(Aggregate aggregate) {
    try {
      translate(aggregate, false);
      return true;
    } catch (SluiceException e) {
      return false;
    }
  }

  private static AggFunction function(AggregateCall call, boolean appendOnly) {
    if (call.getArgList().size() > 1) {
      throw unsupported(call);
    }
    AggFunction f = switch (call.getAggregation().getKind()) {
      case COUNT -> AggFunctions.count();
      case SUM -> AggFunctions.sum(kind(call.getType(), call));
      case SUM0 -> AggFunctions.sum0(kind(call.getType(), call));
      case AVG -> AggFunctions.avg(kind(call.getType(), call), Math.max(0, call.getType().getScale()));
      case MIN -> appendOnly && !call.isDistinct() ? AggFunctions.appendOnlyExtreme(false)
          : AggFunctions.extreme(false);
      case MAX -> appendOnly && !call.isDistinct() ? AggFunctions.appendOnlyExtreme(true)
          : AggFunctions.extreme(true);
      default -> throw unsupported(call);
    };
    return call.isDistinct() ? AggFunctions.distinct(f) : f;
  }

  private static NumberKind kind(RelDataType type, AggregateCall call) {
    return switch (type.getSqlTypeName()) {
      case TINYINT -> NumberKind.BYTE;
      case SMALLINT -> NumberKind.SHORT;
      case INTEGER -> NumberKind.INT;
      case BIGINT -> NumberKind.LONG;
      case REAL -> NumberKind.FLOAT;
      case FLOAT, DOUBLE -> NumberKind.DOUBLE;
      case DECIMAL -> NumberKind.DECIMAL;
      default -> throw unsupported(call);
    };
  }

  private static SluiceException unsupported(AggregateCall call) {
    return new SluiceException(ErrorCode.UNSUPPORTED, "Aggregate " + call.getAggregation()
        .getName() + " cannot run in a live query yet; live queries compute COUNT, SUM, MIN,"
        + " MAX and AVG (with DISTINCT and FILTER). Run the query without STREAM for a batch"
        + " answer");
  }
}
