package io.sluice.planner.parser;

import java.util.List;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
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
 * {@code WATERMARK FOR column AS expression} in CREATE STREAM: {@link #column()} is the event-time
 * column, {@link #expression()} computes a row's watermark candidate from the row (typically
 * {@code column - INTERVAL 'n' SECOND}); the source's watermark is the largest candidate seen.
 * The parser does not check that the column exists or that the expression is well typed.
 */
public final class SqlWatermark extends SqlCall {
  static final SqlOperator OPERATOR = new SqlSpecialOperator("WATERMARK", SqlKind.OTHER) {
    @Override public SqlCall createCall(@Nullable SqlLiteral qualifier, SqlParserPos pos,
        @Nullable SqlNode... operands) {
      return new SqlWatermark(pos, (SqlIdentifier) operands[0], operands[1]);
    }
  };

  private final SqlIdentifier column;
  private final SqlNode expression;

  public SqlWatermark(SqlParserPos pos, SqlIdentifier column, SqlNode expression) {
    super(pos);
    this.column = column;
    this.expression = expression;
  }

  public SqlIdentifier column() {
    return column;
  }

  public SqlNode expression() {
    return expression;
  }

  @Override public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override public List<SqlNode> getOperandList() {
    return ImmutableList.of(column, expression);
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("WATERMARK FOR");
    column.unparse(writer, 0, 0);
    writer.keyword("AS");
    expression.unparse(writer, 0, 0);
  }
}
