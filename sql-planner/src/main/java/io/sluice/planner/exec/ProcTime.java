package io.sluice.planner.exec;

import java.sql.Timestamp;
import org.apache.calcite.linq4j.function.NonDeterministic;

/**
 * {@code PROCTIME()}: the wall-clock time a row is processed, as a TIMESTAMP (UTC, as Sluice
 * runs). In a live query a column computed by it is processing time: its watermark is the clock
 * (see {@link io.sluice.runtime.driver.ProcessingTimeOperator}). Non-deterministic, so Calcite never
 * folds it into a constant.
 */
public final class ProcTime {
  /** The name SQL calls it by. */
  public static final String NAME = "PROCTIME";

  private ProcTime() {}

  @NonDeterministic
  public static Timestamp proctime() {
    return new Timestamp(System.currentTimeMillis());
  }
}
