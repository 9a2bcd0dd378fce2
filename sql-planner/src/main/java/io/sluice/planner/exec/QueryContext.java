package io.sluice.planner.exec;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import io.sluice.runtime.job.ViewCut;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.schema.SchemaPlus;

/**
 * What generated code reads while a statement runs: the schema, the statement's clock (fixed at
 * start, so CURRENT_TIMESTAMP is one value per statement), and the parameter values ({@code ?0}).
 * Sluice runs in UTC: TIMESTAMP values are wall-clock times without a zone.
 */
public final class QueryContext implements DataContext {
  private final SchemaPlus root;
  private final JavaTypeFactory typeFactory;
  private final Map<String, Object> variables = new HashMap<>();
  private Supplier<ViewCut> cuts = () -> ViewCut.EMPTY;
  private ViewCut cut;

  public QueryContext(SchemaPlus root, JavaTypeFactory typeFactory, List<Object> parameters) {
    this(root, typeFactory, parameters, Map.of());
  }

  /**
   * A context that also holds {@code stashed}: objects the plan keeps for its generated code
   * (large VALUES, for one), by the names the code reads them by.
   */
  public QueryContext(SchemaPlus root, JavaTypeFactory typeFactory, List<Object> parameters,
      Map<String, Object> stashed) {
    this.root = root;
    this.typeFactory = typeFactory;
    long now = System.currentTimeMillis();
    variables.put(Variable.UTC_TIMESTAMP.camelName, now);
    variables.put(Variable.CURRENT_TIMESTAMP.camelName, now);
    variables.put(Variable.LOCAL_TIMESTAMP.camelName, now);
    variables.put(Variable.TIME_ZONE.camelName, TimeZone.getTimeZone("UTC"));
    variables.put(Variable.LOCALE.camelName, Locale.ROOT);
    variables.put(Variable.CANCEL_FLAG.camelName, new AtomicBoolean());
    variables.put(Variable.USER.camelName, "sluice");
    variables.put(Variable.SYSTEM_USER.camelName, "sluice");
    for (int i = 0; i < parameters.size(); i++) {
      variables.put("?" + i, parameters.get(i));
    }
    variables.putAll(stashed);
  }

  /** Makes {@code flag} this statement's cancel flag (Calcite's {@code CANCEL_FLAG} variable). */
  public QueryContext withCancelFlag(AtomicBoolean flag) {
    variables.put(Variable.CANCEL_FLAG.camelName, flag);
    return this;
  }

  /** Where {@link #viewCut} comes from: the server's view maintainer. */
  public QueryContext withViewCuts(Supplier<ViewCut> cuts) {
    this.cuts = cuts;
    return this;
  }

  /**
   * The epoch every materialized view this statement reads is read at, taken at the first
   * read: so a statement over several views sees them all at one input position.
   */
  public synchronized ViewCut viewCut() {
    if (cut == null) {
      cut = cuts.get();
    }
    return cut;
  }

  @Override
  public SchemaPlus getRootSchema() {
    return root;
  }

  @Override
  public JavaTypeFactory getTypeFactory() {
    return typeFactory;
  }

  @Override
  public QueryProvider getQueryProvider() {
    throw new UnsupportedOperationException("Sluice runs no linq4j queries");
  }

  @Override
  public Object get(String name) {
    return variables.get(name);
  }
}
