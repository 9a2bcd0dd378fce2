package io.sluice.planner.parser;

import java.util.List;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
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
 * A column declaration {@code name type [NOT NULL]} in CREATE STREAM or CREATE TABLE. The
 * nullability is kept both as {@link #nullable()} and on {@link #type()}, so that deriving the
 * column's relational type from the spec needs nothing else. A PRIMARY KEY written after the
 * column belongs to the table ({@link SqlCreateTable#primaryKey()}), not to this node.
 */
public final class SqlColumnDef extends SqlCall {
  static final SqlOperator OPERATOR = new SqlSpecialOperator("COLUMN_DEF", SqlKind.COLUMN_DECL) {
    @Override public SqlCall createCall(@Nullable SqlLiteral qualifier, SqlParserPos pos,
        @Nullable SqlNode... operands) {
      return new SqlColumnDef(pos, (SqlIdentifier) operands[0], (SqlDataTypeSpec) operands[1],
          ((SqlLiteral) operands[2]).booleanValue());
    }
  };

  private final SqlIdentifier name;
  private final SqlDataTypeSpec type;
  private final boolean nullable;

  public SqlColumnDef(SqlParserPos pos, SqlIdentifier name, SqlDataTypeSpec type,
      boolean nullable) {
    super(pos);
    this.name = name;
    this.type = type.withNullable(nullable);
    this.nullable = nullable;
  }

  public SqlIdentifier name() {
    return name;
  }

  public SqlDataTypeSpec type() {
    return type;
  }

  public boolean nullable() {
    return nullable;
  }

  @Override public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override public List<SqlNode> getOperandList() {
    return ImmutableList.of(name, type, SqlLiteral.createBoolean(nullable, SqlParserPos.ZERO));
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    name.unparse(writer, 0, 0);
    type.unparse(writer, 0, 0);
    if (!nullable) {
      writer.keyword("NOT NULL");
    }
  }
}
