package io.sluice.planner;

import io.sluice.planner.catalog.CatalogObject;
import io.sluice.planner.catalog.ColumnDef;
import io.sluice.planner.catalog.StreamDef;
import io.sluice.planner.catalog.TableDef;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code INSERT INTO target ...}: computes every row first, checks each against its columns,
 * then writes them all in one durable commit; a bad row rejects the whole statement. A batch of
 * parameter rows (JDBC {@code executeBatch}) is one statement too: one commit for all of them.
 */
public record InsertPlan(
    CatalogObject target,
    List<ResultColumn> parameters,
    RowSource rows,
    String explain) implements Plan {

  /** Computes the rows one execution inserts, in the target's column order. */
  public interface RowSource {
    /** Hands each row for these parameter values to {@code sink}; user errors are thrown. */
    void produce(List<Object> parameterValues, Consumer<Object[]> sink);
  }

  /** Inserts the rows and returns how many. {@code maxRows} is the most it may write. */
  public int execute(List<Object> parameterValues, long maxRows) {
    return executeBatch(List.of(parameterValues), maxRows)[0];
  }

  /**
   * Runs the statement once per parameter row and writes all the rows in one commit: all or
   * nothing. Returns the rows each parameter row inserted. {@code maxRows} is the most the whole
   * batch may write.
   */
  public int[] executeBatch(List<List<Object>> parameterRows, long maxRows) {
    List<Object[]> all = new ArrayList<>();
    int[] counts = new int[parameterRows.size()];
    for (int i = 0; i < counts.length; i++) {
      int before = all.size();
      rows.produce(parameterRows.get(i), row -> {
        if (all.size() >= maxRows) {
          throw new SluiceException(ErrorCode.PROGRAM_LIMIT_EXCEEDED, "This INSERT writes more"
              + " than " + maxRows + " rows, the most one statement may write"
              + " (limits.statement.rows); insert in several statements, or raise the limit in"
              + " conf/sluice.properties (nothing of this INSERT was kept)");
        }
        check(row, all.size() + 1);
        all.add(row);
      });
      counts[i] = all.size() - before;
    }
    if (target instanceof StreamDef s) {
      s.log().append(all);
    } else {
      ((TableDef) target).rows().upsert(all);
    }
    return counts;
  }

  private void check(Object[] row, int rowNumber) {
    List<ColumnDef> columns = target.columns();
    for (int i = 0; i < columns.size(); i++) {
      ColumnDef c = columns.get(i);
      Object v = row[i];
      if (v == null) {
        if (!c.nullable()) {
          throw new SluiceException(ErrorCode.NOT_NULL_VIOLATION, "Column " + c.name() + " of "
              + target.name() + " is NOT NULL, but row " + rowNumber + " gives it NULL;"
              + " give it a value (nothing of this INSERT was kept)");
        }
        continue;
      }
      SqlTypeName t = c.type().getSqlTypeName();
      int max = c.type().getPrecision();
      if ((t == SqlTypeName.VARCHAR || t == SqlTypeName.CHAR) && max > 0
          && v instanceof String s && s.length() > max) {
        throw new SluiceException(ErrorCode.STRING_TOO_LONG, "Value for column " + c.name()
            + " in row " + rowNumber + " has " + s.length() + " characters, more than its type "
            + t + "(" + max + ") allows; shorten it or widen the column (nothing of this"
            + " INSERT was kept)");
      }
    }
  }
}
