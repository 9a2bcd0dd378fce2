package io.sluice.server.avatica;

import io.sluice.planner.ResultColumn;
import java.math.BigDecimal;
import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.ColumnMetaData;

/**
 * How Sluice's column types look on the wire. Values travel in their internal form
 * (TIMESTAMP as epoch millis, DATE as epoch days, TIME as millis of the day), which is what
 * Avatica's number-backed date/time accessors expect.
 */
final class TypeMapping {
  /** Column size reported for VARCHAR without a declared length. */
  static final int UNBOUNDED = Integer.MAX_VALUE;

  private TypeMapping() {}

  static ColumnMetaData.Rep rep(int jdbcType) {
    return switch (jdbcType) {
      case Types.BOOLEAN -> ColumnMetaData.Rep.BOOLEAN;
      case Types.TINYINT -> ColumnMetaData.Rep.BYTE;
      case Types.SMALLINT -> ColumnMetaData.Rep.SHORT;
      case Types.INTEGER, Types.DATE, Types.TIME -> ColumnMetaData.Rep.INTEGER;
      case Types.BIGINT, Types.TIMESTAMP -> ColumnMetaData.Rep.LONG;
      case Types.REAL -> ColumnMetaData.Rep.FLOAT;
      case Types.FLOAT, Types.DOUBLE -> ColumnMetaData.Rep.DOUBLE;
      case Types.DECIMAL, Types.NUMERIC -> ColumnMetaData.Rep.NUMBER;
      case Types.CHAR, Types.VARCHAR -> ColumnMetaData.Rep.STRING;
      default -> ColumnMetaData.Rep.OBJECT;
    };
  }

  static List<ColumnMetaData> columns(List<ResultColumn> columns) {
    List<ColumnMetaData> out = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      ResultColumn c = columns.get(i);
      ColumnMetaData.AvaticaType type =
          ColumnMetaData.scalar(c.jdbcType(), c.typeName(), rep(c.jdbcType()));
      out.add(new ColumnMetaData(i, false, true, false, false,
          c.nullable() ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls,
          isSigned(c.jdbcType()), displaySize(c), c.label(), c.label(), null, c.precision(),
          c.scale(), null, null, type, true, false, false, c.className()));
    }
    return out;
  }

  static List<AvaticaParameter> parameters(List<ResultColumn> params) {
    List<AvaticaParameter> out = new ArrayList<>(params.size());
    for (int i = 0; i < params.size(); i++) {
      ResultColumn p = params.get(i);
      out.add(new AvaticaParameter(isSigned(p.jdbcType()), p.precision(), p.scale(),
          p.jdbcType(), p.typeName(), p.className(), "?" + (i + 1)));
    }
    return out;
  }

  static boolean isSigned(int jdbcType) {
    return switch (jdbcType) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT,
          Types.DOUBLE, Types.DECIMAL, Types.NUMERIC -> true;
      default -> false;
    };
  }

  static int displaySize(ResultColumn c) {
    return switch (c.jdbcType()) {
      case Types.CHAR, Types.VARCHAR -> c.precision() > 0 ? c.precision() : UNBOUNDED;
      case Types.BIGINT -> 20;
      case Types.INTEGER -> 11;
      case Types.TIMESTAMP -> 23;
      case Types.DATE -> 10;
      default -> Math.max(c.precision(), 10);
    };
  }

  /**
   * Converts a parameter value from the wire to the internal form of its type; JSON may carry
   * a BIGINT as Integer or a DECIMAL as Double.
   */
  static Object toInternal(Object value, int jdbcType) {
    if (value == null) {
      return null;
    }
    return switch (jdbcType) {
      case Types.BIGINT, Types.TIMESTAMP -> value instanceof Number n ? n.longValue()
          : value instanceof java.util.Date d ? d.getTime() : Long.parseLong(value.toString());
      case Types.INTEGER, Types.DATE, Types.TIME -> value instanceof Number n ? n.intValue()
          : Integer.parseInt(value.toString());
      case Types.SMALLINT -> value instanceof Number n ? n.shortValue()
          : Short.parseShort(value.toString());
      case Types.TINYINT -> value instanceof Number n ? n.byteValue()
          : Byte.parseByte(value.toString());
      case Types.DOUBLE, Types.FLOAT -> value instanceof Number n ? n.doubleValue()
          : Double.parseDouble(value.toString());
      case Types.REAL -> value instanceof Number n ? n.floatValue()
          : Float.parseFloat(value.toString());
      case Types.DECIMAL, Types.NUMERIC -> value instanceof BigDecimal b ? b
          : new BigDecimal(value.toString());
      case Types.BOOLEAN -> value instanceof Boolean b ? b : Boolean.parseBoolean(value.toString());
      case Types.CHAR, Types.VARCHAR -> value.toString();
      default -> value;
    };
  }
}
