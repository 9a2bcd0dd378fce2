package io.sluice.planner.parser;

import java.util.List;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDrop;
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
 * {@code DROP STREAM | TABLE | VIEW | MATERIALIZED VIEW [IF EXISTS] name [CASCADE]}. One node for the four
 * forms; {@link #objectKind()} says which, and {@link #getKind()} is Calcite's matching kind
 * ({@code DROP_TABLE}, {@code DROP_VIEW}, {@code DROP_MATERIALIZED_VIEW}, or
 * {@code OTHER_DDL} for a stream).
 */
public final class SqlDropObject extends SqlDrop {
  static final SqlOperator OPERATOR = new SqlSpecialOperator("DROP", SqlKind.OTHER_DDL) {
    @Override public SqlCall createCall(@Nullable SqlLiteral qualifier, SqlParserPos pos,
        @Nullable SqlNode... operands) {
      return new SqlDropObject(pos, ((SqlLiteral) operands[0]).symbolValue(SqlObjectKind.class),
          ((SqlLiteral) operands[1]).booleanValue(), (SqlIdentifier) operands[2],
          operands.length > 3 && ((SqlLiteral) operands[3]).booleanValue());
    }
  };

  private final SqlObjectKind objectKind;
  private final SqlIdentifier name;
  private final boolean cascade;

  public SqlDropObject(SqlParserPos pos, SqlObjectKind objectKind, boolean ifExists,
      SqlIdentifier name, boolean cascade) {
    super(OPERATOR, pos, ifExists);
    this.objectKind = objectKind;
    this.name = name;
    this.cascade = cascade;
  }

  public SqlObjectKind objectKind() {
    return objectKind;
  }

  public SqlIdentifier name() {
    return name;
  }

  public boolean ifExists() {
    return ifExists;
  }

  @Override public SqlKind getKind() {
    switch (objectKind) {
    case TABLE:
      return SqlKind.DROP_TABLE;
    case VIEW:
      return SqlKind.DROP_VIEW;
    case MATERIALIZED_VIEW:
      return SqlKind.DROP_MATERIALIZED_VIEW;
    default:
      return SqlKind.OTHER_DDL;
    }
  }

  @Override public List<SqlNode> getOperandList() {
    return ImmutableList.of(SqlLiteral.createSymbol(objectKind, SqlParserPos.ZERO),
        SqlLiteral.createBoolean(ifExists, SqlParserPos.ZERO), name,
        SqlLiteral.createBoolean(cascade, SqlParserPos.ZERO));
  }

  /** Whether CASCADE was written: the views and jobs reading the object are dropped too. */
  public boolean cascade() {
    return cascade;
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("DROP");
    writer.keyword(objectKind.sql());
    if (ifExists) {
      writer.keyword("IF EXISTS");
    }
    name.unparse(writer, 0, 0);
    if (cascade) {
      writer.keyword("CASCADE");
    }
  }
}
