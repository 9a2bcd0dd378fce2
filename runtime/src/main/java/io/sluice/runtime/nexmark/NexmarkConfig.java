package io.sluice.runtime.nexmark;

/**
 * What the Nexmark generator makes: {@code events} events from {@code firstEventId}, at
 * {@code rate} events per second of event time (per generator), starting at
 * {@code baseTimeMillis}, over {@code generators} parallel generators; {@code seed} varies
 * the random choices. The same configuration always makes the same events.
 */
public record NexmarkConfig(long firstEventId, long events, long rate, long baseTimeMillis,
    int generators, long seed) {
  /** 2015-07-15 00:00:00 UTC. */
  public static final long DEFAULT_BASE_TIME = 1_436_918_400_000L;

  public static NexmarkConfig of(long events) {
    return new NexmarkConfig(0, events, 10_000_000, DEFAULT_BASE_TIME, 1, 0);
  }

  /** Microseconds of event time between consecutive events of one generator. */
  double interEventDelayMicros() {
    return 1_000_000.0 / rate * generators;
  }
}
