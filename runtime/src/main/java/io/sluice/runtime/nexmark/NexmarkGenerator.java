package io.sluice.runtime.nexmark;

import java.util.SplittableRandom;

/**
 * The Nexmark event generator (see the project's NEXMARK.md): event n has id firstEventId + n;
 * id mod 50 decides its kind (0 person, 1-3 auction, 4-49 bid). Every random choice of an event
 * comes from a generator seeded by its id, so any slice of the stream can be made alone and
 * parallel generators over disjoint ranges agree. Rows use the engine's internal values
 * (TIMESTAMP as epoch millis).
 *
 * <p>Columns: person (id, name, emailAddress, creditCard, city, state, dateTime, extra);
 * auction (id, itemName, description, initialBid, reserve, dateTime, expires, seller, category,
 * extra); bid (auction, bidder, price, channel, url, dateTime, extra).
 */
public final class NexmarkGenerator {
  public static final int PERSON = 0;
  public static final int AUCTION = 1;
  public static final int BID = 2;

  private static final int PROPORTION = 50;
  private static final long FIRST_PERSON = 1000;
  private static final long FIRST_AUCTION = 1000;
  private static final int HOT_RATIO_AUCTIONS = 2;
  private static final int HOT_RATIO_BIDDERS = 4;
  private static final String[] FIRST_NAMES = {"Peter", "Paul", "Luke", "John", "Saul", "Vicky",
      "Kate", "Julie", "Sarah", "Deiter", "Walter"};
  private static final String[] LAST_NAMES = {"Shultz", "Abrams", "Spencer", "White", "Bartels",
      "Walton", "Smith", "Jones", "Noris"};
  private static final String[] CITIES = {"Phoenix", "Los Angeles", "San Francisco", "Boise",
      "Portland", "Bend", "Redmond", "Seattle", "Kent", "Cheyenne"};
  private static final String[] STATES = {"AZ", "CA", "ID", "OR", "WA", "WY"};
  private static final String[] CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};
  private static final String[] CHANNEL_URLS = {"https://www.nexmark.com/google/item.htm?query=1",
      "https://www.nexmark.com/facebook/item.htm?query=1",
      "https://www.nexmark.com/baidu/item.htm?query=1",
      "https://www.nexmark.com/apple/item.htm?query=1"};
  private static final String PAD = padding();

  private final NexmarkConfig config;

  public NexmarkGenerator(NexmarkConfig config) {
    this.config = config;
  }

  /** The kind of event number {@code n}: {@link #PERSON}, {@link #AUCTION} or {@link #BID}. */
  public int kind(long n) {
    long r = (config.firstEventId() + n) % PROPORTION;
    return r == 0 ? PERSON : r <= 3 ? AUCTION : BID;
  }

  public long dateTime(long n) {
    return config.baseTimeMillis() + (long) Math.floor(n * config.interEventDelayMicros() / 1000);
  }

  /** Event number {@code n} as a row of its kind's stream. */
  public Object[] event(long n) {
    long id = config.firstEventId() + n;
    SplittableRandom random = new SplittableRandom(id * 0x9E3779B97F4A7C15L ^ config.seed());
    return switch (kind(n)) {
      case PERSON -> person(id, dateTime(n), random);
      case AUCTION -> auction(id, dateTime(n), random, expiryHorizon());
      default -> bid(id, dateTime(n), random);
    };
  }

  private static long lastPerson(long id) {
    return FIRST_PERSON + id / PROPORTION;
  }

  private static long lastAuction(long id) {
    long r = id % PROPORTION;
    long base = FIRST_AUCTION + 3 * (id / PROPORTION);
    return r == 0 ? Math.max(FIRST_AUCTION, base - 1) : base + Math.min(r - 1, 2);
  }

  private static long price(SplittableRandom random) {
    return Math.round(Math.pow(10.0, random.nextDouble() * 6.0) * 100.0);
  }

  /** A person: the hot bidder 3 times in 4, else one of the 1,000 most recent (plus 10). */
  private static long person(SplittableRandom random, long id) {
    long last = lastPerson(id);
    if (random.nextInt(HOT_RATIO_BIDDERS) > 0) {
      return last / 100 * 100 + 1;
    }
    return Math.max(FIRST_PERSON, last - 1000 + random.nextLong(1011));
  }

  private static String string(SplittableRandom random, int maxLength) {
    int length = 3 + random.nextInt(maxLength - 2);
    char[] c = new char[length];
    for (int i = 0; i < length; i++) {
      c[i] = random.nextInt(13) == 0 ? ' ' : (char) ('a' + random.nextInt(26));
    }
    return new String(c);
  }

  private static String extra(SplittableRandom random, int size) {
    int length = (int) (size * (0.8 + 0.4 * random.nextDouble()));
    int start = random.nextInt(PAD.length() - length);
    return PAD.substring(start, start + length);
  }

  private static String padding() {
    SplittableRandom random = new SplittableRandom(42);
    char[] c = new char[4096];
    for (int i = 0; i < c.length; i++) {
      c[i] = (char) ('a' + random.nextInt(26));
    }
    return new String(c);
  }

  private static Object[] person(long id, long time, SplittableRandom random) {
    String name = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + " "
        + LAST_NAMES[random.nextInt(LAST_NAMES.length)];
    String email = string(random, 7).replace(' ', 'x') + "@" + string(random, 5).replace(' ', 'x')
        + ".com";
    String card = String.format("%04d %04d %04d %04d", random.nextInt(10000),
        random.nextInt(10000), random.nextInt(10000), random.nextInt(10000));
    return new Object[] {lastPerson(id), name, email, card,
        CITIES[random.nextInt(CITIES.length)], STATES[random.nextInt(STATES.length)], time,
        extra(random, 200)};
  }

  /** Twice the event time of ~1,667 events: auctions expire up to that far ahead. */
  private long expiryHorizon() {
    return Math.max(1, (long) (2 * 1667 * config.interEventDelayMicros() / 1000));
  }

  private static Object[] auction(long id, long time, SplittableRandom random, long horizon) {
    long initialBid = price(random);
    long reserve = initialBid + price(random);
    long expires = time + 1 + random.nextLong(horizon);
    return new Object[] {lastAuction(id), string(random, 19), string(random, 99), initialBid,
        reserve, time, expires, person(random, id), 10L + random.nextInt(5), extra(random, 500)};
  }

  private static Object[] bid(long id, long time, SplittableRandom random) {
    long last = lastAuction(id);
    long auction = random.nextInt(HOT_RATIO_AUCTIONS) == 0 ? last / 100 * 100
        : Math.max(FIRST_AUCTION, last - 100 + random.nextLong(111));
    long bidder = person(random, id);
    String channel;
    String url;
    if (random.nextInt(2) == 0) {
      int c = random.nextInt(CHANNELS.length);
      channel = CHANNELS[c];
      url = CHANNEL_URLS[c];
    } else {
      int i = random.nextInt(10_000);
      channel = "channel-" + i;
      url = "https://www.nexmark.com/" + string(random, 5).replace(' ', '_') + "/item.htm?query=1"
          + (random.nextInt(10) > 0 ? "&channel_id=" + Integer.reverse(i) : "");
    }
    return new Object[] {auction, bidder, price(random), channel, url, time, extra(random, 100)};
  }
}
