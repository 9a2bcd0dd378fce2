package io.sluice.planner.calcite;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWindowTableFunction;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandMetadata;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code CUMULATE(TABLE t, DESCRIPTOR(ts), step, size [, offset])}, Flink's cumulating window,
 * which Calcite lacks: within each window of {@code size}, windows that all start at its start
 * and end every {@code step}; a row is in each of them that ends after it. Calcite's
 * operand-check helpers for window functions are package-private, so this checks its operands
 * itself: a table, a DESCRIPTOR of one column, and day-time intervals. Batch queries run it
 * through {@link BatchWindows}; live queries through the runtime's cumulate assigner.
 */
public final class SqlCumulateTableFunction extends SqlWindowTableFunction {
  public static final SqlCumulateTableFunction INSTANCE = new SqlCumulateTableFunction();

  private SqlCumulateTableFunction() {
    super("CUMULATE", new Operands());
  }

  /** Operand names, types and checks. */
  private static final class Operands implements SqlOperandMetadata {
    private static final List<String> NAMES =
        List.of("DATA", "TIMECOL", "STEP", "SIZE", "OFFSET");

    @Override
    public List<RelDataType> paramTypes(RelDataTypeFactory typeFactory) {
      RelDataType any = typeFactory.createSqlType(SqlTypeName.ANY);
      return List.of(any, any, any, any, any);
    }

    @Override
    public List<String> paramNames() {
      return NAMES;
    }

    @Override
    public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
      boolean ok = binding.operand(1) instanceof SqlCall d
          && d.getKind() == SqlKind.DESCRIPTOR && d.operandCount() == 1;
      for (int i = 2; ok && i < binding.getOperandCount(); i++) {
        ok = SqlTypeFamily.DATETIME_INTERVAL.contains(binding.getOperandType(i))
            && binding.getOperandType(i).getSqlTypeName().getFamily()
                == SqlTypeFamily.INTERVAL_DAY_TIME;
      }
      if (!ok && throwOnFailure) {
        throw binding.newValidationSignatureError();
      }
      return ok;
    }

    @Override
    public SqlOperandCountRange getOperandCountRange() {
      return SqlOperandCountRanges.between(4, 5);
    }

    @Override
    public String getAllowedSignatures(SqlOperator op, String opName) {
      return opName + "(TABLE table_name, DESCRIPTOR(timecol), step interval, size interval"
          + "[, offset interval])";
    }

    @Override
    public boolean isOptional(int i) {
      return i == 4;
    }
  }
}
