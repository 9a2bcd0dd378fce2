package io.sluice.planner.calcite;

import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexWindowBounds;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilder;

/**
 * Plans the window table functions of batch queries as plain relational algebra, so that a
 * batch query gives exactly the windows a live query assigns. Calcite's own implementations
 * are not used: its sessionization assumes rows sorted by time per key, and its HOP gives
 * wrong counts once its output is read twice (a COUNT(DISTINCT ...) beside another aggregate).
 *
 * <p>TUMBLE, HOP and CUMULATE assign a row at most {@code n} windows; window {@code k} is a
 * projection, so the function becomes a UNION ALL of {@code n} branches (with {@code m} the
 * time column's epoch millis and {@code fmod} the floor modulo, as the live assigners compute):
 *
 * <pre>
 *   TUMBLE(t, ts, size, off)        k = 0:           start = m - fmod(m - off, size); end = start + size
 *   HOP(t, ts, slide, size, off)    k &lt; size/slide: start = m - fmod(m - off, slide) - k * slide;
 *                                                    end = start + size; keep m &lt; end
 *   CUMULATE(t, ts, step, size, off) k &lt; size/step: start = m - fmod(m - off, size);
 *                                                    end = start + (k + 1) * step; keep m &lt; end
 * </pre>
 *
 * SESSION groups each key's rows sorted by time, a new session starting where the gap to the
 * previous row exceeds the gap (a row exactly a gap after the last one still joins, as live):
 *
 * <pre>
 *   SESSION(t, ts, key, gap)  =
 *     Project(t.*, window_start = MIN(ts) OVER (PARTITION BY key, sid),
 *                  window_end = MAX(ts) OVER (PARTITION BY key, sid) + gap)
 *       Project(t.*, sid = SUM(new) OVER (PARTITION BY key ORDER BY ts))     -- RANGE: ties agree
 *         Project(t.*, new = CASE WHEN m - LAG(m) OVER (PARTITION BY key ORDER BY ts) &gt; gap
 *                                 THEN 1 ELSE 0 END)
 *           Filter(ts IS NOT NULL, t)
 * </pre>
 *
 * Rows with a NULL time belong to no window, as in live queries.
 */
public final class BatchWindows {
  private BatchWindows() {}

  /** {@code rel} with every TUMBLE, HOP, CUMULATE and SESSION table function expanded. */
  public static RelNode expand(RelNode rel) {
    return rel.accept(new RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        RelNode visited = super.visit(other);
        if (visited instanceof TableFunctionScan scan && scan.getInputs().size() == 1
            && scan.getCall() instanceof RexCall call) {
          String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
          return switch (name) {
            case "TUMBLE", "HOP", "CUMULATE", "SESSION" -> expand(scan, call, name);
            default -> visited;
          };
        }
        return visited;
      }
    });
  }

  private static RelNode expand(TableFunctionScan scan, RexCall call, String function) {
    WindowCall ops = WindowCall.of(call, function);
    RelBuilder b = RelFactories.LOGICAL_BUILDER.create(scan.getCluster(), null);
    Exprs x = new Exprs(scan.getCluster().getRexBuilder(), b);
    RelNode input = scan.getInputs().get(0);
    RelNode expanded = function.equals("SESSION")
        ? session(b, x, input, ops)
        : assigned(b, x, input, ops, function);
    // Same field names and types as the table function's row, so parents need no change.
    return RelOptUtil.createCastRel(expanded, scan.getRowType(), true);
  }

  /** TUMBLE, HOP and CUMULATE: a UNION ALL of one projection per window a row may be in. */
  private static RelNode assigned(RelBuilder b, Exprs x, RelNode input, WindowCall ops,
      String function) {
    long first = ops.millis(0, 0);
    long second = ops.millis(1, 0);
    long windows;
    switch (function) {
      case "TUMBLE" -> windows = 1;
      case "HOP" -> {
        positive(function, first, second);
        windows = (second + first - 1) / first;
      }
      default -> {
        positive(function, first, second);
        if (second % first != 0) {
          throw new SluiceException(ErrorCode.INVALID_STATEMENT, "CUMULATE's size must be a"
              + " whole number of steps (for example a step of INTERVAL '1' HOUR in a size of"
              + " INTERVAL '1' DAY), not " + second + " ms in steps of " + first + " ms");
        }
        windows = second / first;
      }
    }
    long offset = ops.millis(function.equals("TUMBLE") ? 1 : 2, 0);
    for (long k = 0; k < windows; k++) {
      b.push(input);
      b.filter(b.isNotNull(b.field(ops.time())));
      RexNode m = x.millis(b.field(ops.time()));
      RexNode start;
      RexNode end;
      switch (function) {
        case "TUMBLE" -> {
          start = x.floor(m, first, offset);
          end = x.plus(start, first);
        }
        case "HOP" -> {
          start = x.plus(x.floor(m, first, offset), -k * first);
          end = x.plus(start, second);
        }
        default -> {
          start = x.floor(m, second, offset);
          end = x.plus(start, (k + 1) * first);
        }
      }
      List<RexNode> fields = new ArrayList<>(b.fields());
      fields.add(x.timestamp(start));
      fields.add(x.timestamp(end));
      b.project(fields);
      if (!function.equals("TUMBLE")) {
        b.filter(b.lessThan(b.field(ops.time()), b.field(fields.size() - 1)));
      }
    }
    return b.union(true, (int) windows).build();
  }

  private static void positive(String function, long first, long second) {
    if (first <= 0 || second <= 0) {
      throw new SluiceException(ErrorCode.INVALID_STATEMENT, function
          + " needs positive intervals, not " + first + " ms and " + second + " ms");
    }
  }

  /** SESSION: sessions numbered per key in time order, then each session's span. */
  private static RelNode session(RelBuilder b, Exprs x, RelNode input, WindowCall ops) {
    long gap = ops.millis(0, 0);
    if (gap <= 0) {
      throw new SluiceException(ErrorCode.INVALID_STATEMENT,
          "SESSION needs a positive gap, not " + gap + " ms");
    }
    int width = input.getRowType().getFieldCount();
    b.push(input);
    b.filter(b.isNotNull(b.field(ops.time())));
    RexNode previous = b.aggregateCall(SqlStdOperatorTable.LAG, x.millis(b.field(ops.time())))
        .over().partitionBy(keys(b, ops)).orderBy(b.field(ops.time())).toRex();
    RexNode startsSession = b.call(SqlStdOperatorTable.CASE,
        b.greaterThan(b.call(SqlStdOperatorTable.MINUS, x.millis(b.field(ops.time())), previous),
            b.literal(gap)),
        b.literal(1), b.literal(0));
    b.projectPlus(b.alias(startsSession, "$starts"));
    RexNode sessionId = b.aggregateCall(SqlStdOperatorTable.SUM, b.field(width))
        .over().partitionBy(keys(b, ops)).orderBy(b.field(ops.time()))
        .rangeTo(RexWindowBounds.CURRENT_ROW).toRex();
    List<RexNode> fields = new ArrayList<>(b.fields().subList(0, width));
    fields.add(b.alias(sessionId, "$session"));
    b.project(fields);
    List<RexNode> partition = new ArrayList<>(keys(b, ops));
    partition.add(b.field(width));
    RexNode start = b.aggregateCall(SqlStdOperatorTable.MIN, x.millis(b.field(ops.time())))
        .over().partitionBy(partition).toRex();
    RexNode last = b.aggregateCall(SqlStdOperatorTable.MAX, x.millis(b.field(ops.time())))
        .over().partitionBy(partition).toRex();
    List<RexNode> out = new ArrayList<>(b.fields().subList(0, width));
    out.add(x.timestamp(x.rex.makeNotNull(start)));
    out.add(x.timestamp(x.plus(x.rex.makeNotNull(last), gap)));
    b.project(out);
    return b.build();
  }

  private static List<RexNode> keys(RelBuilder b, WindowCall ops) {
    List<RexNode> keys = new ArrayList<>();
    for (int k : ops.keys()) {
      keys.add(b.field(k));
    }
    return keys;
  }

  /** Millisecond arithmetic on timestamps, as BIGINT. */
  private record Exprs(RexBuilder rex, RelBuilder b) {
    /** The epoch millis of a timestamp known not to be NULL. */
    RexNode millis(RexNode ts) {
      RelDataType bigint = rex.getTypeFactory().createSqlType(SqlTypeName.BIGINT);
      return rex.makeReinterpretCast(bigint, rex.makeNotNull(ts), rex.makeLiteral(false));
    }

    RexNode timestamp(RexNode millis) {
      RelDataType ts = rex.getTypeFactory().createSqlType(SqlTypeName.TIMESTAMP, 3);
      return rex.makeReinterpretCast(ts, millis, rex.makeLiteral(false));
    }

    RexNode plus(RexNode millis, long delta) {
      return delta == 0 ? millis
          : rex.makeCall(SqlStdOperatorTable.PLUS, millis, literal(delta));
    }

    /** {@code m - floorMod(m - offset, size)}: the start of the size-aligned span holding m. */
    RexNode floor(RexNode m, long size, long offset) {
      RexNode shifted = offset == 0 ? m
          : rex.makeCall(SqlStdOperatorTable.MINUS, m, literal(offset));
      RexNode mod = rex.makeCall(SqlStdOperatorTable.MOD, shifted, literal(size));
      RexNode floorMod = rex.makeCall(SqlStdOperatorTable.MOD,
          rex.makeCall(SqlStdOperatorTable.PLUS, mod, literal(size)), literal(size));
      return rex.makeCall(SqlStdOperatorTable.MINUS, m, floorMod);
    }

    private RexNode literal(long v) {
      return rex.makeBigintLiteral(BigDecimal.valueOf(v));
    }
  }
}
