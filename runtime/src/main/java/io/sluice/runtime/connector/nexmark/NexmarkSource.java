package io.sluice.runtime.connector.nexmark;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.change.ChangeKind;
import io.sluice.runtime.driver.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One stream (person, auction or bid) of a Nexmark generator: all of its rows for a batch
 * read, or pushed in batches to a live query, ending with a final watermark since the event
 * set is bounded.
 */
public final class NexmarkSource {
  private static final int BATCH = 1024;

  private final NexmarkConfig config;
  private final int kind;
  private final long rowsPerSecond;

  /** @param rowsPerSecond wall-clock rate limit for live queries (0: as fast as possible) */
  public NexmarkSource(NexmarkConfig config, int kind, long rowsPerSecond) {
    this.config = config;
    this.kind = kind;
    this.rowsPerSecond = rowsPerSecond;
  }

  /** Every row of this stream, in event order. */
  public List<Object[]> rows() {
    NexmarkGenerator g = new NexmarkGenerator(config);
    List<Object[]> rows = new ArrayList<>();
    for (long n = 0; n < config.events(); n++) {
      if (g.kind(n) == kind) {
        rows.add(g.event(n));
      }
    }
    return rows;
  }

  /**
   * Pushes every row to {@code out} in batches, then the final watermark, unless
   * {@code stopped} turns true first. Runs on the caller's thread.
   */
  public void run(Output out, BooleanSupplier stopped) throws InterruptedException {
    NexmarkGenerator g = new NexmarkGenerator(config);
    ChangeBatch batch = new ChangeBatch(BATCH);
    long start = System.nanoTime();
    long sent = 0;
    for (long n = 0; n < config.events() && !stopped.getAsBoolean(); n++) {
      if (g.kind(n) != kind) {
        continue;
      }
      batch.add(ChangeKind.INSERT, g.event(n));
      if (batch.size() == BATCH || rowsPerSecond > 0) {
        out.emit(batch);
        sent += batch.size();
        batch.clear();
        if (rowsPerSecond > 0) {
          long due = start + sent * 1_000_000_000L / rowsPerSecond;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
      }
    }
    if (!stopped.getAsBoolean()) {
      if (!batch.isEmpty()) {
        out.emit(batch);
      }
      out.emitWatermark(Long.MAX_VALUE);
    }
  }
}
