package io.sluice.runtime.agg;

/**
 * An aggregate over a group's rows. Accumulators are created by {@link #init}, changed by
 * {@link #add} and {@link #retract} (which return the accumulator, possibly the same object),
 * and read by {@link #result}. Accumulators must be serializable for durable state.
 */
public interface AggFunction {
  Object init();

  /** Adds a non-null value (or, for COUNT(*), the row). */
  Object add(Object acc, Object value);

  /** Removes a value added before. */
  Object retract(Object acc, Object value);

  Object result(Object acc);
}
