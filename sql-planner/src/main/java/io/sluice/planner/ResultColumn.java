package io.sluice.planner;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A column of a result (or a statement parameter) as a JDBC client sees it. Values travel in
 * the engine's internal representation: TIMESTAMP as epoch millis, DATE as epoch days, TIME as
 * millis of the day; everything else as its plain Java class.
 */
public record ResultColumn(
    String label,
    int jdbcType,
    String typeName,
    int precision,
    int scale,
    boolean nullable,
    String className) {

  /** The change-kind column that leads a changelog result ({@code +I}, {@code -U}, ...). */
  public static final ResultColumn CHANGE_KIND =
      new ResultColumn("op", Types.VARCHAR, "VARCHAR", 2, 0, false, String.class.getName());

  /** The leading column of a complete-mode result: which snapshot of the result a row is in. */
  public static final ResultColumn SNAPSHOT =
      new ResultColumn("snapshot", Types.BIGINT, "BIGINT", 19, 0, false, Long.class.getName());

  public static ResultColumn of(String label, RelDataType type) {
    SqlTypeName t = type.getSqlTypeName();
    int precision = type.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED
        ? 0 : type.getPrecision();
    int scale = type.getScale() == RelDataType.SCALE_NOT_SPECIFIED ? 0 : type.getScale();
    return new ResultColumn(label, t.getJdbcOrdinal(), t.getName(), precision, scale,
        type.isNullable(), className(t));
  }

  public static List<ResultColumn> of(RelDataType rowType) {
    List<ResultColumn> out = new ArrayList<>();
    for (RelDataTypeField f : rowType.getFieldList()) {
      out.add(of(f.getName(), f.getType()));
    }
    return out;
  }

  public static ResultColumn varchar(String label) {
    return new ResultColumn(label, Types.VARCHAR, "VARCHAR", 0, 0, true, String.class.getName());
  }

  public static ResultColumn bigint(String label) {
    return new ResultColumn(label, Types.BIGINT, "BIGINT", 19, 0, true, Long.class.getName());
  }

  /** The class a JDBC client gets from {@code getObject}. */
  private static String className(SqlTypeName t) {
    return switch (t) {
      case BOOLEAN -> Boolean.class.getName();
      case TINYINT -> Byte.class.getName();
      case SMALLINT -> Short.class.getName();
      case INTEGER -> Integer.class.getName();
      case BIGINT -> Long.class.getName();
      case REAL -> Float.class.getName();
      case FLOAT, DOUBLE -> Double.class.getName();
      case DECIMAL -> java.math.BigDecimal.class.getName();
      case DATE -> java.sql.Date.class.getName();
      case TIME -> java.sql.Time.class.getName();
      case TIMESTAMP -> java.sql.Timestamp.class.getName();
      case BINARY, VARBINARY -> byte[].class.getName();
      case CHAR, VARCHAR -> String.class.getName();
      default -> Object.class.getName();
    };
  }
}
