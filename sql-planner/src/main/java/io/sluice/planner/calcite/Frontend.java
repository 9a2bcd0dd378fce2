package io.sluice.planner.calcite;

import io.sluice.planner.catalog.Catalog;
import io.sluice.planner.exec.ProcTime;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * Calcite's front half for Sluice: validation against the catalog and conversion to a logical
 * plan. One instance serves the whole engine; each statement gets its own validator and
 * planner, so instances are thread-safe.
 */
public final class Frontend {
  private static final SqlOperatorTable OPERATORS = SqlOperatorTables.chain(
      SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(
          SqlLibrary.STANDARD, SqlLibrary.POSTGRESQL),
      SqlOperatorTables.of(SqlCumulateTableFunction.INSTANCE),
      CalciteCatalogReader.operatorTable(ProcTime.class.getName()));

  private static final SqlValidator.Config VALIDATOR_CONFIG = SqlValidator.Config.DEFAULT
      .withConformance(SqlConformanceEnum.DEFAULT)
      .withIdentifierExpansion(true);

  private static final SqlToRelConverter.Config TO_REL_CONFIG = SqlToRelConverter.config()
      .withTrimUnusedFields(true)
      .withExpand(false);

  private static final CalciteConnectionConfig CONNECTION_CONFIG;

  static {
    Properties p = new Properties();
    p.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "true");
    CONNECTION_CONFIG = new CalciteConnectionConfigImpl(p);
  }

  private final JavaTypeFactory typeFactory = new JavaTypeFactoryImpl();
  private final CalciteSchema batchRoot;
  private final CalciteSchema streamingRoot;
  private final CalciteSchema insertRoot;
  private final SystemSchema system = new SystemSchema();

  public Frontend(Catalog catalog) {
    this.batchRoot = root(catalog, CatalogSchema.Mode.BATCH);
    this.streamingRoot = root(catalog, CatalogSchema.Mode.STREAMING);
    this.insertRoot = root(catalog, CatalogSchema.Mode.INSERT);
  }

  private CalciteSchema root(Catalog catalog, CatalogSchema.Mode mode) {
    CalciteSchema root = CalciteSchema.createRootSchema(false, false);
    root.add(Catalog.SCHEMA, new CatalogSchema(catalog, mode));
    root.add(SystemSchema.NAME, system);
    return root;
  }

  /** The {@code SLUICE} schema of system tables. */
  public SystemSchema system() {
    return system;
  }

  public JavaTypeFactory typeFactory() {
    return typeFactory;
  }

  /** The root schema that generated code reads tables from (batch view). */
  public SchemaPlus batchSchema() {
    return batchRoot.plus();
  }

  /** A validator for one statement, over the given view of the catalog. */
  public Validation validator(CatalogSchema.Mode mode) {
    CalciteSchema root = switch (mode) {
      case BATCH -> batchRoot;
      case STREAMING -> streamingRoot;
      case INSERT -> insertRoot;
    };
    CalciteCatalogReader reader = new CatalogReader(root, typeFactory);
    SqlValidator validator = new SluiceValidator(OPERATORS, reader, typeFactory, VALIDATOR_CONFIG);
    return new Validation(reader, validator);
  }

  /** Calcite's catalog reader, with {@link WindowColumnMatcher} for names. */
  private static final class CatalogReader extends CalciteCatalogReader {
    CatalogReader(CalciteSchema root, JavaTypeFactory typeFactory) {
      super(root, new WindowColumnMatcher(), List.of(List.of(Catalog.SCHEMA), List.of()),
          typeFactory, CONNECTION_CONFIG);
    }
  }

  /** A validator and the catalog view it resolves names in. */
  public final class Validation {
    private final CalciteCatalogReader reader;
    private final SqlValidator validator;

    Validation(CalciteCatalogReader reader, SqlValidator validator) {
      this.reader = reader;
      this.validator = validator;
    }

    public SqlValidator validator() {
      return validator;
    }

    /** Validates the statement; Calcite's errors propagate (see {@link Errors}). */
    public SqlNode validate(SqlNode node) {
      return validator.validate(node);
    }

    /** Converts a validated statement into a logical plan. */
    public RelRoot toRel(SqlNode validated) {
      VolcanoPlanner planner = new VolcanoPlanner();
      planner.addRelTraitDef(ConventionTraitDef.INSTANCE);
      planner.addRelTraitDef(RelCollationTraitDef.INSTANCE);
      RelOptUtil.registerDefaultRules(planner, false, false);
      planner.addRule(StoredValues.StoreLargeValues.INSTANCE);
      // ORDER BY ... LIMIT n keeps the n first rows as it reads (Calcite leaves this rule out
      // of its defaults): a dashboard's top 10 of a 1,000-row view no longer sorts all 1,000.
      planner.addRule(org.apache.calcite.adapter.enumerable.EnumerableRules
          .ENUMERABLE_LIMIT_SORT_RULE);
      RelOptCluster cluster = RelOptCluster.create(planner, new RexBuilder(typeFactory));
      SqlToRelConverter converter = new SqlToRelConverter(null, validator, reader, cluster,
          StandardConvertletTable.INSTANCE, TO_REL_CONFIG);
      return converter.convertQuery(validated, false, true);
    }
  }
}
