package io.sluice.planner.calcite;

import io.sluice.planner.catalog.CatalogObject;
import io.sluice.planner.catalog.ColumnDef;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * A catalog object seen by Calcite as a bounded relation: a scan reads the rows a stream
 * retains, or a table's rows, as they are when the scan starts.
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

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    return Linq4j.asEnumerable(Scans.rows(object));
  }

  /** The rows of a catalog object, as a scan sees them. */
  static final class Scans {
    private Scans() {}

    static List<Object[]> rows(CatalogObject object) {
      if (object instanceof io.sluice.planner.catalog.StreamDef s) {
        return s.generator() != null ? s.generator().rows() : s.log().snapshot();
      }
      return ((io.sluice.planner.catalog.TableDef) object).rows().snapshot();
    }
  }
}
