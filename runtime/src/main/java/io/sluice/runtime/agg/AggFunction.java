package io.sluice.runtime.agg;

/**
 * An aggregate over a group's rows. Accumulators are created by {@link #init}, changed by
 * {@link #add} and {@link #retract} (which return the accumulator, possibly the same object),
 * combined by {@link #merge}, and read by {@link #result}. Accumulators must be serializable for durable state.
 */
public interface AggFunction {
  Object init();

  /** Adds a non-null value (or, for COUNT(*), the row). */
  Object add(Object acc, Object value);

  /** Removes a value added before. */
  Object retract(Object acc, Object value);

  /**
   * Folds {@code other} (an accumulator of the same function, over other rows) into
   * {@code acc} and returns it: what merging two session windows needs.
   */
  Object merge(Object acc, Object other);

  Object result(Object acc);
}
