package io.sluice.planner.calcite;

import io.sluice.planner.catalog.Catalog;
import io.sluice.planner.catalog.ViewDef;
import io.sluice.planner.parser.SluiceParser;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.SqlParseException;

/**
 * Puts each plain view's query where a statement names the view, before validation: {@code FROM
 * v} becomes {@code FROM (view query) AS v}, {@code TABLE v} in a window function becomes the
 * query. The statement is then validated and planned as written out, so a plain view works in
 * batch queries, live queries and inserts alike. (Calcite's own view expansion works on
 * relational plans and validates the view as a relation, which a view over a stream read by
 * SELECT STREAM is not.) Materialized views are left alone: they are tables of their own.
 */
public final class ViewExpansion {
  /** Views over views deeper than this are refused (a definition cannot name itself). */
  private static final int MAX_DEPTH = 32;

  private final Catalog catalog;

  public ViewExpansion(Catalog catalog) {
    this.catalog = catalog;
  }

  /** Expands the plain views {@code statement} names, in place; returns it. */
  public SqlNode expand(SqlNode statement) {
    return expand(statement, new HashSet<>());
  }

  /** As {@link #expand(SqlNode)}, adding the names of the views expanded to {@code expanded}. */
  public SqlNode expand(SqlNode statement, Set<String> expanded) {
    Set<String> before = this.expanded.get();
    this.expanded.set(expanded);
    try {
      return expand(statement, Set.of(), 0);
    } finally {
      this.expanded.set(before);
    }
  }

  /** Where the current expansion records the views it expands (per thread: one statement). */
  private final ThreadLocal<Set<String>> expanded = new ThreadLocal<>();

  private SqlNode expand(SqlNode node, Set<String> shadowed, int depth) {
    if (node == null) {
      return null;
    }
    if (node instanceof SqlWith with) {
      Set<String> names = new HashSet<>(shadowed);
      for (SqlNode item : with.withList) {
        SqlWithItem w = (SqlWithItem) item;
        w.query = expand(w.query, names, depth);
        names.add(w.name.getSimple());
      }
      with.body = expand(with.body, names, depth);
      return with;
    }
    if (node instanceof SqlSelect select) {
      select.setFrom(from(select.getFrom(), shadowed, depth));
      expandOperands(select, shadowed, depth);
      return select;
    }
    if (node instanceof SqlCall call) {
      expandOperands(call, shadowed, depth);
    }
    return node;
  }

  /** Subqueries anywhere in the call (WHERE x IN (SELECT ...), set operations, ...). */
  private void expandOperands(SqlCall call, Set<String> shadowed, int depth) {
    if (call instanceof SqlSelect select) {
      select.setWhere(expand(select.getWhere(), shadowed, depth));
      select.setHaving(expand(select.getHaving(), shadowed, depth));
      SqlNodeList list = select.getSelectList();
      if (list != null) {
        for (int i = 0; i < list.size(); i++) {
          list.set(i, expand(list.get(i), shadowed, depth));
        }
      }
      return;
    }
    if (call instanceof SqlJoin) {
      return; // joins are expanded as FROM items
    }
    var operands = call.getOperandList();
    for (int i = 0; i < operands.size(); i++) {
      SqlNode operand = operands.get(i);
      SqlNode expanded = operand != null && operand.getKind() == SqlKind.EXPLICIT_TABLE
          ? from(operand, shadowed, depth) : expand(operand, shadowed, depth);
      if (expanded != operand) {
        call.setOperand(i, expanded);
      }
    }
  }

  /** A FROM item, with views replaced by their queries. */
  private SqlNode from(SqlNode item, Set<String> shadowed, int depth) {
    if (item == null) {
      return null;
    }
    if (item instanceof SqlIdentifier id) {
      SqlNode query = viewQuery(id, shadowed, depth);
      return query == null ? id : aliased(query, last(id), columns(id), id.getParserPosition());
    }
    if (item instanceof SqlJoin join) {
      join.setLeft(from(join.getLeft(), shadowed, depth));
      join.setRight(from(join.getRight(), shadowed, depth));
      join.setOperand(5, expand(join.getCondition(), shadowed, depth));
      return join;
    }
    if (item instanceof SqlBasicCall call && call.getKind() == SqlKind.AS
        && call.operand(0) instanceof SqlIdentifier id) {
      SqlNode query = viewQuery(id, shadowed, depth);
      if (query == null) {
        return call;
      }
      if (call.operandCount() > 2) {
        call.setOperand(0, query); // v AS b (c1, c2): the reader names the columns
        return call;
      }
      return aliased(query, ((SqlIdentifier) call.operand(1)).getSimple(), columns(id),
          call.getParserPosition());
    }
    if (item instanceof SqlBasicCall call && call.getKind() == SqlKind.EXPLICIT_TABLE
        && call.operand(0) instanceof SqlIdentifier id) {
      // TABLE v, as a window function's input: SELECT * FROM (the view's query) AS v (cols).
      SqlNode query = viewQuery(id, shadowed, depth);
      if (query == null) {
        return call;
      }
      SqlParserPos pos = call.getParserPosition();
      SqlNodeList star = new SqlNodeList(List.of(SqlIdentifier.star(pos)), pos);
      return new SqlSelect(pos, null, star, aliased(query, last(id), columns(id), pos), null,
          null, null, null, null, null, null, null);
    }
    if (item instanceof SqlCall call && call.getKind() == SqlKind.AS) {
      call.setOperand(0, from(call.operand(0), shadowed, depth));
      return call;
    }
    return expand(item, shadowed, depth);
  }

  /** {@code (query) AS alias (c1, c2, ...)}: the view's columns by its own names. */
  private static SqlNode aliased(SqlNode query, String alias, List<String> columns,
      SqlParserPos pos) {
    List<SqlNode> operands = new ArrayList<>();
    operands.add(query);
    operands.add(new SqlIdentifier(alias, pos));
    for (String c : columns) {
      operands.add(new SqlIdentifier(c, pos));
    }
    return SqlStdOperatorTable.AS.createCall(pos, operands);
  }

  /** The names of the view's columns (as CREATE VIEW named them, or its query did). */
  private List<String> columns(SqlIdentifier id) {
    return ((ViewDef) catalog.find(last(id)).orElseThrow()).columns().stream()
        .map(io.sluice.planner.catalog.ColumnDef::name).toList();
  }

  private static String last(SqlIdentifier id) {
    return id.names.get(id.names.size() - 1);
  }

  /** The parsed (and itself expanded) query of the plain view {@code id} names, or null. */
  private SqlNode viewQuery(SqlIdentifier id, Set<String> shadowed, int depth) {
    if (id.names.size() > 2 || (id.names.size() == 1 && shadowed.contains(last(id)))) {
      return null;
    }
    if (!(catalog.find(last(id)).orElse(null) instanceof ViewDef v) || v.materialized()) {
      return null;
    }
    Set<String> names = expanded.get();
    if (names != null) {
      names.add(v.name());
    }
    if (depth >= MAX_DEPTH) {
      throw new SluiceException(ErrorCode.STATEMENT_TOO_COMPLEX, "Views nest more than "
          + MAX_DEPTH + " deep at " + v.name() + "; define the outer views over the streams"
          + " directly");
    }
    try {
      return expand(SluiceParser.parseStatement(v.query()), Set.of(), depth + 1);
    } catch (SqlParseException e) {
      throw new IllegalStateException("the stored query of view " + v.name()
          + " no longer parses: " + v.query(), e);
    }
  }
}
