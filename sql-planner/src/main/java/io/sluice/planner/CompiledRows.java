package io.sluice.planner;

import io.sluice.planner.calcite.Errors;
import io.sluice.planner.exec.QueryContext;
import io.sluice.runtime.error.SluiceException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.runtime.Bindable;

/**
 * An INSERT's rows computed by Calcite-generated code: {@code INSERT ... SELECT}, and VALUES
 * rows with expressions. {@code width} is the target's column count.
 */
record CompiledRows(Bindable<Object> bindable, Function<List<Object>, QueryContext> contexts,
    int width) implements InsertPlan.RowSource {

  @Override
  public void produce(List<Object> parameterValues, Consumer<Object[]> sink) {
    try (Enumerator<Object> e = bindable.bind(contexts.apply(parameterValues)).enumerator()) {
      while (e.moveNext()) {
        Object current = e.current();
        sink.accept(width == 1 ? new Object[] {current} : ((Object[]) current).clone());
      }
    } catch (SluiceException e) {
      throw e;
    } catch (RuntimeException | ExceptionInInitializerError e) {
      throw Errors.execution(e);
    }
  }
}
