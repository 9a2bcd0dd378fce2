package io.sluice.planner.parser;

import java.util.List;

import org.apache.calcite.sql.SqlCall;
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
 * {@code SHOW STREAMS | TABLES | VIEWS | QUERIES}: lists catalog objects or running queries.
 * {@link #what()} says which; the statement answers with a result set, like a query.
 */
public final class SqlShow extends SqlCall {
  static final SqlOperator OPERATOR = new SqlSpecialOperator("SHOW", SqlKind.OTHER) {
    @Override public SqlCall createCall(@Nullable SqlLiteral qualifier, SqlParserPos pos,
        @Nullable SqlNode... operands) {
      return new SqlShow(pos, ((SqlLiteral) operands[0]).symbolValue(ShowKind.class));
    }
  };

  private final ShowKind what;

  public SqlShow(SqlParserPos pos, ShowKind what) {
    super(pos);
    this.what = what;
  }

  public ShowKind what() {
    return what;
  }

  @Override public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override public List<SqlNode> getOperandList() {
    return ImmutableList.of(SqlLiteral.createSymbol(what, SqlParserPos.ZERO));
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("SHOW");
    writer.keyword(what.name());
  }
}
