package io.sluice.planner.calcite;

import io.sluice.planner.catalog.CatalogObject;
import io.sluice.planner.catalog.CatalogObject;
import io.sluice.planner.catalog.StreamDef;
import java.util.List;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.StreamableTable;
import org.apache.calcite.schema.Table;

/**
 * A stream (or a materialized view's changes) as {@code SELECT STREAM} sees it. It declares its rowtime collation so that the
 * planner never puts a blocking sort over an infinite input.
 */
final class StreamingTable extends CatalogTable implements StreamableTable {
  StreamingTable(CatalogObject source) {
    super(source, false);
  }

  @Override
  public Table stream() {
    return this;
  }

  @Override
  public Statistic getStatistic() {
    if (!(object instanceof StreamDef s) || s.watermark() == null) {
      return Statistics.UNKNOWN;
    }
    return Statistics.of(1e9, List.of(),
        List.of(RelCollations.of(new RelFieldCollation(s.watermark().column()))));
  }
}
