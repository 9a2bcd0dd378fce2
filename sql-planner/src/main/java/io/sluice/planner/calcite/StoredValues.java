package io.sluice.planner.calcite;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.Primitive;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.util.BuiltInMethod;

/**
 * A VALUES of many literal rows (a long IN list becomes one) as an Enumerable leaf that reads
 * its rows from an object the plan holds, not from generated code: Calcite's EnumerableValues
 * writes every literal into one Java method, which passes the JVM's 64 KB method limit at
 * about 2,000 rows and takes seconds to compile long before that.
 */
public final class StoredValues extends AbstractRelNode implements EnumerableRel {
  /** VALUES with more rows than this are stored rather than compiled. */
  public static final int MIN_ROWS = 64;
  private static final AtomicLong IDS = new AtomicLong();

  /** One element per row: the value itself for one column, else an Object[]. */
  private final List<Object> rows;
  private final long id = IDS.incrementAndGet();

  private StoredValues(RelOptCluster cluster, RelTraitSet traits, RelDataType rowType,
      List<Object> rows) {
    super(cluster, traits);
    this.rowType = rowType;
    this.rows = rows;
  }

  /** The rows of {@code values} in the engine's representation, as generated code reads them. */
  static StoredValues of(LogicalValues values) {
    RelDataType rowType = values.getRowType();
    JavaTypeFactory types = (JavaTypeFactory) values.getCluster().getTypeFactory();
    int width = rowType.getFieldCount();
    List<Class<?>> classes = new ArrayList<>(width);
    for (var f : rowType.getFieldList()) {
      java.lang.reflect.Type t = types.getJavaClass(f.getType());
      classes.add(t instanceof Class<?> c ? Primitive.box(c) : Object.class);
    }
    List<Object> rows = new ArrayList<>(values.getTuples().size());
    for (ImmutableList<RexLiteral> tuple : values.getTuples()) {
      Object[] row = new Object[width];
      for (int i = 0; i < width; i++) {
        RexLiteral literal = tuple.get(i);
        row[i] = literal.isNull() ? null : literal.getValueAs(classes.get(i));
      }
      rows.add(width == 1 ? row[0] : row);
    }
    return new StoredValues(values.getCluster(),
        values.getTraitSet().replace(EnumerableConvention.INSTANCE), rowType, rows);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return this;
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    return rows.size();
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    // Cheaper than EnumerableValues of the same rows, so that the planner always takes it.
    return planner.getCostFactory().makeTinyCost();
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    // The id keeps two different stored VALUES apart in the planner (it merges equal digests).
    return super.explainTerms(pw).item("rows", rows.size()).item("id", id);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(),
        JavaRowFormat.ARRAY);
    BlockBuilder block = new BlockBuilder();
    block.add(Expressions.return_(null, Expressions.call(BuiltInMethod.AS_ENUMERABLE2.method,
        implementor.stash(rows, List.class))));
    return implementor.result(physType, block.toBlock());
  }

  /** Implements a LogicalValues of more than {@link #MIN_ROWS} rows as a StoredValues. */
  public static final class StoreLargeValues extends ConverterRule {
    public static final StoreLargeValues INSTANCE = new StoreLargeValues(Config.INSTANCE
        .withConversion(LogicalValues.class,
            (LogicalValues v) -> v.getTuples().size() > MIN_ROWS,
            Convention.NONE, EnumerableConvention.INSTANCE, "StoreLargeValues"));

    private StoreLargeValues(Config config) {
      super(config);
    }

    @Override
    public RelNode convert(RelNode rel) {
      return StoredValues.of((LogicalValues) rel);
    }
  }
}
