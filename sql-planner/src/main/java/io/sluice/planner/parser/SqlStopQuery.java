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
 * {@code STOP QUERY id} stops a live query; {@code STOP JOB id} stops and removes a job. The id is an identifier, so it follows
 * the usual casing rules: {@code q1} is {@code Q1}, {@code "q1"} stays {@code q1}.
 */
public final class SqlStopQuery extends SqlCall {
  static final SqlOperator OPERATOR = new SqlSpecialOperator("STOP QUERY", SqlKind.OTHER) {
    @Override public SqlCall createCall(@Nullable SqlLiteral qualifier, SqlParserPos pos,
        @Nullable SqlNode... operands) {
      return new SqlStopQuery(pos, (SqlIdentifier) operands[0],
          operands.length > 1 && ((SqlLiteral) operands[1]).booleanValue());
    }
  };

  private final SqlIdentifier queryId;
  private final boolean job;

  public SqlStopQuery(SqlParserPos pos, SqlIdentifier queryId, boolean job) {
    super(pos);
    this.queryId = queryId;
    this.job = job;
  }

  /** Whether this is STOP JOB (a server-owned job) rather than STOP QUERY (a live query). */
  public boolean job() {
    return job;
  }

  public SqlIdentifier queryId() {
    return queryId;
  }

  @Override public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override public List<SqlNode> getOperandList() {
    return ImmutableList.of(queryId, SqlLiteral.createBoolean(job, SqlParserPos.ZERO));
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(job ? "STOP JOB" : "STOP QUERY");
    queryId.unparse(writer, 0, 0);
  }
}
