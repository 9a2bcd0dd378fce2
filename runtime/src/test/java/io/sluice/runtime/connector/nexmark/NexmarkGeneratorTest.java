package io.sluice.runtime.connector.nexmark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generator against the reference test vectors (src/test/resources/nexmark-vectors: events
 * made by NEXMARK.md's reference draw order), field for field, and its per-event properties.
 */
class NexmarkGeneratorTest {
  private static final String[] KINDS = {"person", "auction", "bid"};
  /** Column names and types (L BIGINT, S VARCHAR, T TIMESTAMP) per kind, as in NEXMARK.md. */
  private static final String[][] COLUMNS = {
      {"id", "name", "emailAddress", "creditCard", "city", "state", "dateTime", "extra"},
      {"id", "itemName", "description", "initialBid", "reserve", "dateTime", "expires", "seller",
          "category", "extra"},
      {"auction", "bidder", "price", "channel", "url", "dateTime", "extra"}};
  private static final String[] TYPES = {"LSSSSSTS", "LSSLLTTLLS", "LLLSSTS"};
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

  @ParameterizedTest
  @ValueSource(strings = {"default-full", "rate1000-short"})
  void matchesTheReferenceVectorsFieldForField(String folder) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(resource(folder + "/generator.properties")));
    NexmarkConfig config = new NexmarkConfig(Long.parseLong(p.getProperty("firstEventId")),
        Long.parseLong(p.getProperty("events")), Long.parseLong(p.getProperty("rate")),
        Instant.parse(p.getProperty("baseTime")).toEpochMilli(), 1, 0,
        NexmarkConfig.Extra.valueOf(p.getProperty("extra").toUpperCase(Locale.ROOT)),
        Integer.parseInt(p.getProperty("outOfOrder")));
    List<List<List<String>>> expected = new ArrayList<>();
    for (String kind : KINDS) {
      expected.add(parseCsv(resource(folder + "/" + kind + ".csv")));
    }
    assertEquals(Long.parseLong(p.getProperty("persons")), expected.get(0).size(), "person.csv");
    assertEquals(Long.parseLong(p.getProperty("auctions")), expected.get(1).size(), "auction.csv");
    assertEquals(Long.parseLong(p.getProperty("bids")), expected.get(2).size(), "bid.csv");

    NexmarkGenerator g = new NexmarkGenerator(config);
    int[] seen = new int[3];
    long minTime = Long.MAX_VALUE;
    long maxTime = Long.MIN_VALUE;
    for (long n = 0; n < config.events(); n++) {
      int kind = g.kind(n);
      Object[] row = g.event(n);
      List<List<String>> rows = expected.get(kind);
      int i = seen[kind]++;
      String where = folder + ": event n=" + n + " (" + KINDS[kind] + " #" + i + ", line "
          + (i + 1) + " of " + KINDS[kind] + ".csv)";
      if (i >= rows.size()) {
        fail(where + ": the vectors have only " + rows.size() + " " + KINDS[kind] + " rows");
      }
      compare(where, kind, rows.get(i), row);
      long time = g.dateTime(n);
      minTime = Math.min(minTime, time);
      maxTime = Math.max(maxTime, time);
    }
    for (int k = 0; k < 3; k++) {
      assertEquals(expected.get(k).size(), seen[k], folder + ": number of " + KINDS[k] + " events");
    }
    assertEquals(millis(p.getProperty("minDateTime")), minTime, folder + ": minDateTime");
    assertEquals(millis(p.getProperty("maxDateTime")), maxTime, folder + ": maxDateTime");
  }

  /** Fails on the first field that differs, naming the event and the field. */
  private static void compare(String where, int kind, List<String> expected, Object[] actual) {
    String types = TYPES[kind];
    if (expected.size() != types.length() || actual.length != types.length()) {
      fail(where + ": " + expected.size() + " fields in the CSV and " + actual.length
          + " generated; expected " + types.length());
    }
    for (int c = 0; c < types.length(); c++) {
      String text = expected.get(c);
      Object want = switch (types.charAt(c)) {
        case 'L' -> Long.parseLong(text);
        case 'T' -> millis(text);
        default -> text;
      };
      if (!want.equals(actual[c])) {
        fail(where + ", field " + COLUMNS[kind][c] + " (column " + (c + 1) + "): expected <"
            + want + ">" + (types.charAt(c) == 'T' ? " (" + text + ")" : "") + " but generated <"
            + actual[c] + ">" + (actual[c] == null ? "" : " of " + actual[c].getClass()
            .getSimpleName()) + "\n  CSV row:       " + expected + "\n  generated row: "
            + Arrays.toString(actual));
      }
    }
  }

  @Test
  void aSliceMadeAloneEqualsTheSameEventsOfAFullRun() {
    for (int disorder : new int[] {1, 7}) {
      NexmarkConfig config = new NexmarkConfig(0, 3000, 1000,
          NexmarkConfig.DEFAULT_BASE_TIME, 1, 0, NexmarkConfig.Extra.FULL, disorder);
      NexmarkGenerator full = new NexmarkGenerator(config);
      List<Object[]> all = new ArrayList<>();
      for (long n = 0; n < config.events(); n++) {
        all.add(full.event(n));
      }
      NexmarkGenerator alone = new NexmarkGenerator(config);
      for (long n = 1789; n >= 1234; n--) {
        assertArrayEquals(all.get((int) n), alone.event(n), "event " + n + ", disorder "
            + disorder);
      }
    }
  }

  @Test
  void disorderPermutesEventIdsWithinGroups() {
    int g = 10;
    long base = NexmarkConfig.DEFAULT_BASE_TIME;
    NexmarkConfig shuffled = new NexmarkConfig(500, 2000, 1000, base, 1, 0,
        NexmarkConfig.Extra.FULL, g);
    NexmarkGenerator s = new NexmarkGenerator(shuffled);
    NexmarkGenerator inOrder = new NexmarkGenerator(new NexmarkConfig(500, 2000, 1000, base, 1,
        0, NexmarkConfig.Extra.FULL, 1));
    int moved = 0;
    for (long group = 0; group < 2000 / g; group++) {
      TreeSet<Long> ids = new TreeSet<>();
      for (long n = group * g; n < (group + 1) * g; n++) {
        long a = n / g * g + n * 953 % g;
        assertEquals(500 + a, s.eventId(n), "id of event " + n);
        assertEquals(base + a, s.dateTime(n), "time of event " + n + " (1 ms apart)");
        assertEquals(inOrder.kind(a), s.kind(n), "kind of event " + n);
        assertArrayEquals(inOrder.event(a), s.event(n), "event " + n + " is event " + a);
        ids.add(s.eventId(n));
        moved += a == n ? 0 : 1;
      }
      assertEquals(g, ids.size(), "group " + group + " has distinct ids");
      assertEquals(500 + group * g, ids.first());
      assertEquals(500 + group * g + g - 1, ids.last());
    }
    assertTrue(moved > 1000, "most events move");
  }

  @Test
  void extraModesChangeOnlyTheLastField() {
    NexmarkGenerator[] g = new NexmarkGenerator[3];
    for (NexmarkConfig.Extra e : NexmarkConfig.Extra.values()) {
      g[e.ordinal()] = new NexmarkGenerator(new NexmarkConfig(0, 1000, 1000,
          NexmarkConfig.DEFAULT_BASE_TIME, 1, 0, e, 1));
    }
    for (long n = 0; n < 1000; n++) {
      Object[] full = g[0].event(n);
      Object[] small = g[1].event(n);
      Object[] none = g[2].event(n);
      int last = full.length - 1;
      assertArrayEquals(Arrays.copyOf(full, last), Arrays.copyOf(small, last), "event " + n);
      assertArrayEquals(Arrays.copyOf(full, last), Arrays.copyOf(none, last), "event " + n);
      assertEquals("", none[last]);
      int len = ((String) small[last]).length();
      assertTrue(len >= 6 && len <= 9, "short extra of event " + n + ": " + small[last]);
      assertTrue(((String) full[last]).startsWith((String) small[last]),
          "the same draws make the characters");
    }
  }

  @Test
  void aNonZeroSeedVariesTheDrawsButNotIdsKindsOrTimes() {
    NexmarkGenerator reference = new NexmarkGenerator(NexmarkConfig.of(500));
    NexmarkConfig c = new NexmarkConfig(0, 500, 10_000_000, NexmarkConfig.DEFAULT_BASE_TIME, 1,
        42);
    NexmarkGenerator seeded = new NexmarkGenerator(c);
    NexmarkGenerator again = new NexmarkGenerator(c);
    int differ = 0;
    for (long n = 0; n < 500; n++) {
      Object[] r = reference.event(n);
      Object[] s = seeded.event(n);
      assertArrayEquals(s, again.event(n), "deterministic");
      assertEquals(reference.kind(n), seeded.kind(n));
      assertEquals(reference.dateTime(n), seeded.dateTime(n));
      differ += Arrays.equals(r, s) ? 0 : 1;
    }
    assertTrue(differ > 490, "seed 42 changes the events: " + differ);
  }

  /** The inlined generator is java.util.Random, draw for draw. */
  @Test
  void rngIsJavaUtilRandom() {
    int[] bounds = {1, 2, 4, 5, 6, 9, 10, 11, 13, 26, 100, 1011, 10_000, 1 << 30,
        Integer.MAX_VALUE - 1, (1 << 30) + 1};
    for (long seed : new long[] {0, 1, -1, -4, 42, 123_456_789_012L, Long.MIN_VALUE,
        Long.MAX_VALUE}) {
      Random want = new Random(seed);
      NexmarkGenerator.Rng got = new NexmarkGenerator.Rng(seed);
      for (int i = 0; i < 2000; i++) {
        switch (i % 4) {
          case 0 -> assertEquals(want.nextInt(bounds[i % bounds.length]),
              got.nextInt(bounds[i % bounds.length]), "seed " + seed + " draw " + i);
          case 1 -> assertEquals(want.nextInt(), got.nextInt(), "seed " + seed + " draw " + i);
          case 2 -> assertEquals(want.nextLong(), got.nextLong(), "seed " + seed + " draw " + i);
          default -> assertEquals(want.nextDouble(), got.nextDouble(), 0.0,
              "seed " + seed + " draw " + i);
        }
      }
    }
  }

  /** The fast price path gives the reference {@code StrictMath} result. */
  @Test
  void priceIsTheStrictMathPrice() {
    Random r = new Random(7);
    for (int i = 0; i < 1_000_000; i++) {
      double u = r.nextDouble();
      assertEquals(Math.round(StrictMath.pow(10, u * 6) * 100), NexmarkGenerator.price(u),
          "u = " + u);
    }
    // Draws whose price lies exactly on a rounding boundary (cents k + 0.5) take StrictMath.
    for (double cents : new double[] {100.5, 1234.5, 99_999_999.5}) {
      double u = Math.log10(cents / 100) / 6;
      assertEquals(Math.round(StrictMath.pow(10, u * 6) * 100), NexmarkGenerator.price(u));
    }
  }

  @Test
  void csvParserFollowsRfc4180() {
    assertEquals(List.of(List.of("a", "", "b,c", "say \"hi\"", "x\\y`[]"),
        List.of("line\nbreak", "z"), List.of("")),
        parseCsv("a,\"\",\"b,c\",\"say \"\"hi\"\"\",x\\y`[]\r\n\"line\nbreak\",z\n\"\"\n"));
  }

  private static long millis(String timestamp) {
    return LocalDateTime.parse(timestamp, TIMESTAMP).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = NexmarkGeneratorTest.class.getResourceAsStream("/nexmark-vectors/"
        + name)) {
      assertNotNull(in, "test resource nexmark-vectors/" + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * RFC 4180: comma-separated fields, records ending in CRLF or LF (the last one optionally),
   * fields in double quotes may hold commas, line breaks and doubled quotes.
   */
  static List<List<String>> parseCsv(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int len = text.length();
    while (i < len) {
      char c = text.charAt(i);
      if (c == '"' && field.length() == 0) {
        i++;
        while (true) {
          assertTrue(i < len, "unterminated quoted CSV field");
          char q = text.charAt(i++);
          if (q == '"') {
            if (i < len && text.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(q);
          }
        }
        assertTrue(i == len || text.charAt(i) == ',' || text.charAt(i) == '\r'
            || text.charAt(i) == '\n', "text after a closing quote at " + i);
        continue;
      }
      if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
        i++;
      } else if (c == '\r' || c == '\n') {
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
        i += c == '\r' && i + 1 < len && text.charAt(i + 1) == '\n' ? 2 : 1;
      } else {
        assertFalse(c == '"', "a quote inside an unquoted CSV field at " + i);
        field.append(c);
        i++;
      }
    }
    if (field.length() > 0 || !record.isEmpty()) {
      record.add(field.toString());
      records.add(record);
    }
    return records;
  }
}
