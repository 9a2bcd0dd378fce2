package io.sluice.planner.parser;

import java.util.List;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

import com.google.common.collect.ImmutableList;

/**
 * {@code SET 'key' = 'value'}: sets a session property such as {@code 'trigger'}. Key and value
 * are string literals, so keys may contain dots and any case. {@code SET identifier = value}
 * (unquoted key) is still Calcite's {@link org.apache.calcite.sql.SqlSetOption}.
 */
public final class SqlSetProperty extends SqlCall {
  static final SqlOperator OPERATOR = new SqlSpecialOperator("SET", SqlKind.OTHER) {
    @Override public SqlCall createCall(@Nullable SqlLiteral qualifier, SqlParserPos pos,
        @Nullable SqlNode... operands) {
      return new SqlSetProperty(pos, (SqlCharStringLiteral) operands[0],
          (SqlCharStringLiteral) operands[1]);
    }
  };

  private final SqlCharStringLiteral key;
  private final SqlCharStringLiteral value;

  public SqlSetProperty(SqlParserPos pos, SqlCharStringLiteral key, SqlCharStringLiteral value) {
    super(pos);
    this.key = key;
    this.value = value;
  }

  public String key() {
    return key.getValueAs(String.class);
  }

  public String value() {
    return value.getValueAs(String.class);
  }

  public SqlParserPos keyPosition() {
    return key.getParserPosition();
  }

  @Override public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override public List<SqlNode> getOperandList() {
    return ImmutableList.of(key, value);
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("SET");
    final SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.SIMPLE);
    key.unparse(writer, 0, 0);
    writer.sep("=");
    value.unparse(writer, 0, 0);
    writer.endList(frame);
  }
}
