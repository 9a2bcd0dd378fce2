package io.sluice.planner;

import io.sluice.planner.calcite.Errors;
import io.sluice.planner.exec.Cancellation;
import io.sluice.planner.exec.QueryContext;
import io.sluice.runtime.job.ViewCut;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.runtime.Bindable;

/**
 * A bounded query compiled by Calcite's Enumerable convention; executing it reads what streams
 * retain and tables hold at that moment.
 */
public record BatchPlan(
    List<ResultColumn> columns,
    List<ResultColumn> parameters,
    Bindable<Object> bindable,
    Function<List<Object>, QueryContext> contexts,
    String explain) implements Plan {

  /** Runs the query and returns at most {@code maxRows} rows (0 = all). */
  public List<Object[]> execute(List<Object> parameterValues, long maxRows) {
    return execute(parameterValues, maxRows, new AtomicBoolean());
  }

  /**
   * Runs the query and returns at most {@code maxRows} rows (0 = all). Once {@code cancel} is
   * set, the query stops at its next row with SQLSTATE 57014.
   */
  public List<Object[]> execute(List<Object> parameterValues, long maxRows,
      AtomicBoolean cancel) {
    return execute(parameterValues, maxRows, cancel, null);
  }

  /**
   * As {@link #execute(List, long, AtomicBoolean)}, reading materialized views at the version
   * {@code viewCuts} gives (null: the planner's default).
   */
  public List<Object[]> execute(List<Object> parameterValues, long maxRows,
      AtomicBoolean cancel, java.util.function.Supplier<ViewCut> viewCuts) {
    long limit = maxRows <= 0 ? Long.MAX_VALUE : maxRows;
    int width = columns.size();
    List<Object[]> rows = new ArrayList<>();
    QueryContext context = contexts.apply(parameterValues).withCancelFlag(cancel);
    if (viewCuts != null) {
      context.withViewCuts(viewCuts);
    }
    try (Enumerator<Object> e = bindable.bind(context).enumerator()) {
      while (rows.size() < limit && e.moveNext()) {
        Cancellation.check(cancel);
        Object current = e.current();
        rows.add(width == 1 ? new Object[] {current} : (Object[]) current);
      }
    } catch (RuntimeException | ExceptionInInitializerError e) {
      Cancellation.check(cancel);
      throw Errors.execution(e);
    }
    return rows;
  }
}
