package io.sluice.planner;

import io.sluice.planner.calcite.BatchWindows;
import io.sluice.planner.calcite.CatalogSchema;
import io.sluice.planner.calcite.Errors;
import io.sluice.planner.calcite.Frontend;
import io.sluice.planner.calcite.LegacyGroupWindows;
import io.sluice.planner.catalog.Catalog;
import io.sluice.planner.catalog.CatalogObject;
import io.sluice.planner.catalog.ColumnDef;
import io.sluice.planner.catalog.StreamDef;
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
import java.util.function.Function;
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
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSelectKeyword;
import org.apache.calcite.sql.SqlWith;
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

  public QueryPlanner(Catalog catalog) {
    this.catalog = catalog;
    this.frontend = new Frontend(catalog);
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
    if (statement instanceof SqlInsert insert) {
      return planInsert(insert);
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
    return params -> new QueryContext(frontend.batchSchema(), frontend.typeFactory(), params);
  }

  private static EnumerableRel optimize(RelNode logical) {
    RelTraitSet desired = logical.getTraitSet().replace(EnumerableConvention.INSTANCE).simplify();
    return (EnumerableRel) Programs.standard()
        .run(logical.getCluster().getPlanner(), logical, desired, List.of(), List.of());
  }

  @SuppressWarnings("unchecked")
  private static Bindable<Object> bind(EnumerableRel physical) {
    return (Bindable<Object>) (Bindable<?>) EnumerableInterpretable.toBindable(
        new HashMap<>(), null, physical, EnumerableRel.Prefer.ARRAY);
  }

  private BatchPlan planBatch(SqlNode query) {
    Frontend.Validation v = frontend.validator(CatalogSchema.Mode.BATCH);
    SqlNode validated = validate(v, query);
    RelRoot root = v.toRel(validated);
    RelNode logical = BatchWindows.expand(LegacyGroupWindows.rewrite(root.project()));
    EnumerableRel physical = optimize(logical);
    String explain = "Batch plan over retained rows\n\nLogical plan:\n"
        + RelOptUtil.toString(logical) + "\nPhysical plan:\n" + RelOptUtil.toString(physical);
    return new BatchPlan(ResultColumn.of(root.validatedRowType), parameters(v, validated),
        bind(physical), contexts(), explain);
  }

  private InsertPlan planInsert(SqlInsert insert) {
    Frontend.Validation v = frontend.validator(CatalogSchema.Mode.INSERT);
    SqlNode validated = validate(v, insert);
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
    String explain = "Insert into " + target.kind().toLowerCase() + " " + target.name()
        + "\n\nPhysical plan of the rows:\n" + RelOptUtil.toString(physical);
    return new InsertPlan(target, parameters(v, validated), bind(physical), contexts(), explain);
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
    Frontend.Validation v = frontend.validator(CatalogSchema.Mode.STREAMING);
    SqlNode validated = validate(v, query);
    RelRoot root = v.toRel(validated);
    RelNode logical = LegacyGroupWindows.rewrite(root.project());
    IncrementalPlan incremental = IncrementalProgram.run(logical, outputMode,
        new PlanContext(catalog, frontend.typeFactory()));
    String explain = "Live plan\n\nLogical plan:\n" + RelOptUtil.toString(logical)
        + "\nIncremental plan:\n" + incremental.explain();
    return new LivePlan(ResultColumn.of(root.validatedRowType), parameters(v, validated),
        incremental, contexts(), explain);
  }

}
