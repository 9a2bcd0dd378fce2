package io.sluice.planner;

import io.sluice.planner.calcite.Errors;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlTimeLiteral;
import org.apache.calcite.sql.SqlTimestampLiteral;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * The rows of an {@code INSERT ... VALUES} whose values are all constants (literals, {@code ?}
 * parameters, signed numbers, CASTs of constants), read from the statement instead of compiled.
 * Calcite validates and compiles a one-row template, {@code INSERT INTO t (cols) VALUES (?, ...)},
 * which fixes the target, the column order and each value's type; each constant is converted to
 * its column's type once, at planning (by Calcite's own casts, compiled once per pair of types),
 * and each row then runs through the template. Code size and planning time do not grow with the
 * number of rows.
 */
final class ConstantRows implements InsertPlan.RowSource {
  /** A value that comes from the statement's parameter {@code index} when it runs. */
  private record Parameter(int index) {}

  /** A constant with its SQL type, its value in the engine's representation. */
  private record Typed(RelDataType type, Object value) {}

  private final List<Object[]> rows;
  private final InsertPlan.RowSource template;

  private ConstantRows(List<Object[]> rows, InsertPlan.RowSource template) {
    this.rows = rows;
    this.template = template;
  }

  /**
   * The rows of {@code insert}'s VALUES if it has one and every value in it is a constant;
   * otherwise null (the statement is compiled as a whole).
   */
  static List<List<SqlNode>> values(SqlInsert insert) {
    if (!(insert.getSource() instanceof SqlCall values) || values.getKind() != SqlKind.VALUES) {
      return null;
    }
    List<List<SqlNode>> rows = new ArrayList<>(values.operandCount());
    for (SqlNode row : values.getOperandList()) {
      if (!(row instanceof SqlCall r) || r.getKind() != SqlKind.ROW) {
        return null;
      }
      for (SqlNode value : r.getOperandList()) {
        if (!isConstant(value, true)) {
          return null;
        }
      }
      rows.add(r.getOperandList());
    }
    return rows.isEmpty() ? null : rows;
  }

  /** How many rows {@code insert}'s VALUES has, or -1 if its source is not a VALUES. */
  static int rowCount(SqlInsert insert) {
    return insert.getSource() instanceof SqlCall values && values.getKind() == SqlKind.VALUES
        ? values.operandCount() : -1;
  }

  private static boolean isConstant(SqlNode node, boolean parameterAllowed) {
    if (node instanceof SqlDynamicParam) {
      return parameterAllowed;
    }
    if (node instanceof SqlUnknownLiteral unknown) {
      SqlTypeName tag = SqlTypeName.get(unknown.tag);
      return tag == SqlTypeName.DATE || tag == SqlTypeName.TIME || tag == SqlTypeName.TIMESTAMP;
    }
    if (node instanceof SqlLiteral literal) {
      return switch (literal.getTypeName()) {
        case NULL, BOOLEAN, CHAR, DECIMAL, DOUBLE, DATE, TIME, TIMESTAMP -> true;
        default -> false;
      };
    }
    if (node instanceof SqlBasicCall call) {
      return switch (call.getKind()) {
        case MINUS_PREFIX, PLUS_PREFIX -> call.operand(0) instanceof SqlNumericLiteral;
        case CAST -> call.operandCount() == 2 && call.operand(1) instanceof SqlDataTypeSpec
            && isConstant(call.operand(0), false);
        default -> false;
      };
    }
    return false;
  }

  /**
   * Converts every constant of {@code values} to its column's type. {@code columnTypes} are the
   * template's parameter types (the target columns', in the statement's column order) and
   * {@code columnNames} their names, for messages.
   */
  static ConstantRows of(List<List<SqlNode>> values, List<RelDataType> columnTypes,
      List<String> columnNames, InsertPlan.RowSource template, ConstantCasts casts,
      SqlValidator validator, RelDataTypeFactory typeFactory) {
    int width = columnTypes.size();
    List<RelDataType> targets = new ArrayList<>(width);
    for (RelDataType t : columnTypes) {
      // Strings keep their length here: InsertPlan reports one too long for its column.
      RelDataType target = SqlTypeUtil.isCharacter(t)
          ? typeFactory.createSqlType(SqlTypeName.VARCHAR) : t;
      targets.add(typeFactory.createTypeWithNullability(target, true));
    }
    List<Object[]> rows = new ArrayList<>(values.size());
    for (int r = 0; r < values.size(); r++) {
      List<SqlNode> row = values.get(r);
      Object[] out = new Object[width];
      for (int c = 0; c < width; c++) {
        SqlNode node = row.get(c);
        if (node instanceof SqlDynamicParam p) {
          out[c] = new Parameter(p.getIndex());
          continue;
        }
        try {
          Typed value = constant(node, validator, typeFactory, casts);
          out[c] = convert(value, targets.get(c), casts);
        } catch (RuntimeException e) {
          throw rowError(e, r + 1, columnNames.get(c));
        }
      }
      rows.add(out);
    }
    return new ConstantRows(rows, template);
  }

  /** Checks that every row of {@code values} has as many values as the first. */
  static void checkWidths(List<List<SqlNode>> values) {
    int width = values.get(0).size();
    for (int r = 1; r < values.size(); r++) {
      if (values.get(r).size() != width) {
        throw new SluiceException(ErrorCode.INVALID_STATEMENT, "Row " + (r + 1) + " of VALUES"
            + " has " + values.get(r).size() + " values but row 1 has " + width
            + "; give every row the same columns");
      }
    }
  }

  private static SluiceException rowError(RuntimeException e, int row, String column) {
    RuntimeException user = e instanceof SluiceException ? e : Errors.validation(e);
    if (user == null) {
      user = Errors.execution(e);
    }
    if (user instanceof SluiceException s) {
      return new SluiceException(s.code(), "Row " + row + ", column " + column + ": "
          + s.getMessage() + " (nothing of this INSERT was kept)", e);
    }
    throw user;
  }

  private static Object convert(Typed value, RelDataType target, ConstantCasts casts) {
    if (value.value() == null) {
      return null;
    }
    if (SqlTypeUtil.equalSansNullability(value.type(), target)) {
      return value.value();
    }
    if (!SqlTypeUtil.canCastFrom(target, value.type(), true)) {
      throw new SluiceException(ErrorCode.INVALID_STATEMENT, "a value of type "
          + value.type().getFullTypeString().replace(" NOT NULL", "") + " cannot be stored in"
          + " a column of type " + target.getFullTypeString().replace(" NOT NULL", "")
          + "; write a value of the column's type or CAST it");
    }
    return casts.cast(value.type(), target).apply(value.value());
  }

  /** The type and value of a constant that {@link #isConstant} accepted (not a parameter). */
  private static Typed constant(SqlNode node, SqlValidator validator,
      RelDataTypeFactory typeFactory, ConstantCasts casts) {
    if (node instanceof SqlLiteral literal) {
      return literal(literal, typeFactory);
    }
    SqlBasicCall call = (SqlBasicCall) node;
    if (call.getKind() == SqlKind.CAST) {
      Typed inner = constant(call.operand(0), validator, typeFactory, casts);
      RelDataType type = typeFactory.createTypeWithNullability(
          ((SqlDataTypeSpec) call.operand(1)).deriveType(validator), true);
      return new Typed(type, convert(inner, type, casts));
    }
    Typed number = literal((SqlLiteral) call.operand(0), typeFactory);
    if (call.getKind() == SqlKind.PLUS_PREFIX) {
      return number;
    }
    Object negated = number.value() instanceof Long l ? (Object) (-l)
        : number.value() instanceof Double d ? (Object) (-d)
        : ((BigDecimal) number.value()).negate();
    return new Typed(number.type(), negated);
  }

  private static Typed literal(SqlLiteral literal, RelDataTypeFactory typeFactory) {
    if (literal instanceof SqlUnknownLiteral unknown) {
      return literal(unknown.resolve(SqlTypeName.get(unknown.tag)), typeFactory);
    }
    SqlTypeName type = literal.getTypeName();
    return switch (type) {
      case NULL -> new Typed(plain(typeFactory, SqlTypeName.NULL), null);
      case BOOLEAN -> new Typed(plain(typeFactory, type),
          literal.getValueAs(Boolean.class));
      case CHAR -> new Typed(plain(typeFactory, SqlTypeName.VARCHAR),
          literal.getValueAs(String.class));
      case DECIMAL, DOUBLE -> number((SqlNumericLiteral) literal, typeFactory);
      case DATE -> new Typed(plain(typeFactory, type),
          literal.getValueAs(DateString.class).getDaysSinceEpoch());
      case TIME -> new Typed(typeFactory.createSqlType(type, ((SqlTimeLiteral) literal).getPrec()),
          literal.getValueAs(TimeString.class).getMillisOfDay());
      case TIMESTAMP -> new Typed(
          typeFactory.createSqlType(type, ((SqlTimestampLiteral) literal).getPrec()),
          literal.getValueAs(TimestampString.class).getMillisSinceEpoch());
      default -> throw new IllegalStateException("not a constant isConstant accepts: " + type);
    };
  }

  private static Typed number(SqlNumericLiteral literal, RelDataTypeFactory typeFactory) {
    BigDecimal value = literal.getValueAs(BigDecimal.class);
    if (!literal.isExact()) {
      return new Typed(plain(typeFactory, SqlTypeName.DOUBLE), value.doubleValue());
    }
    if (value.scale() <= 0 && value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
        && value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0) {
      return new Typed(plain(typeFactory, SqlTypeName.BIGINT), value.longValueExact());
    }
    return new Typed(decimal(value, typeFactory), value);
  }

  /** The type factory's type without precision, made once per type factory and name. */
  private static RelDataType plain(RelDataTypeFactory typeFactory, SqlTypeName name) {
    return PLAIN.computeIfAbsent(typeFactory, f -> new ConcurrentHashMap<>())
        .computeIfAbsent(name, n -> typeFactory.createTypeWithNullability(
            typeFactory.createSqlType(n), true));
  }

  private static final Map<RelDataTypeFactory, Map<SqlTypeName, RelDataType>> PLAIN =
      Collections.synchronizedMap(new WeakHashMap<>());

  private static RelDataType decimal(BigDecimal value, RelDataTypeFactory typeFactory) {
    int scale = Math.max(0, value.scale());
    int precision = Math.max(value.precision(), scale);
    int max = typeFactory.getTypeSystem().getMaxPrecision(SqlTypeName.DECIMAL);
    if (precision > max) {
      throw new SluiceException(ErrorCode.NUMERIC_OUT_OF_RANGE, "The number " + value
          + " has more than " + max + " digits, the most a DECIMAL holds");
    }
    return typeFactory.createSqlType(SqlTypeName.DECIMAL, precision, scale);
  }

  @Override
  public void produce(List<Object> parameterValues, Consumer<Object[]> sink) {
    for (Object[] row : rows) {
      Object[] values = row;
      for (int c = 0; c < row.length; c++) {
        if (row[c] instanceof Parameter p) {
          if (values == row) {
            values = row.clone();
          }
          values[c] = parameterValues.get(p.index());
        }
      }
      template.produce(Arrays.asList(values), sink);
    }
  }

  int size() {
    return rows.size();
  }
}
