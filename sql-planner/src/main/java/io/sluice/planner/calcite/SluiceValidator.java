package io.sluice.planner.calcite;

import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.validate.SqlModality;
import org.apache.calcite.sql.validate.SqlValidatorCatalogReader;
import org.apache.calcite.sql.validate.SqlValidatorImpl;
import org.apache.calcite.util.Static;

/**
 * Calcite's validator, except that a streaming GROUP BY need not contain a monotonic
 * expression: Sluice runs unbounded aggregates in update mode, and its own legality checks
 * decide what a live query may do.
 */
final class SluiceValidator extends SqlValidatorImpl {
  private static final String MONOTONIC_GROUP_BY =
      Static.RESOURCE.streamMustGroupByMonotonic().ex().getMessage();

  SluiceValidator(SqlOperatorTable operators, SqlValidatorCatalogReader reader,
      RelDataTypeFactory typeFactory, Config config) {
    super(operators, reader, typeFactory, config);
  }

  @Override
  public boolean validateModality(SqlSelect select, SqlModality modality, boolean fail) {
    try {
      return super.validateModality(select, modality, true);
    } catch (CalciteContextException e) {
      Throwable cause = e.getCause();
      if (modality == SqlModality.STREAM && cause != null
          && MONOTONIC_GROUP_BY.equals(cause.getMessage())) {
        return true;
      }
      if (fail) {
        throw e;
      }
      return false;
    }
  }
}
