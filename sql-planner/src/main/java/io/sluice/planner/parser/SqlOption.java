package io.sluice.planner.parser;

import java.util.List;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

import com.google.common.collect.ImmutableList;

/**
 * One {@code 'key' = 'value'} entry of a {@code WITH (...)} clause. Both sides are character
 * string literals in SQL; {@link #key()} and {@link #value()} give their values, and
 * {@link #keyPosition()} points at the key so that whoever interprets the option (a connector,
 * the catalog) can report an unknown or invalid key where it was written.
 */
public final class SqlOption extends SqlCall {
  static final SqlOperator OPERATOR = new SqlSpecialOperator("OPTION", SqlKind.OTHER) {
    @Override public SqlCall createCall(@Nullable SqlLiteral qualifier, SqlParserPos pos,
        @Nullable SqlNode... operands) {
      return new SqlOption(pos, (SqlCharStringLiteral) operands[0],
          (SqlCharStringLiteral) operands[1]);
    }
  };

  private final SqlCharStringLiteral key;
  private final SqlCharStringLiteral value;

  public SqlOption(SqlParserPos pos, SqlCharStringLiteral key, SqlCharStringLiteral value) {
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
    final SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.SIMPLE);
    key.unparse(writer, 0, 0);
    writer.sep("=");
    value.unparse(writer, 0, 0);
    writer.endList(frame);
  }

  /** Writes {@code WITH ('k' = 'v', ...)}, or nothing for an empty list. */
  static void unparseWith(SqlWriter writer, SqlNodeList options) {
    if (options.isEmpty()) {
      return;
    }
    writer.keyword("WITH");
    final SqlWriter.Frame frame = writer.startList("(", ")");
    for (SqlNode option : options) {
      writer.sep(",");
      option.unparse(writer, 0, 0);
    }
    writer.endList(frame);
  }
}
