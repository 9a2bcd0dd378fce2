package io.sluice.planner.calcite;

import io.sluice.planner.catalog.CatalogObject;
import io.sluice.planner.catalog.ColumnDef;
import io.sluice.planner.catalog.ViewDef;
import io.sluice.planner.exec.Cancellation;
import io.sluice.planner.exec.QueryContext;
import io.sluice.runtime.job.ViewCut;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * A catalog object seen by Calcite as a bounded relation: a scan reads the rows a stream
 * retains, or a table's rows, as they are when the scan starts; a materialized view's rows as
 * of the statement's view cut ({@link QueryContext#viewCut}).
 */
class CatalogTable extends AbstractTable implements ScannableTable {
  final CatalogObject object;
  private final boolean unboundedStrings;

  CatalogTable(CatalogObject object, boolean unboundedStrings) {
    this.object = object;
    this.unboundedStrings = unboundedStrings;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder b = typeFactory.builder();
    for (ColumnDef c : object.columns()) {
      RelDataType type = typeFactory.copyType(c.type());
      if (unboundedStrings && SqlTypeUtil.isCharacter(type)) {
        type = typeFactory.createTypeWithNullability(
            typeFactory.createSqlType(SqlTypeName.VARCHAR), type.isNullable());
      }
      b.add(c.name(), type);
    }
    return b.build();
  }

  /** The rows as they are now; the scan stops with 57014 once the statement is cancelled. */
  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    List<Object[]> rows = Scans.rows(object, root);
    AtomicBoolean cancel = DataContext.Variable.CANCEL_FLAG.get(root);
    if (cancel == null) {
      return Linq4j.asEnumerable(rows);
    }
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        Enumerator<Object[]> all = Linq4j.enumerator(rows);
        return new Enumerator<>() {
          @Override
          public Object[] current() {
            return all.current();
          }

          @Override
          public boolean moveNext() {
            Cancellation.check(cancel);
            return all.moveNext();
          }

          @Override
          public void reset() {
            all.reset();
          }

          @Override
          public void close() {
            all.close();
          }
        };
      }
    };
  }

  /** The rows of a catalog object, as a scan sees them. */
  static final class Scans {
    private Scans() {}

    static List<Object[]> rows(CatalogObject object, DataContext context) {
      if (object instanceof io.sluice.planner.catalog.StreamDef s) {
        return s.generator() != null ? s.generator().rows() : s.log().snapshot();
      }
      if (object instanceof ViewDef v) {
        // The cut first: taking it waits for the session's own writes, and a failure they
        // cause is known by then.
        ViewCut cut = context instanceof QueryContext q ? q.viewCut() : ViewCut.EMPTY;
        if (v.pipeline().failure() != null) {
          throw v.pipeline().failure();
        }
        return cut.rows(v.name());
      }
      return ((io.sluice.planner.catalog.TableDef) object).rows().snapshot();
    }
  }
}
