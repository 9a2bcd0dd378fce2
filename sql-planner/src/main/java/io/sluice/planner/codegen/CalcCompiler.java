package io.sluice.planner.codegen;

import io.sluice.runtime.expr.RowCalc;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.adapter.enumerable.RexToLixTranslator;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.MethodDeclaration;
import org.apache.calcite.linq4j.tree.ParameterExpression;
import org.apache.calcite.linq4j.tree.Primitive;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.codehaus.janino.ClassBodyEvaluator;

/**
 * Compiles a filter-and-project program to a {@link RowCalc} class with Calcite's Rex-to-Java
 * translator and Janino, once per query: rows are never interpreted.
 *
 * <pre>
 *   WHERE amount &gt; 10, SELECT id, amount * 2
 *     -&gt;  Object[] apply(Object[] row) {
 *             if (!(row[2] != null &amp;&amp; ((Double) row[2]) &gt; 10)) return null;
 *             return new Object[] {row[0], (Double) row[2] * 2};
 *           }
 * </pre>
 */
public final class CalcCompiler {
  private static final AtomicLong CLASS_IDS = new AtomicLong();

  private CalcCompiler() {}

  /** The generated Java source of the class body, for EXPLAIN and tests. */
  public static String source(RexProgram logical, JavaTypeFactory typeFactory, String className) {
    RexProgram program = LongArithmetic.rewrite(logical, typeFactory);
    ParameterExpression row = Expressions.parameter(Object[].class, "row");
    PhysType inputType = PhysTypeImpl.of(typeFactory, program.getInputRowType(),
        JavaRowFormat.ARRAY, false);
    RexToLixTranslator.InputGetter input = new RexToLixTranslator.InputGetterImpl(row, inputType);
    BlockBuilder body = new BlockBuilder();
    if (program.getCondition() != null) {
      Expression condition = RexToLixTranslator.translateCondition(program, typeFactory, body,
          input, CalcCompiler::noCorrelation, SqlConformanceEnum.DEFAULT);
      body.add(Expressions.ifThen(Expressions.not(condition),
          Expressions.return_(null, Expressions.constant(null, Object[].class))));
    }
    List<Expression> projected = RexToLixTranslator.translateProjects(program, typeFactory,
        SqlConformanceEnum.DEFAULT, body, null, null, DataContext.ROOT, input,
        CalcCompiler::noCorrelation);
    List<Expression> boxed = new ArrayList<>(projected.size());
    for (Expression e : projected) {
      boxed.add(Primitive.is(e.getType()) ? Expressions.box(e) : e);
    }
    body.add(Expressions.return_(null, Expressions.newArrayInit(Object.class, boxed)));
    MethodDeclaration apply = Expressions.methodDecl(Modifier.PUBLIC, Object[].class, "apply",
        List.of(row), body.toBlock());
    return "private final org.apache.calcite.DataContext root;\n"
        + "public " + className + "(org.apache.calcite.DataContext root) { this.root = root; }\n"
        + Expressions.toString(apply);
  }

  private static RexToLixTranslator.InputGetter noCorrelation(String name) {
    throw new IllegalStateException("correlation variable " + name + " in a row expression");
  }

  /**
   * Compiles {@code program} once. The returned factory makes a {@link RowCalc} per execution;
   * its {@link DataContext} supplies the clock and parameter values.
   */
  public static Function<DataContext, RowCalc> compile(RexProgram program,
      JavaTypeFactory typeFactory) {
    String simpleName = "Calc" + CLASS_IDS.incrementAndGet();
    String source = source(program, typeFactory, simpleName);
    Constructor<?> constructor;
    try {
      ClassBodyEvaluator evaluator = new ClassBodyEvaluator();
      evaluator.setClassName("io.sluice.planner.codegen.generated." + simpleName);
      evaluator.setImplementedInterfaces(new Class<?>[] {RowCalc.class});
      evaluator.setParentClassLoader(CalcCompiler.class.getClassLoader());
      evaluator.cook(source);
      constructor = evaluator.getClazz().getConstructor(DataContext.class);
    } catch (Exception e) {
      throw new IllegalStateException("could not compile row expressions:\n" + source, e);
    }
    return root -> {
      try {
        return (RowCalc) constructor.newInstance(root);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("could not instantiate " + simpleName, e);
      }
    };
  }
}
