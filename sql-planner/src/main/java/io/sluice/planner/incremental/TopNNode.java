package io.sluice.planner.incremental;

import io.sluice.runtime.exec.Operator;
import io.sluice.runtime.exec.TopNOperator;
import io.sluice.runtime.expr.RowCalc;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.DataContext;
import org.apache.calcite.rel.type.RelDataType;

/** Top-N (and deduplication) per partition over an append-only input; emits a changelog. */
public final class TopNNode extends PhysicalNode {
  private final TopNPattern pattern;
  private final Function<DataContext, RowCalc> projection;

  public TopNNode(PhysicalNode input, RelDataType rowType, TopNPattern pattern,
      Function<DataContext, RowCalc> projection) {
    super(List.of(input), rowType);
    this.pattern = pattern;
    this.projection = projection;
  }

  @Override
  public Emission emission() {
    return Emission.UPDATE;
  }

  private String names(int[] columns) {
    return Arrays.stream(columns)
        .mapToObj(c -> input().rowType().getFieldList().get(c).getName()).toList().toString();
  }

  @Override
  public String describe() {
    return "TopN(partition=" + names(pattern.partition()) + ", order=" + names(pattern.order())
        + ", descending=" + Arrays.toString(pattern.descending()) + ", n=" + pattern.limit()
        + (pattern.rankSelected() ? ", row number selected" : "") + ")";
  }

  @Override
  public String state() {
    return "the top " + pattern.limit() + " rows of each " + names(pattern.partition());
  }

  @Override
  public Operator build(ExecutionContext context) {
    return new TopNOperator(pattern.partition(), pattern.order(), pattern.descending(),
        pattern.limit(), pattern.rankSelected(), projection.apply(context.query()),
        context.state(), context.metrics());
  }
}
