package io.sluice.planner.incremental.rules;

import io.sluice.planner.catalog.StreamDef;
import io.sluice.planner.catalog.ViewDef;
import io.sluice.planner.incremental.IncrementalRule;
import io.sluice.planner.incremental.PhysicalNode;
import io.sluice.planner.incremental.PlanContext;
import io.sluice.planner.incremental.StreamScanNode;
import io.sluice.planner.incremental.ViewScanNode;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;

/**
 * Reads a stream from the moment the query starts.
 *
 * <pre>
 *   LogicalTableScan(CLICKS)   =&gt;   StreamScan(CLICKS, watermark TS - 2000 ms)
 * </pre>
 *
 * Guard: the table is a stream, or a materialized view (read as its rows now, then its
 * changes: {@code ViewScan}); tables are joined, not scanned, by live queries. If the
 * stream keeps late rows ({@code 'late.rows'} option), the scan sends them to that stream.
 */
public final class ImplementStreamScan implements IncrementalRule {
  @Override
  public boolean matches(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    return rel instanceof TableScan scan
        && (stream(scan, context) != null || view(scan, context) != null);
  }

  private static ViewDef view(TableScan scan, PlanContext context) {
    List<String> name = scan.getTable().getQualifiedName();
    return context.catalog().find(name.get(name.size() - 1))
        .filter(o -> o instanceof ViewDef v && v.materialized()).map(ViewDef.class::cast)
        .orElse(null);
  }

  private static StreamDef stream(TableScan scan, PlanContext context) {
    List<String> name = scan.getTable().getQualifiedName();
    return context.catalog().find(name.get(name.size() - 1))
        .filter(StreamDef.class::isInstance).map(StreamDef.class::cast).orElse(null);
  }

  @Override
  public PhysicalNode rewrite(RelNode rel, List<PhysicalNode> inputs, PlanContext context) {
    StreamDef stream = stream((TableScan) rel, context);
    if (stream == null) {
      return new ViewScanNode(view((TableScan) rel, context), rel.getRowType());
    }
    String late = stream.options().get(StreamDef.LATE_ROWS);
    StreamDef lateRows = late == null ? null : context.catalog().find(late)
        .filter(StreamDef.class::isInstance).map(StreamDef.class::cast).orElse(null);
    return new StreamScanNode(stream, rel.getRowType(), lateRows);
  }
}
