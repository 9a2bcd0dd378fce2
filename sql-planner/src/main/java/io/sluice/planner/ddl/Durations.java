package io.sluice.planner.ddl;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as people write them in options: {@code '10 minutes'}, {@code '1h'}, {@code 'PT30S'}. */
public final class Durations {
  private static final Pattern SIMPLE = Pattern.compile(
      "\\s*(\\d+)\\s*(ms|millis|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?|d|days?)\\s*");

  private Durations() {}

  /** The duration, or null if the text is not one. */
  public static Duration parse(String text) {
    Matcher m = SIMPLE.matcher(text.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2);
      if (unit.startsWith("ms") || unit.startsWith("milli")) {
        return Duration.ofMillis(n);
      }
      return switch (unit.charAt(0)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
