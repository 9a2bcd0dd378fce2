package io.sluice.planner;

import io.sluice.planner.exec.QueryContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.function.Function1;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexExecutorImpl;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.SchemaPlus;

/**
 * Calcite's CAST from one type to another as a function on values in the engine's
 * representation, compiled once per pair of types and kept: converting a constant costs a call,
 * not a compile. Thread-safe.
 */
final class ConstantCasts {
  private final JavaTypeFactory typeFactory;
  private final Map<Pair, UnaryOperator<Object>> compiled = new ConcurrentHashMap<>();
  private final QueryContext context;

  private record Pair(RelDataType from, RelDataType to) {}

  ConstantCasts(JavaTypeFactory typeFactory, SchemaPlus root) {
    this.typeFactory = typeFactory;
    this.context = new QueryContext(root, typeFactory, List.of());
  }

  /** CAST from {@code from} to {@code to} (both nullable); null stays null. */
  UnaryOperator<Object> cast(RelDataType from, RelDataType to) {
    return compiled.computeIfAbsent(new Pair(from, to), k -> {
      Function1<DataContext, Object[]> f = compile(from, to);
      return value -> value == null ? null : f.apply(new InputRecord(context, value))[0];
    });
  }

  private Function1<DataContext, Object[]> compile(RelDataType from, RelDataType to) {
    RexBuilder rex = new RexBuilder(typeFactory);
    RelDataType input = typeFactory.builder()
        .add("v", typeFactory.createTypeWithNullability(from, true)).build();
    RexNode cast = rex.makeCast(to, rex.makeInputRef(input.getFieldList().get(0).getType(), 0),
        true, false);
    return RexExecutorImpl.getExecutable(rex, List.of(cast), input).getFunction();
  }

  /** What the compiled cast reads: its one input value, and the statement's variables. */
  private static final class InputRecord implements DataContext {
    private final QueryContext context;
    private final Object[] record;

    InputRecord(QueryContext context, Object value) {
      this.context = context;
      this.record = new Object[] {value};
    }

    @Override
    public SchemaPlus getRootSchema() {
      return context.getRootSchema();
    }

    @Override
    public JavaTypeFactory getTypeFactory() {
      return context.getTypeFactory();
    }

    @Override
    public QueryProvider getQueryProvider() {
      return context.getQueryProvider();
    }

    @Override
    public Object get(String name) {
      return "inputRecord".equals(name) ? record : context.get(name);
    }
  }
}
