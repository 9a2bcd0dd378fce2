package io.sluice.planner.calcite;

import io.sluice.planner.catalog.Catalog;
import io.sluice.planner.catalog.CatalogObject;
import io.sluice.planner.catalog.StreamDef;
import io.sluice.planner.catalog.ViewDef;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * The catalog as a Calcite schema, read afresh at each lookup. In a batch query a stream is a
 * plain relation over what it retains; in a streaming query it is a {@link StreamableTable}.
 * A materialized view is likewise its snapshot in batch and its changes in a live query.
 * Calcite refuses to mix the two ("Cannot convert stream to relation"), hence two views.
 */
public final class CatalogSchema extends AbstractSchema {
  /**
   * How objects appear: streams as relations (BATCH) or as streams (STREAMING); INSERT shows
   * relations whose string columns have no length limit, so that Calcite's coercion never
   * truncates a value and the insert itself can reject an over-long one by column name.
   */
  public enum Mode { BATCH, STREAMING, INSERT }

  private final Catalog catalog;
  private final Mode mode;

  public CatalogSchema(Catalog catalog, Mode mode) {
    this.catalog = catalog;
    this.mode = mode;
  }

  @Override
  protected Map<String, Table> getTableMap() {
    Map<String, Table> tables = new LinkedHashMap<>();
    for (CatalogObject o : catalog.list()) {
      if (o instanceof ViewDef v && !v.materialized()) {
        continue; // expanded into statements before validation (ViewExpansion)
      }
      tables.put(o.name(), table(o));
    }
    return tables;
  }

  private Table table(CatalogObject o) {
    if (mode == Mode.STREAMING && (o instanceof StreamDef || o instanceof ViewDef)) {
      return new StreamingTable(o);
    }
    return new CatalogTable(o, mode == Mode.INSERT);
  }
}
