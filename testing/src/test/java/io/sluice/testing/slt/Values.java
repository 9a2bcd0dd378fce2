package io.sluice.testing.slt;

import java.math.BigDecimal;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formats values for comparison, so every target prints the same text for the same value. */
final class Values {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private Values() {}

  /** Formats an engine-internal value (TIMESTAMP as epoch millis, DATE as epoch days). */
  static String internal(Object v, int jdbcType) {
    if (v == null) {
      return "NULL";
    }
    return switch (jdbcType) {
      case Types.TIMESTAMP -> timestamp(((Number) v).longValue());
      case Types.DATE -> LocalDate.ofEpochDay(((Number) v).longValue()).toString();
      case Types.TIME -> LocalTime.ofNanoOfDay(((Number) v).longValue() * 1_000_000L).toString();
      default -> plain(v);
    };
  }

  /** Formats a value as JDBC's {@code getObject} returns it. */
  static String jdbc(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof java.sql.Timestamp t) {
      return timestamp(t.getTime());
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    }
    if (v instanceof java.sql.Time t) {
      return t.toLocalTime().toString();
    }
    return plain(v);
  }

  static String timestamp(long millis) {
    String s = TIMESTAMP.format(Instant.ofEpochMilli(millis));
    long ms = Math.floorMod(millis, 1000L);
    return ms == 0 ? s : s + String.format(".%03d", ms);
  }

  private static String plain(Object v) {
    if (v instanceof BigDecimal b) {
      return b.stripTrailingZeros().toPlainString();
    }
    if (v instanceof Number n && !(v instanceof Double) && !(v instanceof Float)) {
      return Long.toString(n.longValue());
    }
    String s = v.toString();
    return s.isEmpty() ? "(empty)" : s;
  }
}
