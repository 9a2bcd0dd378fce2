package io.sluice.runtime.operator;

import io.sluice.runtime.driver.Operator;
import io.sluice.runtime.driver.Output;
import io.sluice.runtime.driver.QueryMetrics;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.state.StateMap;
import io.sluice.runtime.state.StateStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Follows a source's event time: the watermark is the largest event time seen minus the
 * declared delay, and is sent on after each batch that advances it. A row behind the watermark
 * when it arrives is counted as late (and passed on: only operators with closed results drop
 * it); given a late-rows sink, each batch's late rows also go there, each with the query's id
 * and the watermark it was behind appended. The largest event time is state, so a restored
 * query resumes its watermark.
 */
public final class WatermarkGenerator implements Operator {
  private final int timeColumn;
  private final long delayMillis;
  private final QueryMetrics metrics;
  private final StateMap<String, Long> state;
  private final Consumer<List<Object[]>> lateRows;
  private Output output;
  private long maxEventTime;
  private long watermark;

  public WatermarkGenerator(int timeColumn, long delayMillis, StateStore store,
      QueryMetrics metrics) {
    this(timeColumn, delayMillis, store, metrics, null);
  }

  /** @param lateRows where late rows are kept (a stream's late-rows stream), or null */
  public WatermarkGenerator(int timeColumn, long delayMillis, StateStore store,
      QueryMetrics metrics, Consumer<List<Object[]>> lateRows) {
    this.lateRows = lateRows;
    this.timeColumn = timeColumn;
    this.delayMillis = delayMillis;
    this.metrics = metrics;
    this.state = store.map("watermark");
  }

  @Override
  public void open(Output output) {
    this.output = output;
    Long max = state.get("max");
    maxEventTime = max == null ? Long.MIN_VALUE : max;
    watermark = max == null ? Long.MIN_VALUE : max - delayMillis;
  }

  @Override
  public void process(ChangeBatch batch) {
    long max = maxEventTime;
    List<Object[]> late = null;
    for (int i = 0, n = batch.size(); i < n; i++) {
      Object t = batch.row(i)[timeColumn];
      if (t != null) {
        long ts = (Long) t;
        if (ts < watermark) {
          metrics.lateRow();
          if (lateRows != null) {
            Object[] row = batch.row(i);
            Object[] kept = Arrays.copyOf(row, row.length + 2);
            kept[row.length] = metrics.queryId();
            kept[row.length + 1] = watermark;
            (late == null ? late = new ArrayList<>() : late).add(kept);
          }
        }
        if (ts > max) {
          max = ts;
        }
      }
    }
    output.emit(batch);
    if (late != null) {
      lateRows.accept(late);
    }
    if (max > maxEventTime) {
      maxEventTime = max;
      state.put("max", max);
      onWatermark(max - delayMillis);
    }
  }

  @Override
  public void onWatermark(long next) {
    if (next > watermark) {
      watermark = next;
      output.emitWatermark(next);
    }
  }
}
