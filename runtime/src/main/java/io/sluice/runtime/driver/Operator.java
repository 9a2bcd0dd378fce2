package io.sluice.runtime.driver;

import io.sluice.runtime.change.ChangeBatch;

/**
 * One step of a query pipeline. The driver calls {@link #open} once, then {@link #process} and
 * {@link #onWatermark} any number of times from one thread at a time, then {@link #close} once.
 * An operator sends what it produces to the output it was opened with, never to anything else.
 */
public interface Operator {
  /** Called once before any other method. */
  void open(Output output);

  /** A batch of changes arrived. The batch is only valid during this call. */
  void process(ChangeBatch batch);

  /**
   * The input's watermark advanced to {@code watermark}. Stateful operators emit what became
   * final and evict state no later row can change; the default forwards it.
   */
  void onWatermark(long watermark);

  /** Releases resources. No other method is called afterwards. */
  default void close() {}
}
