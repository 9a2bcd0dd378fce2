package io.sluice.runtime.driver;

import io.sluice.runtime.change.ChangeBatch;

/**
 * A step with two inputs (a join): like {@link Operator}, but each batch and watermark says
 * which side it came from (0 left, 1 right). The driver calls it from one thread at a time.
 */
public interface TwoInputOperator {
  int LEFT = 0;
  int RIGHT = 1;

  void open(Output output);

  void process(int side, ChangeBatch batch);

  /** Side {@code side}'s watermark advanced; the operator's own is the minimum of both. */
  void onWatermark(int side, long watermark);

  /**
   * Wall-clock time passed with no input (called periodically by the driver): an input idle
   * longer than its timeout stops holding the watermark back.
   */
  default void onIdleCheck(long nowNanos) {}

  default void close() {}
}
