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
 * {@code CREATE STREAM [IF NOT EXISTS] name (column type [NOT NULL], ... [, WATERMARK FOR column
 * AS expression]) [WITH ('key' = 'value', ...)]}: declares an unbounded table. The watermark may
 * be written anywhere among the columns and is unparsed last; options keep their written order.
 */
public final class SqlCreateStream extends SqlCreate {
  static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE STREAM", SqlKind.OTHER_DDL) {
    @Override public SqlCall createCall(@Nullable SqlLiteral qualifier, SqlParserPos pos,
        @Nullable SqlNode... operands) {
      return new SqlCreateStream(pos, ((SqlLiteral) operands[0]).booleanValue(),
          (SqlIdentifier) operands[1], (SqlNodeList) operands[2], (SqlWatermark) operands[3],
          (SqlNodeList) operands[4]);
    }
  };

  private final SqlIdentifier name;
  private final SqlNodeList columns;
  private final @Nullable SqlWatermark watermark;
  private final SqlNodeList options;

  public SqlCreateStream(SqlParserPos pos, boolean ifNotExists, SqlIdentifier name,
      SqlNodeList columns, @Nullable SqlWatermark watermark, SqlNodeList options) {
    super(OPERATOR, pos, false, ifNotExists);
    this.name = name;
    this.columns = columns;
    this.watermark = watermark;
    this.options = options;
  }

  public SqlIdentifier name() {
    return name;
  }

  public List<SqlColumnDef> columns() {
    return Util.cast(columns, SqlColumnDef.class);
  }

  public @Nullable SqlWatermark watermark() {
    return watermark;
  }

  public List<SqlOption> options() {
    return Util.cast(options, SqlOption.class);
  }

  public boolean ifNotExists() {
    return ifNotExists;
  }

  @Override public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(SqlLiteral.createBoolean(ifNotExists, SqlParserPos.ZERO),
        name, columns, watermark, options);
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE STREAM");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, 0, 0);
    final SqlWriter.Frame frame = writer.startList("(", ")");
    for (SqlNode column : columns) {
      writer.sep(",");
      column.unparse(writer, 0, 0);
    }
    if (watermark != null) {
      writer.sep(",");
      watermark.unparse(writer, 0, 0);
    }
    writer.endList(frame);
    SqlOption.unparseWith(writer, options);
  }
}
