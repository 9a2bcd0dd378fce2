package io.sluice.runtime.connector.nexmark;

import java.nio.charset.StandardCharsets;

/**
 * The Nexmark event generator, following the reference draw order of NEXMARK.md field for field,
 * so that its events are those every other engine is measured on (NexmarkGeneratorTest checks
 * them against the reference test vectors).
 *
 * <p>Event number n takes place a = (n / g) * g + (n * 953) % g (g the disorder group size; a = n
 * when g = 1) and has id firstEventId + a, event time base + (long) (a * delay) / 1000 ms (delay
 * = 10^6 / rate * generators microseconds) and kind id mod 50 (0 person, 1-3 auction, 4-49 bid).
 * All its random choices come, in the reference order, from a {@link java.util.Random} seeded by
 * its id (see {@link NexmarkConfig}), so any slice of the stream can be made alone and parallel
 * generators over disjoint ranges agree. Channel urls depend only on the channel: made once.
 *
 * <p>Rows use the engine's internal values (TIMESTAMP as epoch millis, BIGINT as Long). Columns:
 * person (id, name, emailAddress, creditCard, city, state, dateTime, extra); auction (id,
 * itemName, description, initialBid, reserve, dateTime, expires, seller, category, extra); bid
 * (auction, bidder, price, channel, url, dateTime, extra).
 *
 * <p>Not thread-safe (it reuses a random generator and a buffer): one per thread.
 */
public final class NexmarkGenerator {
  public static final int PERSON = 0;
  public static final int AUCTION = 1;
  public static final int BID = 2;

  private static final int PROPORTION = 50;
  private static final long FIRST_ID = 1000;
  private static final long ACTIVE_PEOPLE = 1000;
  private static final long PERSON_LEAD = 10;
  private static final long IN_FLIGHT_AUCTIONS = 100;
  private static final long AUCTION_LEAD = 10;
  private static final long HOT = 100;
  /** Events until 100 more auctions have been made: 100 * 50 / 3. */
  private static final long FUTURE_AUCTION_EVENTS = 1666;
  private static final int CHANNELS = 10_000;
  private static final String[] FIRST_NAMES = {"Peter", "Paul", "Luke", "John", "Saul", "Vicky",
      "Kate", "Julie", "Sarah", "Deiter", "Walter"};
  private static final String[] LAST_NAMES = {"Shultz", "Abrams", "Spencer", "White", "Bartels",
      "Walton", "Smith", "Jones", "Noris"};
  /** FIRST_NAMES[f] + " " + LAST_NAMES[l] at f * 9 + l. */
  private static final String[] NAMES = new String[FIRST_NAMES.length * LAST_NAMES.length];
  private static final String[] CITIES = {"Phoenix", "Los Angeles", "San Francisco", "Boise",
      "Portland", "Bend", "Redmond", "Seattle", "Kent", "Cheyenne"};
  private static final String[] STATES = {"AZ", "CA", "ID", "OR", "WA", "WY"};
  private static final String[] HOT_CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};
  private static final String[] HOT_URLS = new String[HOT_CHANNELS.length];
  /** "channel-c" and its url, filled on first use (racing writers store equal strings). */
  private static final String[] CHANNEL_NAMES = new String[CHANNELS];
  private static final String[] CHANNEL_URLS = new String[CHANNELS];

  static {
    for (int f = 0; f < FIRST_NAMES.length; f++) {
      for (int l = 0; l < LAST_NAMES.length; l++) {
        NAMES[f * LAST_NAMES.length + l] = FIRST_NAMES[f] + " " + LAST_NAMES[l];
      }
    }
    for (int i = 0; i < HOT_URLS.length; i++) {
      HOT_URLS[i] = baseUrl(new Rng(-1 - i), new StringBuilder()).toString();
    }
  }

  private final long firstEventId;
  private final long baseTime;
  private final double delay;
  private final long disorder;
  private final NexmarkConfig.Extra extra;
  private final long seedMix;
  private final Rng rnd = new Rng(0);
  private byte[] buf = new byte[1024];

  public NexmarkGenerator(NexmarkConfig config) {
    this.firstEventId = config.firstEventId();
    this.baseTime = config.baseTimeMillis();
    this.delay = config.interEventDelayMicros();
    this.disorder = config.disorder();
    this.extra = config.extra();
    this.seedMix = mix(config.seed());
  }

  /** 0 for seed 0, else a murmur3 finalizer of the seed with non-zero low 48 bits. */
  private static long mix(long seed) {
    if (seed == 0) {
      return 0;
    }
    long z = seed;
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    z ^= z >>> 33;
    return (z & Rng.MASK) == 0 ? z | 1 : z;
  }

  /** Place a of event number n after the out-of-order permutation. */
  private long place(long n) {
    return disorder == 1 ? n : n / disorder * disorder + n * 953 % disorder;
  }

  /** The id of event number {@code n}: firstEventId plus its place. */
  public long eventId(long n) {
    return firstEventId + place(n);
  }

  /** The kind of event number {@code n}: {@link #PERSON}, {@link #AUCTION} or {@link #BID}. */
  public int kind(long n) {
    long r = eventId(n) % PROPORTION;
    return r == 0 ? PERSON : r <= 3 ? AUCTION : BID;
  }

  /** The event time (epoch millis) of event number {@code n}. */
  public long dateTime(long n) {
    return time(place(n));
  }

  private long time(long place) {
    return baseTime + (long) (place * delay) / 1000;
  }

  /** Event number {@code n} as a row of its kind's stream. */
  public Object[] event(long n) {
    long a = place(n);
    long id = firstEventId + a;
    long time = time(a);
    rnd.setSeed(id ^ seedMix);
    // Base-0 ids of the newest person and auction at or before this event: lastPerson = epoch,
    // lastAuction = 3 * epoch + (r - 1) for an auction, 3 * epoch + 2 for a bid.
    long epoch = id / PROPORTION;
    int r = (int) (id % PROPORTION);
    if (r == 0) {
      return person(epoch, time);
    } else if (r <= 3) {
      return auction(epoch, 3 * epoch + r - 1, a, time);
    }
    return bid(epoch, 3 * epoch + 2, time);
  }

  private Object[] person(long lastPerson, long time) {
    int first = rnd.nextInt(FIRST_NAMES.length);
    String name = NAMES[first * LAST_NAMES.length + rnd.nextInt(LAST_NAMES.length)];
    int e = str(rnd, buf, 0, 7, ' ');
    buf[e++] = '@';
    e = str(rnd, buf, e, 5, ' ');
    buf[e++] = '.';
    buf[e++] = 'c';
    buf[e++] = 'o';
    buf[e++] = 'm';
    String email = latin1(buf, e);
    for (int g = 0, p = 0; g < 4; g++) {
      int x = rnd.nextInt(10_000);
      buf[p] = (byte) ('0' + x / 1000);
      buf[p + 1] = (byte) ('0' + x / 100 % 10);
      buf[p + 2] = (byte) ('0' + x / 10 % 10);
      buf[p + 3] = (byte) ('0' + x % 10);
      buf[p + 4] = ' ';
      p += 5;
    }
    String creditCard = latin1(buf, 19);
    String city = CITIES[rnd.nextInt(CITIES.length)];
    String state = STATES[rnd.nextInt(STATES.length)];
    String pad = extra(8 + name.length() + email.length() + creditCard.length() + city.length()
        + state.length(), 200);
    return new Object[] {FIRST_ID + lastPerson, name, email, creditCard, city, state, time, pad};
  }

  private Object[] auction(long lastPerson, long lastAuction, long place, long time) {
    long seller = rnd.nextInt(4) > 0 ? lastPerson / HOT * HOT : randomPerson(lastPerson);
    long category = 10 + rnd.nextInt(5);
    long initialBid = price();
    long horizon = time(place + FUTURE_AUCTION_EVENTS) - time;
    long expires = time + 1 + nextLong(Math.max(2 * horizon, 1));
    String itemName = latin1(buf, str(rnd, buf, 0, 20, ' '));
    String description = latin1(buf, str(rnd, buf, 0, 100, ' '));
    long reserve = initialBid + price();
    String pad = extra(8 + itemName.length() + description.length() + 40, 500);
    return new Object[] {FIRST_ID + lastAuction, itemName, description, initialBid, reserve, time,
        expires, FIRST_ID + seller, category, pad};
  }

  private Object[] bid(long lastPerson, long lastAuction, long time) {
    long auction = rnd.nextInt(2) > 0 ? lastAuction / HOT * HOT : randomAuction(lastAuction);
    long bidder = rnd.nextInt(4) > 0 ? lastPerson / HOT * HOT + 1 : randomPerson(lastPerson);
    long price = price();
    String channel;
    String url;
    if (rnd.nextInt(2) > 0) {
      int i = rnd.nextInt(HOT_CHANNELS.length);
      channel = HOT_CHANNELS[i];
      url = HOT_URLS[i];
    } else {
      int c = rnd.nextInt(CHANNELS);
      channel = CHANNEL_NAMES[c];
      url = CHANNEL_URLS[c];
      if (channel == null || url == null) {
        url = channelUrl(c);
        channel = "channel-" + c;
        CHANNEL_URLS[c] = url;
        CHANNEL_NAMES[c] = channel;
      }
    }
    return new Object[] {FIRST_ID + auction, FIRST_ID + bidder, price, channel, url, time,
        extra(32, 100)};
  }

  /** One of the 1,000 most recent people or the 10 after them. */
  private long randomPerson(long lastPerson) {
    long people = lastPerson + 1;
    long active = Math.min(people, ACTIVE_PEOPLE);
    return people - active + nextLong(active + PERSON_LEAD);
  }

  /** One of the 100 auctions before lastAuction, it, or the 10 after it. */
  private long randomAuction(long lastAuction) {
    long lo = Math.max(lastAuction - IN_FLIGHT_AUCTIONS, 0);
    return lo + nextLong(lastAuction - lo + 1 + AUCTION_LEAD);
  }

  private long nextLong(long n) {
    return n < Integer.MAX_VALUE ? rnd.nextInt((int) n) : Math.abs(rnd.nextLong() % n);
  }

  /** Log-uniform cents from $1 to $1M. */
  private long price() {
    return price(rnd.nextDouble());
  }

  /**
   * {@code Math.round(StrictMath.pow(10, u * 6) * 100)}, the reference, exactly, but with the
   * faster {@link Math#pow} wherever it cannot change the result: both are within 1 ulp of the
   * exact power, so their products with 100 (at most 1e8) differ by less than 1e-7, and only a
   * value that close to a rounding boundary k + 0.5 needs StrictMath.
   */
  static long price(double u) {
    double e = u * 6.0;
    double cents = Math.pow(10.0, e) * 100.0;
    double fraction = cents - Math.floor(cents);
    if (Math.abs(fraction - 0.5) < 1e-6) {
      cents = StrictMath.pow(10.0, e) * 100.0;
    }
    return Math.round(cents);
  }

  /**
   * The padding: about {@code target} bytes less the event's estimated {@code size}, plus or
   * minus 20%, six characters 'H' to 'z' from each draw.
   */
  private String extra(int size, int target) {
    if (extra == NexmarkConfig.Extra.NONE) {
      return "";
    } else if (extra == NexmarkConfig.Extra.SHORT) {
      size = 0;
      target = 8;
    }
    if (size > target) {
      return ""; // as the reference: no padding and no draw (unreachable at these targets)
    }
    target -= size;
    int d = (int) Math.round(target * 0.2);
    int len = target - d + (d == 0 ? 0 : rnd.nextInt(2 * d));
    if (len > buf.length) {
      buf = new byte[len];
    }
    byte[] b = buf;
    int i = 0;
    // Six characters per draw: v % 26, then v /= 26 (truncating), with the quotients taken
    // directly from v so the divisions do not wait on each other; q % 26 = q - 26 * (q / 26).
    for (; i + 6 <= len; i += 6) {
      int v = rnd.nextInt();
      int q1 = v / 26;
      int q2 = v / 676;
      int q3 = v / 17_576;
      int q4 = v / 456_976;
      int q5 = v / 11_881_376;
      b[i] = (byte) ('a' + v - 26 * q1);
      b[i + 1] = (byte) ('a' + q1 - 26 * q2);
      b[i + 2] = (byte) ('a' + q2 - 26 * q3);
      b[i + 3] = (byte) ('a' + q3 - 26 * q4);
      b[i + 4] = (byte) ('a' + q4 - 26 * q5);
      b[i + 5] = (byte) ('a' + q5 % 26);
    }
    if (i < len) {
      for (int v = rnd.nextInt(); i < len; i++) {
        b[i] = (byte) ('a' + v % 26);
        v /= 26;
      }
    }
    return latin1(b, len);
  }

  /**
   * Writes 3 to {@code max - 1} random characters (a-z, 1 in 13 {@code special}) at {@code pos},
   * trimmed of spaces; returns where they end.
   */
  private static int str(Rng rnd, byte[] b, int pos, int max, char special) {
    int end = pos + 3 + rnd.nextInt(max - 3);
    for (int i = pos; i < end; i++) {
      b[i] = (byte) (rnd.nextInt(13) == 0 ? special : 'a' + rnd.nextInt(26));
    }
    if (special != ' ') {
      return end;
    }
    int start = pos;
    while (start < end && b[start] == ' ') {
      start++;
    }
    while (end > start && b[end - 1] == ' ') {
      end--;
    }
    if (start > pos) {
      System.arraycopy(b, start, b, pos, end - start);
    }
    return pos + end - start;
  }

  private static String latin1(byte[] b, int len) {
    return new String(b, 0, len, StandardCharsets.ISO_8859_1);
  }

  /** "https://www.nexmark.com/s/s/s/item.htm?query=1", each s a fresh str(5) with '_'. */
  private static StringBuilder baseUrl(Rng rnd, StringBuilder url) {
    byte[] b = new byte[5];
    url.append("https://www.nexmark.com/");
    for (int i = 0; i < 3; i++) {
      int len = str(rnd, b, 0, 5, '_');
      for (int j = 0; j < len; j++) {
        url.append((char) b[j]);
      }
      url.append('/');
    }
    return url.append("item.htm?query=1");
  }

  private static String channelUrl(int c) {
    Rng rnd = new Rng(c);
    StringBuilder url = baseUrl(rnd, new StringBuilder(96));
    if (rnd.nextInt(10) > 0) {
      url.append("&channel_id=").append(Math.abs(Integer.reverse(c)));
    }
    return url.toString();
  }

  /**
   * {@link java.util.Random}'s generator as its Javadoc specifies it (same seeding, same
   * outputs), without the atomic seed update and allocation that a Random per event costs.
   */
  static final class Rng {
    static final long MASK = (1L << 48) - 1;
    private static final long MULTIPLIER = 0x5DEECE66DL;
    private long seed;

    Rng(long seed) {
      setSeed(seed);
    }

    void setSeed(long s) {
      seed = (s ^ MULTIPLIER) & MASK;
    }

    private int next(int bits) {
      seed = (seed * MULTIPLIER + 0xBL) & MASK;
      return (int) (seed >>> (48 - bits));
    }

    int nextInt() {
      return next(32);
    }

    int nextInt(int bound) {
      int r = next(31);
      int m = bound - 1;
      if ((bound & m) == 0) {
        return (int) ((bound * (long) r) >> 31);
      }
      for (int u = r; u - (r = u % bound) + m < 0; u = next(31)) {
        // rejected: retry
      }
      return r;
    }

    long nextLong() {
      return ((long) next(32) << 32) + next(32);
    }

    double nextDouble() {
      return (((long) next(26) << 27) + next(27)) * 0x1.0p-53;
    }
  }
}
