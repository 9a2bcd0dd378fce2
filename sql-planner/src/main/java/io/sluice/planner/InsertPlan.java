package io.sluice.planner;

import io.sluice.planner.calcite.Errors;
import io.sluice.planner.catalog.CatalogObject;
import io.sluice.planner.catalog.ColumnDef;
import io.sluice.planner.catalog.StreamDef;
import io.sluice.planner.catalog.TableDef;
import io.sluice.planner.exec.QueryContext;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code INSERT INTO target ...}: computes every row first, checks each against its columns,
 * then writes them all in one durable commit; a bad row rejects the whole statement.
 */
public record InsertPlan(
    CatalogObject target,
    List<ResultColumn> parameters,
    Bindable<Object> bindable,
    Function<List<Object>, QueryContext> contexts,
    String explain) implements Plan {

  /** Inserts the rows and returns how many. */
  public int execute(List<Object> parameterValues) {
    List<Object[]> rows = new ArrayList<>();
    int width = target.columns().size();
    try (Enumerator<Object> e = bindable.bind(contexts.apply(parameterValues)).enumerator()) {
      while (e.moveNext()) {
        Object current = e.current();
        Object[] row = width == 1 ? new Object[] {current} : ((Object[]) current).clone();
        check(row, rows.size() + 1);
        rows.add(row);
      }
    } catch (SluiceException e) {
      throw e;
    } catch (RuntimeException | ExceptionInInitializerError e) {
      throw Errors.execution(e);
    }
    if (target instanceof StreamDef s) {
      s.log().append(rows);
    } else {
      ((TableDef) target).rows().upsert(rows);
    }
    return rows.size();
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
