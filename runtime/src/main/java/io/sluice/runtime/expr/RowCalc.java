package io.sluice.runtime.expr;

/**
 * A filter and projection over one row, compiled to bytecode by the planner once per query.
 * Implementations are generated classes; they must be stateless and thread-safe.
 */
@FunctionalInterface
public interface RowCalc {
  /**
   * Returns the projected row, or {@code null} when the row does not pass the filter.
   * The input row is not modified.
   */
  Object[] apply(Object[] row);
}
