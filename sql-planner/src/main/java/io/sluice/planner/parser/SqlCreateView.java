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
 * {@code CREATE [MATERIALIZED] VIEW [IF NOT EXISTS] name [(column, ...)] [WITH ('key' = 'value',
 * ...)] AS query}. A plain view is a named query; a materialized view is maintained
 * incrementally and serves snapshots. The two have different operators and {@link SqlKind}s
 * ({@code CREATE_VIEW}, {@code CREATE_MATERIALIZED_VIEW}); {@link #columnList()} is null when no
 * column names were written.
 */
public final class SqlCreateView extends SqlCreate {
  static final SqlOperator VIEW = new Operator("CREATE VIEW", SqlKind.CREATE_VIEW, false);
  static final SqlOperator MATERIALIZED_VIEW =
      new Operator("CREATE MATERIALIZED VIEW", SqlKind.CREATE_MATERIALIZED_VIEW, true);

  private final boolean materialized;
  private final SqlIdentifier name;
  private final @Nullable SqlNodeList columnList;
  private final SqlNodeList options;
  private final SqlNode query;

  public SqlCreateView(SqlParserPos pos, boolean materialized, boolean ifNotExists,
      SqlIdentifier name, @Nullable SqlNodeList columnList, SqlNodeList options, SqlNode query) {
    super(materialized ? MATERIALIZED_VIEW : VIEW, pos, false, ifNotExists);
    this.materialized = materialized;
    this.name = name;
    this.columnList = columnList;
    this.options = options;
    this.query = query;
  }

  public SqlIdentifier name() {
    return name;
  }

  public @Nullable List<SqlIdentifier> columnList() {
    return columnList == null ? null : Util.cast(columnList, SqlIdentifier.class);
  }

  public SqlNode query() {
    return query;
  }

  public boolean materialized() {
    return materialized;
  }

  public boolean ifNotExists() {
    return ifNotExists;
  }

  public List<SqlOption> options() {
    return Util.cast(options, SqlOption.class);
  }

  @Override public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(SqlLiteral.createBoolean(ifNotExists, SqlParserPos.ZERO),
        name, columnList, options, query);
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(materialized ? "CREATE MATERIALIZED VIEW" : "CREATE VIEW");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, 0, 0);
    if (columnList != null) {
      final SqlWriter.Frame frame = writer.startList("(", ")");
      for (SqlNode column : columnList) {
        writer.sep(",");
        column.unparse(writer, 0, 0);
      }
      writer.endList(frame);
    }
    SqlOption.unparseWith(writer, options);
    writer.keyword("AS");
    writer.newlineAndIndent();
    query.unparse(writer, 0, 0);
  }

  /** Rebuilds the view from its operands; the operator itself says whether it is materialized. */
  private static final class Operator extends SqlSpecialOperator {
    private final boolean materialized;

    Operator(String name, SqlKind kind, boolean materialized) {
      super(name, kind);
      this.materialized = materialized;
    }

    @Override public SqlCall createCall(@Nullable SqlLiteral qualifier, SqlParserPos pos,
        @Nullable SqlNode... operands) {
      return new SqlCreateView(pos, materialized, ((SqlLiteral) operands[0]).booleanValue(),
          (SqlIdentifier) operands[1], (SqlNodeList) operands[2], (SqlNodeList) operands[3],
          operands[4]);
    }
  }
}
