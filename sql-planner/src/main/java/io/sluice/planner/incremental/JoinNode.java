package io.sluice.planner.incremental;

import io.sluice.runtime.driver.Operator;
import io.sluice.runtime.operator.join.StreamJoinOperator;
import io.sluice.runtime.operator.join.StreamJoinOperator.TimeBounds;
import io.sluice.runtime.operator.join.StreamJoinOperator.Type;
import io.sluice.runtime.expr.RowCalc;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.DataContext;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

/**
 * A join of two streams: unbounded (rows kept until retracted), or time-bounded (an interval
 * or window join, rows evicted by watermark). See {@link StreamJoinOperator}.
 */
public final class JoinNode extends PhysicalNode {
  /** How the join was recognized, for EXPLAIN. */
  public enum Kind { STREAM, INTERVAL, WINDOW }

  private final Kind kind;
  private final Type type;
  private final int[] leftKeys;
  private final int[] rightKeys;
  private final RexNode residual;
  private final Function<DataContext, RowCalc> compiledResidual;
  private final TimeBounds bounds;

  /**
   * @param residual the condition's non-equi part over the joined row, or null; with
   *     {@code compiledResidual} its bytecode
   * @param bounds for INTERVAL and WINDOW joins, the time columns and bounds; else null
   */
  public JoinNode(Kind kind, PhysicalNode left, PhysicalNode right, RelDataType rowType,
      Type type, int[] leftKeys, int[] rightKeys, RexNode residual,
      Function<DataContext, RowCalc> compiledResidual, TimeBounds bounds) {
    super(List.of(left, right), rowType);
    this.kind = kind;
    this.type = type;
    this.leftKeys = leftKeys.clone();
    this.rightKeys = rightKeys.clone();
    this.residual = residual;
    this.compiledResidual = compiledResidual;
    this.bounds = bounds;
  }

  public Kind kind() {
    return kind;
  }

  public TimeBounds bounds() {
    return bounds;
  }

  private PhysicalNode left() {
    return inputs().get(0);
  }

  private PhysicalNode right() {
    return inputs().get(1);
  }

  /**
   * Time-bounded joins of append-only inputs append; so does an unbounded INNER join of them.
   * Anything else revises rows (NULL-padded rows, retractions passed through).
   */
  @Override
  public Emission emission() {
    boolean appendIn = left().emission() == Emission.APPEND
        && right().emission() == Emission.APPEND;
    return appendIn && (bounds != null || type == Type.INNER) ? Emission.APPEND : Emission.UPDATE;
  }

  /** The left time column: the output watermark is held back so no later row is behind it. */
  @Override
  public int watermarkColumn() {
    // With a per-row upper bound a joined row's left time may be any distance behind.
    return bounds == null || bounds.upperColumn() >= 0 ? -1 : bounds.leftTime();
  }

  @Override
  public int windowStartColumn() {
    return kind == Kind.WINDOW ? left().windowStartColumn() : -1;
  }

  @Override
  public int windowEndColumn() {
    return kind == Kind.WINDOW ? left().windowEndColumn() : -1;
  }

  @Override
  public long idleTimeoutMillis() {
    return Math.max(left().idleTimeoutMillis(), right().idleTimeoutMillis());
  }

  @Override
  public String describe() {
    String name = switch (kind) {
      case STREAM -> "StreamJoin";
      case INTERVAL -> "IntervalJoin";
      case WINDOW -> "WindowJoin";
    };
    String rightTime = bounds == null ? ""
        : "right." + right().rowType().getFieldList().get(bounds.rightTime()).getName();
    String time = bounds == null ? ""
        : bounds.upperColumn() >= 0
            ? ", " + rightTime + " - left." + column(bounds.leftTime()) + " >= " + bounds.lower()
                + " ms, " + rightTime + " <= left." + column(bounds.upperColumn()) + " + "
                + bounds.upper() + " ms"
            : ", " + rightTime + " - left." + column(bounds.leftTime()) + " in ["
                + bounds.lower() + ", " + bounds.upper() + "] ms";
    return name + "(" + type + ", left keys=" + Arrays.toString(leftKeys) + ", right keys="
        + Arrays.toString(rightKeys) + (residual == null ? "" : ", residual=" + residual) + time
        + ")";
  }

  @Override
  public String state() {
    return bounds == null
        ? "rows of both sides by join key, kept until retracted (grows with the inputs)"
        : "rows of both sides by join key; a left row until the right watermark passes its "
            + (bounds.upperColumn() >= 0 ? column(bounds.upperColumn()) : "time") + " + "
            + bounds.upper() + " ms, a right row until the left watermark passes its time - "
            + bounds.lower() + " ms";
  }

  /** Joins run as two-input operators: see {@link #buildJoin}. */
  @Override
  public Operator build(ExecutionContext context) {
    throw new UnsupportedOperationException("a join is built with buildJoin");
  }

  /** A fresh join operator for one execution. */
  public StreamJoinOperator buildJoin(ExecutionContext context) {
    RowCalc condition = compiledResidual == null ? null : compiledResidual.apply(context.query());
    return new StreamJoinOperator(type, left().rowType().getFieldCount(),
        right().rowType().getFieldCount(), leftKeys, rightKeys, condition, bounds,
        new long[] {left().idleTimeoutMillis(), right().idleTimeoutMillis()}, System::nanoTime,
        context.state());
  }
}
