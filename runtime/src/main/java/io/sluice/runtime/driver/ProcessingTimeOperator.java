package io.sluice.runtime.driver;

import io.sluice.runtime.change.ChangeBatch;
import java.util.function.LongSupplier;

/**
 * Processing time: wraps the operator that stamps rows with the wall clock ({@code PROCTIME()})
 * and makes the wall clock their watermark. After each batch, and on each tick of the driver
 * while no rows come, the watermark is the current time, so processing-time windows close on
 * time whether or not rows arrive. Input watermarks (event time) do not apply, except the end
 * of input.
 */
public final class ProcessingTimeOperator implements Operator {
  private final Operator stamping;
  private final LongSupplier clock;
  private Output output;
  private long watermark = Long.MIN_VALUE;

  /** @param clock wall-clock millis, the clock the stamping operator reads */
  public ProcessingTimeOperator(Operator stamping, LongSupplier clock) {
    this.stamping = stamping;
    this.clock = clock;
  }

  @Override
  public void open(Output output) {
    this.output = output;
    stamping.open(output);
  }

  @Override
  public void process(ChangeBatch batch) {
    stamping.process(batch);
    onTime(clock.getAsLong());
  }

  /** Every row stamped from now on is at or after {@code now}. */
  public void onTime(long now) {
    if (now > watermark) {
      watermark = now;
      output.emitWatermark(now);
    }
  }

  @Override
  public void onWatermark(long inputWatermark) {
    if (inputWatermark == Long.MAX_VALUE) {
      watermark = Long.MAX_VALUE;
      output.emitWatermark(Long.MAX_VALUE);
    }
  }

  @Override
  public void close() {
    stamping.close();
  }
}
