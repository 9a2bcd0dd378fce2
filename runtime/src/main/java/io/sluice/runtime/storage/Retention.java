package io.sluice.runtime.storage;

import java.time.Duration;

/**
 * How much of a stream a memory stream keeps for batch queries: at most {@code maxRows} rows,
 * none older (by arrival) than {@code maxAge}. Either limit may be absent.
 */
public record Retention(long maxRows, Duration maxAge) {
  public static final Retention UNLIMITED = new Retention(Long.MAX_VALUE, null);

  public Retention {
    if (maxRows < 0) {
      throw new IllegalArgumentException("maxRows must be >= 0");
    }
  }

  long oldestAllowedMillis(long nowMillis) {
    return maxAge == null ? Long.MIN_VALUE : nowMillis - maxAge.toMillis();
  }
}
