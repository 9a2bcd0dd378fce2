package io.sluice.runtime.agg;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The Java type of a numeric SQL result, so that aggregates return what batch SQL returns. */
public enum NumberKind {
  BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, DECIMAL;

  boolean isExact() {
    return this != FLOAT && this != DOUBLE && this != DECIMAL;
  }

  /** Converts an exact sum to this kind. */
  Object fromLong(long v) {
    return switch (this) {
      case BYTE -> (byte) v;
      case SHORT -> (short) v;
      case INT -> (int) v;
      case LONG -> v;
      case FLOAT -> (float) v;
      case DOUBLE -> (double) v;
      case DECIMAL -> BigDecimal.valueOf(v);
    };
  }

  Object fromDouble(double v) {
    return this == FLOAT ? (Object) (float) v : (Object) v;
  }

  /** {@code sum / count} as this kind; exact kinds divide as integers, as SQL does. */
  Object divide(Object sum, long count, int scale) {
    return switch (this) {
      case FLOAT, DOUBLE -> fromDouble(((Number) sum).doubleValue() / count);
      case DECIMAL -> ((BigDecimal) sum).divide(BigDecimal.valueOf(count), scale,
          RoundingMode.DOWN);
      default -> fromLong(((Number) sum).longValue() / count);
    };
  }
}
