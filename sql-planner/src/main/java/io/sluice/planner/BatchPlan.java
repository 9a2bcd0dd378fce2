package io.sluice.planner;

import io.sluice.planner.calcite.Errors;
import io.sluice.planner.exec.QueryContext;
import java.util.ArrayList;
import java.util.List;
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
    long limit = maxRows <= 0 ? Long.MAX_VALUE : maxRows;
    int width = columns.size();
    List<Object[]> rows = new ArrayList<>();
    try (Enumerator<Object> e = bindable.bind(contexts.apply(parameterValues)).enumerator()) {
      while (rows.size() < limit && e.moveNext()) {
        Object current = e.current();
        rows.add(width == 1 ? new Object[] {current} : (Object[]) current);
      }
    } catch (RuntimeException | ExceptionInInitializerError e) {
      throw Errors.execution(e);
    }
    return rows;
  }
}
