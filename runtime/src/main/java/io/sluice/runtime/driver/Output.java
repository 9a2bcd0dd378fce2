package io.sluice.runtime.driver;

import io.sluice.runtime.change.ChangeBatch;

/** Where an operator sends what it produces: the next operator, or a sink. */
public interface Output {
  /** Hands on a batch of changes. The batch may be reused by the caller after this returns. */
  void emit(ChangeBatch batch);

  /** Every later change has an event time at or after {@code watermark} (epoch millis). */
  void emitWatermark(long watermark);
}
