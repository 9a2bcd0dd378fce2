package io.sluice.planner.incremental;

import io.sluice.runtime.driver.Operator;
import io.sluice.runtime.operator.rank.RetractTopNOperator;
import io.sluice.runtime.operator.rank.TopNOperator;
import io.sluice.runtime.expr.RowCalc;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.DataContext;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Top-N (and deduplication) per partition; emits a changelog. Over an append-only input it keeps
 * the top N rows; over a changelog ({@code retract}), every row of each partition.
 */
public final class TopNNode extends PhysicalNode {
  private final TopNPattern pattern;
  private final Function<DataContext, RowCalc> projection;
  private final boolean retract;

  public TopNNode(PhysicalNode input, RelDataType rowType, TopNPattern pattern,
      Function<DataContext, RowCalc> projection) {
    this(input, rowType, pattern, projection, false);
  }

  /** @param retract the input is a changelog: keep every row, not only the top N */
  public TopNNode(PhysicalNode input, RelDataType rowType, TopNPattern pattern,
      Function<DataContext, RowCalc> projection, boolean retract) {
    super(List.of(input), rowType);
    this.pattern = pattern;
    this.projection = projection;
    this.retract = retract;
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
        + (pattern.rankSelected() ? ", row number selected" : "")
        + (retract ? ", over a changelog" : "") + ")";
  }

  @Override
  public String state() {
    return retract ? "every row of each " + names(pattern.partition()) + ", sorted"
        : "the top " + pattern.limit() + " rows of each " + names(pattern.partition());
  }

  @Override
  public Operator build(ExecutionContext context) {
    if (retract) {
      return new RetractTopNOperator(pattern.partition(), pattern.order(), pattern.descending(),
          pattern.limit(), projection.apply(context.query()), context.state());
    }
    return new TopNOperator(pattern.partition(), pattern.order(), pattern.descending(),
        pattern.limit(), pattern.rankSelected(), projection.apply(context.query()),
        context.state());
  }
}
