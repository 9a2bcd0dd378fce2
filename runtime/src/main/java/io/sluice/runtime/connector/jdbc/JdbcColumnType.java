package io.sluice.runtime.connector.jdbc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * How a Sluice column's values cross JDBC, in both directions. Sluice holds values as Calcite's
 * enumerable code does: BOOLEAN Boolean, TINYINT Byte, SMALLINT Short, INTEGER Integer, BIGINT
 * Long, REAL Float, FLOAT and DOUBLE Double, DECIMAL BigDecimal, CHAR and VARCHAR String, DATE
 * Integer days since 1970-01-01, TIME Integer milliseconds of the day, TIMESTAMP Long
 * milliseconds since 1970-01-01 00:00 (wall-clock times in UTC).
 *
 * <p>Values are read with the getter of the Sluice type, so an external column of a wider or
 * narrower type (a PostgreSQL {@code int4} under a Sluice BIGINT, say) converts as the driver
 * converts it; times go through {@code java.time}, never through the JVM's default zone.
 */
public enum JdbcColumnType {
  BOOLEAN(Types.BOOLEAN),
  TINYINT(Types.TINYINT),
  SMALLINT(Types.SMALLINT),
  INTEGER(Types.INTEGER),
  BIGINT(Types.BIGINT),
  REAL(Types.REAL),
  DOUBLE(Types.DOUBLE),
  DECIMAL(Types.DECIMAL),
  VARCHAR(Types.VARCHAR),
  DATE(Types.DATE),
  TIME(Types.TIME),
  TIMESTAMP(Types.TIMESTAMP);

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final int sqlType;

  JdbcColumnType(int sqlType) {
    this.sqlType = sqlType;
  }

  /**
   * Column {@code i} of the current row in Sluice's representation, or null. {@code zoned}: the
   * external column is a TIMESTAMP WITH TIME ZONE (read as its UTC wall-clock time).
   * {@code scale}: a DECIMAL's scale, or -1 to keep the database's.
   */
  Object read(ResultSet rs, int i, boolean zoned, int scale) throws SQLException {
    Object v = switch (this) {
      case BOOLEAN -> rs.getBoolean(i);
      case TINYINT -> rs.getByte(i);
      case SMALLINT -> rs.getShort(i);
      case INTEGER -> rs.getInt(i);
      case BIGINT -> rs.getLong(i);
      case REAL -> rs.getFloat(i);
      case DOUBLE -> rs.getDouble(i);
      case DECIMAL -> {
        BigDecimal d = rs.getBigDecimal(i);
        yield d == null || scale < 0 ? d : d.setScale(scale, RoundingMode.HALF_UP);
      }
      case VARCHAR -> rs.getString(i);
      case DATE -> {
        LocalDate d = rs.getObject(i, LocalDate.class);
        yield d == null ? null : (int) d.toEpochDay();
      }
      case TIME -> {
        LocalTime t = rs.getObject(i, LocalTime.class);
        yield t == null ? null : (int) (t.toNanoOfDay() / 1_000_000);
      }
      case TIMESTAMP -> {
        if (zoned) {
          OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
          yield t == null ? null : t.toInstant().toEpochMilli();
        }
        LocalDateTime t = rs.getObject(i, LocalDateTime.class);
        yield t == null ? null : t.toInstant(ZoneOffset.UTC).toEpochMilli();
      }
    };
    return rs.wasNull() ? null : v;
  }

  /** Binds {@code value} (Sluice's representation, or null) to parameter {@code i}. */
  void bind(PreparedStatement ps, int i, Object value, boolean zoned) throws SQLException {
    if (value == null) {
      ps.setNull(i, zoned ? Types.TIMESTAMP_WITH_TIMEZONE : sqlType);
      return;
    }
    switch (this) {
      case BOOLEAN -> ps.setBoolean(i, (Boolean) value);
      case TINYINT -> ps.setByte(i, ((Number) value).byteValue());
      case SMALLINT -> ps.setShort(i, ((Number) value).shortValue());
      case INTEGER -> ps.setInt(i, ((Number) value).intValue());
      case BIGINT -> ps.setLong(i, ((Number) value).longValue());
      case REAL -> ps.setFloat(i, ((Number) value).floatValue());
      case DOUBLE -> ps.setDouble(i, ((Number) value).doubleValue());
      case DECIMAL -> ps.setBigDecimal(i, value instanceof BigDecimal d ? d
          : new BigDecimal(value.toString()));
      case VARCHAR -> ps.setString(i, value.toString());
      case DATE -> ps.setObject(i, LocalDate.ofEpochDay(((Number) value).longValue()));
      case TIME -> ps.setObject(i,
          LocalTime.ofNanoOfDay(((Number) value).longValue() % MILLIS_PER_DAY * 1_000_000));
      case TIMESTAMP -> {
        LocalDateTime t = LocalDateTime.ofInstant(
            Instant.ofEpochMilli(((Number) value).longValue()), ZoneOffset.UTC);
        if (zoned) {
          ps.setObject(i, t.atOffset(ZoneOffset.UTC));
        } else {
          ps.setObject(i, t);
        }
      }
    }
  }
}
