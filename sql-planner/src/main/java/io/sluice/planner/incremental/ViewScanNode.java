package io.sluice.planner.incremental;

import io.sluice.planner.catalog.ViewDef;
import io.sluice.runtime.driver.Operator;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A materialized view read by a live query or another view: its rows when the query starts,
 * then its changes. Update mode if the view's result is (its rows are revised), else append.
 */
public final class ViewScanNode extends PhysicalNode {
  private final ViewDef view;

  public ViewScanNode(ViewDef view, RelDataType rowType) {
    super(List.of(), rowType);
    this.view = view;
  }

  public ViewDef view() {
    return view;
  }

  @Override
  public Emission emission() {
    return view.result().changelog() ? Emission.UPDATE : Emission.APPEND;
  }

  @Override
  public int watermarkColumn() {
    return -1;
  }

  @Override
  public String describe() {
    return "ViewScan(" + view.name() + ", its rows now, then its changes)";
  }

  @Override
  public String state() {
    return "none";
  }

  @Override
  public Operator build(ExecutionContext context) {
    return null;
  }
}
