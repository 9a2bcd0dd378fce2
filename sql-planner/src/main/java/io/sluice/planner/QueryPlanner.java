package io.sluice.planner;

import io.sluice.planner.calcite.BatchWindows;
import io.sluice.planner.calcite.CatalogSchema;
import io.sluice.planner.calcite.Errors;
import io.sluice.planner.calcite.FastComparators;
import io.sluice.planner.calcite.Frontend;
import io.sluice.planner.calcite.ViewExpansion;
import io.sluice.planner.calcite.LegacyGroupWindows;
import io.sluice.planner.catalog.Catalog;
import io.sluice.planner.catalog.CatalogObject;
import io.sluice.planner.catalog.ColumnDef;
import io.sluice.planner.catalog.StreamDef;
import io.sluice.planner.catalog.ViewDef;
import io.sluice.planner.parser.SluiceParser;
import io.sluice.planner.parser.SqlCreateView;
import io.sluice.planner.parser.SqlOption;
import io.sluice.planner.incremental.MarkFinalNode;
import io.sluice.planner.incremental.Emission;
import io.sluice.planner.incremental.IncrementalPlan;
import io.sluice.planner.incremental.IncrementalProgram;
import io.sluice.planner.incremental.PlanContext;
import io.sluice.planner.exec.QueryContext;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import io.sluice.runtime.job.ViewCut;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableInterpretable;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSelectKeyword;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.Programs;

/**
 * Plans queries and inserts: batch queries through Calcite's Enumerable convention, live
 * ({@code SELECT STREAM}) queries into Sluice's incremental operators, and inserts into a
 * computed, checked batch of rows. Thread-safe.
 */
public final class QueryPlanner {
  private final Catalog catalog;
  private final Frontend frontend;
  private final ConstantCasts casts;
  private final ViewExpansion views;
  private volatile Supplier<ViewCut> viewCuts = () -> ViewCut.EMPTY;

  public QueryPlanner(Catalog catalog) {
    this.catalog = catalog;
    this.frontend = new Frontend(catalog);
    this.casts = new ConstantCasts(frontend.typeFactory(), frontend.batchSchema());
    this.views = new ViewExpansion(catalog);
  }

  /**
   * Where batch statements take the committed version they read materialized views at (the
   * server's maintainer); without it, views read as empty.
   */
  public void viewCuts(Supplier<ViewCut> cuts) {
    this.viewCuts = cuts;
  }

  public Frontend frontend() {
    return frontend;
  }

  /** Whether {@code node} is a query this planner takes (a SELECT, VALUES, WITH, ...). */
  public static boolean isQuery(SqlNode node) {
    return node.getKind().belongsTo(SqlKind.QUERY);
  }

  /** Whether the query asks for a stream ({@code SELECT STREAM}). */
  public static boolean isStream(SqlNode node) {
    if (node instanceof SqlOrderBy o) {
      return isStream(o.query);
    }
    if (node instanceof SqlWith w) {
      return isStream(w.body);
    }
    return node instanceof SqlSelect s && s.getModifierNode(SqlSelectKeyword.STREAM) != null;
  }

  /** Plans a query, an INSERT, or an EXPLAIN PLAN FOR either, choosing the output mode. */
  public Plan plan(SqlNode statement) {
    return plan(statement, null);
  }

  /**
   * Plans a statement; {@code outputMode} is the session's requested emission for live
   * queries, or null to let each query take its own.
   */
  public Plan plan(SqlNode statement, Emission outputMode) {
    if (statement instanceof SqlExplain e) {
      return plan(e.getExplicandum(), outputMode);
    }
    statement = views.expand(statement);
    if (statement instanceof SqlInsert insert) {
      return isStream(insert.getSource()) ? planJob(insert) : planInsert(insert);
    }
    if (!isQuery(statement)) {
      throw new SluiceException(ErrorCode.UNSUPPORTED,
          "Statement " + statement.getKind() + " is not supported here");
    }
    return isStream(statement) ? planLive(statement, outputMode) : planBatch(statement);
  }

  private SqlNode validate(Frontend.Validation v, SqlNode node) {
    try {
      return v.validate(node);
    } catch (RuntimeException e) {
      SluiceException user = Errors.validation(e);
      if (user != null) {
        throw user;
      }
      throw e;
    }
  }

  private List<ResultColumn> parameters(Frontend.Validation v, SqlNode validated) {
    return ResultColumn.of(v.validator().getParameterRowType(validated));
  }

  private Function<List<Object>, QueryContext> contexts() {
    return contexts(Map.of());
  }

  private Function<List<Object>, QueryContext> contexts(Map<String, Object> stashed) {
    return params -> new QueryContext(frontend.batchSchema(), frontend.typeFactory(), params,
        stashed).withViewCuts(viewCuts);
  }

  private static EnumerableRel optimize(RelNode logical) {
    RelTraitSet desired = logical.getTraitSet().replace(EnumerableConvention.INSTANCE).simplify();
    return (EnumerableRel) Programs.standard()
        .run(logical.getCluster().getPlanner(), logical, desired, List.of(), List.of());
  }

  /** Generated code, and the objects it reads from its context by name. */
  private record Bound(Bindable<Object> bindable, Map<String, Object> stashed) {}

  @SuppressWarnings("unchecked")
  private static Bound bind(EnumerableRel physical) {
    Map<String, Object> stashed = new HashMap<>();
    Bindable<Object> bindable = (Bindable<Object>) (Bindable<?>) EnumerableInterpretable
        .toBindable(stashed, null, FastComparators.rewrite(physical),
            EnumerableRel.Prefer.ARRAY);
    return new Bound(bindable, Map.copyOf(stashed));
  }

  private BatchPlan planBatch(SqlNode query) {
    Frontend.Validation v = frontend.validator(CatalogSchema.Mode.BATCH);
    SqlNode validated = validate(v, query);
    RelRoot root = v.toRel(validated);
    RelNode logical = BatchWindows.expand(LegacyGroupWindows.rewrite(root.project()));
    EnumerableRel physical = optimize(logical);
    String explain = "Batch plan over retained rows\n\nLogical plan:\n"
        + RelOptUtil.toString(logical) + "\nPhysical plan:\n" + RelOptUtil.toString(physical);
    Bound bound = bind(physical);
    return new BatchPlan(ResultColumn.of(root.validatedRowType), parameters(v, validated),
        bound.bindable(), contexts(bound.stashed()), explain);
  }

  private InsertPlan planInsert(SqlInsert insert) {
    List<List<SqlNode>> constants = ConstantRows.values(insert);
    if (constants != null) {
      return planConstantInsert(insert, constants);
    }
    int rows = ConstantRows.rowCount(insert);
    if (rows > MAX_COMPUTED_VALUES_ROWS) {
      throw new SluiceException(ErrorCode.PROGRAM_LIMIT_EXCEEDED, "This INSERT ... VALUES has "
          + rows + " rows with computed values; such a statement takes at most "
          + MAX_COMPUTED_VALUES_ROWS + " rows. Write each value as a literal, a ? parameter or"
          + " a CAST of one (then any number of rows works), or insert in several statements");
    }
    Frontend.Validation v = frontend.validator(CatalogSchema.Mode.INSERT);
    SqlNode validated = validate(v, insert);
    Compiled compiled = compileInsert(v, validated);
    String explain = "Insert into " + compiled.target.kind().toLowerCase() + " "
        + compiled.target.name() + "\n\nPhysical plan of the rows:\n" + compiled.explain;
    return new InsertPlan(compiled.target, parameters(v, validated), compiled.rows, explain);
  }

  /** Most rows of an INSERT ... VALUES whose values are not all constants (see ConstantRows). */
  public static final int MAX_COMPUTED_VALUES_ROWS = 200;

  private record Compiled(CatalogObject target, CompiledRows rows, String explain) {}

  private Compiled compileInsert(Frontend.Validation v, SqlNode validated) {
    RelRoot root = v.toRel(validated);
    TableModify modify = (TableModify) root.rel;
    List<String> name = modify.getTable().getQualifiedName();
    CatalogObject target = catalog.find(name.get(name.size() - 1)).orElseThrow(
        () -> new SluiceException(ErrorCode.OBJECT_NOT_FOUND, "No stream or table " + name));
    if (target instanceof StreamDef s && s.generator() != null) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "Stream " + s.name() + " is made by the"
          + " nexmark connector and takes no INSERT; create a memory stream to insert into");
    }
    RelNode source = castTo(BatchWindows.expand(modify.getInput()), target.columns());
    EnumerableRel physical = optimize(source);
    Bound bound = bind(physical);
    return new Compiled(target,
        new CompiledRows(bound.bindable(), contexts(bound.stashed()), target.columns().size()),
        RelOptUtil.toString(physical));
  }

  /**
   * INSERT ... VALUES of constants: Calcite plans {@code INSERT INTO t (cols) VALUES (?, ...)}
   * once, and the statement's rows are read into it (see {@link ConstantRows}).
   */
  private InsertPlan planConstantInsert(SqlInsert insert, List<List<SqlNode>> values) {
    ConstantRows.checkWidths(values);
    int width = values.get(0).size();
    List<SqlNode> parameters = new ArrayList<>(width);
    for (int i = 0; i < width; i++) {
      parameters.add(new SqlDynamicParam(i, SqlParserPos.ZERO));
    }
    SqlNode row = SqlStdOperatorTable.ROW.createCall(SqlParserPos.ZERO, parameters);
    SqlInsert template = new SqlInsert(insert.getParserPosition(),
        (SqlNodeList) insert.getOperandList().get(0), insert.getTargetTable(),
        SqlStdOperatorTable.VALUES.createCall(SqlParserPos.ZERO, row),
        insert.getTargetColumnList());
    Frontend.Validation v = frontend.validator(CatalogSchema.Mode.INSERT);
    SqlNode validated = validate(v, template);
    Compiled compiled = compileInsert(v, validated);
    List<RelDataType> types = new ArrayList<>();
    for (RelDataTypeField f : v.validator().getParameterRowType(validated).getFieldList()) {
      types.add(f.getType());
    }
    List<String> names = new ArrayList<>();
    if (insert.getTargetColumnList() != null) {
      for (SqlNode c : insert.getTargetColumnList()) {
        names.add(c.toString());
      }
    } else {
      compiled.target.columns().forEach(c -> names.add(c.name()));
    }
    ConstantRows rows = ConstantRows.of(values, types, names, compiled.rows, casts, v.validator(),
        frontend.typeFactory());
    String explain = "Insert into " + compiled.target.kind().toLowerCase() + " "
        + compiled.target.name() + "\n\n" + rows.size() + " constant rows, read from the"
        + " statement (not compiled), each through:\n" + compiled.explain;
    return new InsertPlan(compiled.target, statementParameters(values, types), rows, explain);
  }

  /** The parameters of a VALUES of constants: each typed as the column it stands in. */
  private static List<ResultColumn> statementParameters(List<List<SqlNode>> values,
      List<RelDataType> columnTypes) {
    List<ResultColumn> out = new ArrayList<>();
    for (List<SqlNode> row : values) {
      for (int c = 0; c < row.size(); c++) {
        if (row.get(c) instanceof SqlDynamicParam p) {
          while (out.size() <= p.getIndex()) {
            out.add(null);
          }
          out.set(p.getIndex(), ResultColumn.of("?" + p.getIndex(), columnTypes.get(c)));
        }
      }
    }
    return out;
  }

  /**
   * Casts each source column to its target column's type. Strings are cast to unbounded
   * VARCHAR, and nullability is kept, so that {@link InsertPlan} can report an over-long
   * string or a NULL rather than have the cast truncate or fail without naming the column.
   */
  private RelNode castTo(RelNode source, List<ColumnDef> columns) {
    RexBuilder rex = source.getCluster().getRexBuilder();
    var typeFactory = rex.getTypeFactory();
    List<RexNode> exprs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<RelDataTypeField> fields = source.getRowType().getFieldList();
    for (int i = 0; i < columns.size(); i++) {
      ColumnDef c = columns.get(i);
      RelDataType type = c.type();
      if (type.getSqlTypeName() == SqlTypeName.VARCHAR || type.getSqlTypeName() == SqlTypeName.CHAR) {
        type = typeFactory.createSqlType(SqlTypeName.VARCHAR);
      }
      type = typeFactory.createTypeWithNullability(type, true);
      RexNode ref = rex.makeInputRef(source, i);
      exprs.add(fields.get(i).getType().equals(type) ? ref : rex.makeCast(type, ref, true, false));
      names.add(c.name());
    }
    return LogicalProject.create(source, List.of(), exprs, names, java.util.Set.of());
  }

  private LivePlan planLive(SqlNode query, Emission outputMode) {
    return planLive(query, outputMode, false);
  }

  /** @param early windowed aggregates update with each row and mark final rows (IS_FINAL) */
  private LivePlan planLive(SqlNode query, Emission outputMode, boolean early) {
    Frontend.Validation v = frontend.validator(CatalogSchema.Mode.STREAMING);
    SqlNode validated = validate(v, query);
    RelRoot root = v.toRel(validated);
    RelNode logical = LegacyGroupWindows.rewrite(root.project());
    IncrementalPlan incremental = IncrementalProgram.run(logical, outputMode,
        new PlanContext(catalog, frontend.typeFactory()).earlyWindows(early));
    RelDataType rowType = root.validatedRowType;
    if (early) {
      int end = rowType.getFieldNames().indexOf("WINDOW_END");
      if (end < 0 || incremental.emission() != Emission.UPDATE) {
        throw new SluiceException(ErrorCode.INVALID_OPTION, "'emit' = 'early' is for a"
            + " windowed GROUP BY whose result has the window_end column (TUMBLE, HOP or"
            + " CUMULATE); select window_end, or leave the option out");
      }
      MarkFinalNode marked = new MarkFinalNode(incremental.root(), end,
          frontend.typeFactory());
      List<String> fired = new ArrayList<>(incremental.firedRules());
      fired.add("MarkFinal");
      incremental = new IncrementalPlan(marked, Emission.UPDATE, fired);
      rowType = marked.rowType();
    }
    String explain = "Live plan\n\nLogical plan:\n" + RelOptUtil.toString(logical)
        + "\nIncremental plan:\n" + incremental.explain();
    return new LivePlan(ResultColumn.of(rowType), parameters(v, validated),
        incremental, contexts(), explain, rowType);
  }

  /**
   * Checks a view's query and gives its columns and what it reads; for a materialized view,
   * also the live plan that maintains it: the query run as {@code SELECT STREAM}, so that
   * anything a live query may do can be materialized, with the same planning errors.
   */
  public ViewPlan planView(SqlCreateView create) {
    SqlNode query = create.query();
    if (isStream(query)) {
      throw new SluiceException(ErrorCode.INVALID_STATEMENT, "A view is defined by a query"
          + " without STREAM; SELECT STREAM * FROM the view reads it live");
    }
    Set<String> reads = new TreeSet<>();
    query = views.expand(query, reads);
    boolean early = early(create);
    LivePlan live = null;
    RelDataType rowType;
    if (create.materialized()) {
      live = planLive(asStream(query), null, early);
      reads.addAll(live.reads());
      if (!live.parameters().isEmpty()) {
        throw noParameters();
      }
      if (live.complete()) {
        throw new IllegalStateException("a view's own emission is never complete");
      }
      rowType = live.rowType();
    } else {
      Frontend.Validation v = frontend.validator(CatalogSchema.Mode.BATCH);
      SqlNode validated = validate(v, query);
      rowType = v.validator().getValidatedNodeType(validated);
      if (!parameters(v, validated).isEmpty()) {
        throw noParameters();
      }
      for (var table : RelOptUtil.findAllTables(v.toRel(validated).rel)) {
        List<String> name = table.getQualifiedName();
        reads.add(name.get(name.size() - 1));
      }
    }
    List<RelDataTypeField> fields = rowType.getFieldList();
    List<org.apache.calcite.sql.SqlIdentifier> names = create.columnList();
    if (names != null && names.size() != fields.size()) {
      throw new SluiceException(ErrorCode.INVALID_STATEMENT, "The view names " + names.size()
          + " columns but its query gives " + fields.size() + "; name each column once");
    }
    List<ColumnDef> columns = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < fields.size(); i++) {
      String name = names != null ? names.get(i).getSimple() : fields.get(i).getName();
      if (!seen.add(name)) {
        throw new SluiceException(ErrorCode.INVALID_STATEMENT, "The view's query gives two"
            + " columns named " + name + "; give them different names with AS");
      }
      columns.add(new ColumnDef(name, fields.get(i).getType()));
    }
    return new ViewPlan(columns, reads, live);
  }

  private static SluiceException noParameters() {
    return new SluiceException(ErrorCode.INVALID_STATEMENT, "A view's query cannot have"
        + " parameters (?): write the values in, or put the ? in the query that reads the view");
  }

  /** The view's options: only {@code 'emit'} ('final', the default, or 'early'). */
  private static boolean early(SqlCreateView create) {
    boolean early = false;
    for (SqlOption o : create.options()) {
      String key = o.key().toLowerCase(java.util.Locale.ROOT);
      String value = o.value().toLowerCase(java.util.Locale.ROOT);
      if (!key.equals("emit") || !(value.equals("early") || value.equals("final"))) {
        throw new SluiceException(ErrorCode.INVALID_OPTION, key.equals("emit")
            ? "'emit' is 'final' (windows' rows once they close, the default) or 'early'"
                + " (rows that update while the window is open, with IS_FINAL), not '"
                + o.value() + "'"
            : "Unknown view option '" + o.key() + "'; views take 'emit' ('final' or 'early')");
      }
      early = value.equals("early");
    }
    if (early && !create.materialized()) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "'emit' is an option of"
          + " materialized views; a plain view's query runs as the statement reading it");
    }
    return early;
  }

  /** The query as {@code SELECT STREAM}: the STREAM keyword added to its top SELECT. */
  private static SqlNode asStream(SqlNode query) {
    if (query instanceof SqlOrderBy o) {
      asStream(o.query);
      return query;
    }
    if (query instanceof SqlWith w) {
      asStream(w.body);
      return query;
    }
    if (!(query instanceof SqlSelect select)) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "A materialized view's query must be a"
          + " SELECT (not " + query.getKind() + "); put a UNION ALL in a subquery of one");
    }
    if (select.getModifierNode(SqlSelectKeyword.STREAM) == null) {
      SqlNodeList keywords = new SqlNodeList(SqlParserPos.ZERO);
      keywords.add(SqlSelectKeyword.STREAM.symbol(SqlParserPos.ZERO));
      SqlNode old = select.getOperandList().get(0);
      if (old instanceof SqlNodeList list) {
        keywords.addAll(list);
      }
      select.setOperand(0, keywords);
    }
    return select;
  }

  /**
   * {@code INSERT INTO target SELECT STREAM ...}: the live query, with casts to the target's
   * column types where they differ, and the checks a target puts on what it takes.
   */
  private JobPlan planJob(SqlInsert insert) {
    SqlIdentifier targetName = (SqlIdentifier) insert.getTargetTable();
    String name = targetName.names.get(targetName.names.size() - 1);
    CatalogObject target = catalog.find(name).orElseThrow(() -> new SluiceException(
        ErrorCode.OBJECT_NOT_FOUND, "No stream or table named " + name + " to insert into;"
            + " SHOW STREAMS and SHOW TABLES list what exists",
        targetName.getParserPosition().getLineNum(),
        targetName.getParserPosition().getColumnNum(), null));
    if (target instanceof ViewDef || (target instanceof StreamDef s && s.generator() != null)) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, target.kind().toLowerCase() + " "
          + name + " takes no INSERT; a job writes into a memory stream or a table");
    }
    if (insert.getTargetColumnList() != null && insert.getTargetColumnList().size() > 0) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "A job writes every column of " + name
          + "; leave out the column list and select the columns in the target's order");
    }
    SqlNode source = insert.getSource();
    // Validation rewrites the tree it is given: keep the text to plan it again with casts.
    String sourceSql = SluiceParser.unparse(source);
    LivePlan live = planLive(source, null);
    List<ColumnDef> columns = target.columns();
    if (live.columns().size() != columns.size()) {
      throw new SluiceException(ErrorCode.INVALID_STATEMENT, "The query gives "
          + live.columns().size() + " columns, but " + name + " has " + columns.size()
          + " (" + String.join(", ", columns.stream().map(ColumnDef::name).toList())
          + "); select one value per column, in that order");
    }
    if (live.reads().contains(name)) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "A job cannot read " + name + ", the "
          + target.kind().toLowerCase() + " it writes: each row it wrote would come back to it."
          + " Write into another stream or table");
    }
    if (!sameTypes(live.rowType(), columns)) {
      SqlNode fresh;
      try {
        fresh = views.expand(SluiceParser.parseStatement(sourceSql));
      } catch (SqlParseException e) {
        throw new IllegalStateException("the job's query no longer parses: " + sourceSql, e);
      }
      live = planLive(castTo(fresh, live.rowType(), columns), null);
    }
    if (live.changelog() && target instanceof StreamDef) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "This query's result revises its rows"
          + " (update mode: a GROUP BY without a window, a join of changing rows), and a"
          + " stream only takes appended rows. Write it into a table with a primary key"
          + " (CREATE TABLE ... (... PRIMARY KEY)), which the job keeps up to date by key, or"
          + " materialize it (CREATE MATERIALIZED VIEW)");
    }
    String explain = "Job: insert into " + target.kind().toLowerCase() + " " + name
        + (live.changelog() ? ", upserts and deletes by primary key" : ", appended rows")
        + "\n\n" + live.explain();
    return new JobPlan(target, live, explain);
  }

  private static boolean sameTypes(RelDataType rowType, List<ColumnDef> columns) {
    List<RelDataTypeField> fields = rowType.getFieldList();
    for (int i = 0; i < columns.size(); i++) {
      if (fields.get(i).getType().getSqlTypeName() != columns.get(i).type().getSqlTypeName()) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code SELECT STREAM CAST(c0 AS t0) AS C0, ... FROM (source, without STREAM) AS T}: the
   * job's query with each column cast to its target column's type.
   */
  private static SqlNode castTo(SqlNode source, RelDataType rowType, List<ColumnDef> columns) {
    SqlSelect inner = (SqlSelect) (source instanceof SqlOrderBy o ? o.query
        : source instanceof SqlWith w ? w.body : source);
    // Only STREAM goes (the outer SELECT streams); DISTINCT and the like stay.
    SqlNodeList kept = new SqlNodeList(SqlParserPos.ZERO);
    if (inner.getOperandList().get(0) instanceof SqlNodeList keywords) {
      for (SqlNode k : keywords) {
        if (!(k instanceof SqlLiteral l && l.getValue() == SqlSelectKeyword.STREAM)) {
          kept.add(k);
        }
      }
    }
    inner.setOperand(0, kept);
    SqlParserPos p = SqlParserPos.ZERO;
    SqlNodeList select = new SqlNodeList(p);
    List<RelDataTypeField> fields = rowType.getFieldList();
    for (int i = 0; i < columns.size(); i++) {
      SqlNode ref = new SqlIdentifier(List.of("T", fields.get(i).getName()), p);
      SqlNode cast = SqlStdOperatorTable.CAST.createCall(p, ref,
          org.apache.calcite.sql.type.SqlTypeUtil.convertTypeToSpec(
              columns.get(i).type()));
      select.add(SqlStdOperatorTable.AS.createCall(p, cast,
          new SqlIdentifier(columns.get(i).name(), p)));
    }
    SqlNode from = SqlStdOperatorTable.AS.createCall(p, source, new SqlIdentifier("T", p));
    SqlNodeList keywords = new SqlNodeList(p);
    keywords.add(SqlSelectKeyword.STREAM.symbol(p));
    return new SqlSelect(p, keywords, select, from, null, null, null, null, null, null, null,
        null);
  }
}
