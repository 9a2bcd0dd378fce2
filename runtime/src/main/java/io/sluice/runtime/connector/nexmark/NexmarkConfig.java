package io.sluice.runtime.connector.nexmark;

/**
 * What the Nexmark generator makes: {@code events} events from {@code firstEventId}, at
 * {@code rate} events per second of event time (per generator: consecutive events are
 * 10^6 / rate * {@code generators} microseconds apart), starting at {@code baseTimeMillis}.
 * {@code extra} sets the padding column's size; {@code disorder} is the out-of-order group size
 * g (1: in order; within each group of g events, event n takes the place of
 * (n / g) * g + (n * 953) % g). {@code seed} 0 makes the reference events (each event's draws
 * from {@code new java.util.Random(id)}); any other seed makes a different stream, each event
 * drawing from {@code new java.util.Random(id ^ mix(seed))}, mix a 64-bit finalizer that
 * leaves the low 48 bits (all that Random keeps) non-zero. The same configuration always makes
 * the same events.
 */
public record NexmarkConfig(long firstEventId, long events, long rate, long baseTimeMillis,
    int generators, long seed, Extra extra, int disorder) {
  /** 2015-07-15 00:00:00 UTC. */
  public static final long DEFAULT_BASE_TIME = 1_436_918_400_000L;

  /** The {@code extra} column of each event. */
  public enum Extra {
    /** The reference padding: events of about 200 / 500 / 100 bytes (person, auction, bid). */
    FULL,
    /** 6 to 9 characters. */
    SHORT,
    /** Empty, and no random draw. */
    NONE
  }

  public NexmarkConfig {
    if (rate <= 0 || generators <= 0 || disorder <= 0 || firstEventId < 0 || events < 0) {
      throw new IllegalArgumentException("Nexmark configuration needs rate, generators and"
          + " disorder of 1 or more, and firstEventId and events of 0 or more");
    }
    if (extra == null) {
      throw new IllegalArgumentException("Nexmark configuration needs an extra mode");
    }
  }

  /** Full {@code extra}, in order. */
  public NexmarkConfig(long firstEventId, long events, long rate, long baseTimeMillis,
      int generators, long seed) {
    this(firstEventId, events, rate, baseTimeMillis, generators, seed, Extra.FULL, 1);
  }

  /** The reference configuration: {@code events} events at 10,000,000 per second. */
  public static NexmarkConfig of(long events) {
    return new NexmarkConfig(0, events, 10_000_000, DEFAULT_BASE_TIME, 1, 0);
  }

  /** Microseconds of event time between consecutive events of one generator. */
  double interEventDelayMicros() {
    return 1_000_000.0 / rate * generators;
  }
}
