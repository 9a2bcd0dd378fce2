package io.sluice.planner.incremental;

import io.sluice.planner.catalog.StreamDef;
import io.sluice.runtime.driver.Operator;
import io.sluice.runtime.operator.WatermarkGenerator;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/** Rows appended to a stream after the query starts; derives the watermark if declared. */
public final class StreamScanNode extends PhysicalNode {
  private final StreamDef stream;
  private final StreamDef lateRows;

  public StreamScanNode(StreamDef stream, RelDataType rowType) {
    this(stream, rowType, null);
  }

  /** @param lateRows the stream that keeps this stream's late rows, or null to drop them */
  public StreamScanNode(StreamDef stream, RelDataType rowType, StreamDef lateRows) {
    super(List.of(), rowType);
    this.stream = stream;
    this.lateRows = lateRows;
  }

  public StreamDef stream() {
    return stream;
  }

  @Override
  public Emission emission() {
    return Emission.APPEND;
  }

  @Override
  public int watermarkColumn() {
    return stream.watermark() == null ? -1 : stream.watermark().column();
  }

  @Override
  public long idleTimeoutMillis() {
    return stream.idleTimeoutMillis();
  }

  @Override
  public String describe() {
    String wm = stream.watermark() == null ? "no watermark"
        : "watermark " + column(watermarkColumn()) + " - " + stream.watermark().delayMillis()
            + " ms";
    long idle = stream.idleTimeoutMillis();
    return "StreamScan(" + stream.name() + ", " + wm
        + (idle > 0 ? ", idle after " + idle + " ms" : "")
        + (lateRows != null ? ", late rows to " + lateRows.name() : "") + ")";
  }

  @Override
  public String state() {
    return stream.watermark() == null ? "none" : "largest event time seen";
  }

  @Override
  public Operator build(ExecutionContext context) {
    if (stream.watermark() == null) {
      return null;
    }
    return new WatermarkGenerator(stream.watermark().column(), stream.watermark().delayMillis(),
        context.state(), context.metrics(), lateRows == null ? null : lateRows.log()::append);
  }
}
