package io.sluice.planner;

import io.sluice.planner.catalog.CatalogObject;
import io.sluice.planner.catalog.ColumnDef;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import java.util.List;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code INSERT INTO target SELECT STREAM ...}: a continuous job the server owns, writing the
 * live query's result into a stream (append-only results) or a table (upserts and deletes by
 * its primary key).
 */
public record JobPlan(CatalogObject target, LivePlan source, String explain) implements Plan {
  @Override
  public List<ResultColumn> parameters() {
    return List.of();
  }

  /** Whether the result revises its rows (update mode): only a table with a key takes that. */
  public boolean changelog() {
    return source.changelog();
  }

  /**
   * Checks a result row against the target's columns: NOT NULL and string lengths. Throws a
   * user error naming the column; the job then fails with it.
   */
  public void check(Object[] row) {
    List<ColumnDef> columns = target.columns();
    for (int i = 0; i < columns.size(); i++) {
      ColumnDef c = columns.get(i);
      Object v = row[i];
      if (v == null && !c.nullable()) {
        throw new SluiceException(ErrorCode.NOT_NULL_VIOLATION, "Column " + c.name() + " of "
            + target.name() + " is NOT NULL, but the job's query gave it NULL; give it a value"
            + " (COALESCE) or filter such rows out");
      }
      SqlTypeName t = c.type().getSqlTypeName();
      int max = c.type().getPrecision();
      if ((t == SqlTypeName.VARCHAR || t == SqlTypeName.CHAR) && max > 0
          && v instanceof String s && s.length() > max) {
        throw new SluiceException(ErrorCode.STRING_TOO_LONG, "The job's query gave column "
            + c.name() + " of " + target.name() + " a value of " + s.length() + " characters,"
            + " more than its type " + t + "(" + max + ") allows; shorten it (SUBSTRING) or"
            + " widen the column");
      }
    }
  }
}
