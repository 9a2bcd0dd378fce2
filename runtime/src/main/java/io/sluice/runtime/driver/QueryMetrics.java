package io.sluice.runtime.driver;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a running query reports about itself: its id, watermark and late rows. (State size is
 * read from the operators' state: {@link Dataflow#stages}.)
 */
public final class QueryMetrics {
  private final String queryId;
  private final AtomicLong lateRows = new AtomicLong();
  private volatile long watermark = Long.MIN_VALUE;

  /** Metrics of a query with no id (a benchmark's, a test's). */
  public QueryMetrics() {
    this(null);
  }

  public QueryMetrics(String queryId) {
    this.queryId = queryId;
  }

  /** The id SHOW QUERIES lists, or null. */
  public String queryId() {
    return queryId;
  }

  public void lateRow() {
    lateRows.incrementAndGet();
  }

  public long lateRows() {
    return lateRows.get();
  }

  public void watermark(long watermark) {
    this.watermark = watermark;
  }

  /** The watermark of the query's result (epoch millis), or Long.MIN_VALUE before the first. */
  public long watermark() {
    return watermark;
  }
}
