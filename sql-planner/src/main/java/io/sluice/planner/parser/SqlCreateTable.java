package io.sluice.planner.parser;

import java.util.List;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.apache.calcite.util.Util;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code CREATE TABLE [IF NOT EXISTS] name (column type [NOT NULL] [PRIMARY KEY], ...
 * [, PRIMARY KEY (column, ...)]) [WITH ('key' = 'value', ...)]}: declares a bounded, updatable
 * table. {@link #primaryKey()} comes from either form (the grammar allows one); it is empty when
 * none was declared and is always unparsed as the table-level form. The parser neither checks
 * that key columns exist nor makes them NOT NULL: that is the catalog's job.
 */
public final class SqlCreateTable extends SqlCreate {
  static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE TABLE", SqlKind.CREATE_TABLE) {
    @Override public SqlCall createCall(@Nullable SqlLiteral qualifier, SqlParserPos pos,
        @Nullable SqlNode... operands) {
      return new SqlCreateTable(pos, ((SqlLiteral) operands[0]).booleanValue(),
          (SqlIdentifier) operands[1], (SqlNodeList) operands[2], (SqlNodeList) operands[3],
          (SqlNodeList) operands[4]);
    }
  };

  private final SqlIdentifier name;
  private final SqlNodeList columns;
  private final SqlNodeList primaryKey;
  private final SqlNodeList options;

  public SqlCreateTable(SqlParserPos pos, boolean ifNotExists, SqlIdentifier name,
      SqlNodeList columns, SqlNodeList primaryKey, SqlNodeList options) {
    super(OPERATOR, pos, false, ifNotExists);
    this.name = name;
    this.columns = columns;
    this.primaryKey = primaryKey;
    this.options = options;
  }

  public SqlIdentifier name() {
    return name;
  }

  public List<SqlColumnDef> columns() {
    return Util.cast(columns, SqlColumnDef.class);
  }

  public List<SqlIdentifier> primaryKey() {
    return Util.cast(primaryKey, SqlIdentifier.class);
  }

  public List<SqlOption> options() {
    return Util.cast(options, SqlOption.class);
  }

  public boolean ifNotExists() {
    return ifNotExists;
  }

  @Override public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(SqlLiteral.createBoolean(ifNotExists, SqlParserPos.ZERO),
        name, columns, primaryKey, options);
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE TABLE");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, 0, 0);
    final SqlWriter.Frame frame = writer.startList("(", ")");
    for (SqlNode column : columns) {
      writer.sep(",");
      column.unparse(writer, 0, 0);
    }
    if (!primaryKey.isEmpty()) {
      writer.sep(",");
      writer.keyword("PRIMARY KEY");
      final SqlWriter.Frame keyFrame = writer.startList("(", ")");
      for (SqlNode column : primaryKey) {
        writer.sep(",");
        column.unparse(writer, 0, 0);
      }
      writer.endList(keyFrame);
    }
    writer.endList(frame);
    SqlOption.unparseWith(writer, options);
  }
}
