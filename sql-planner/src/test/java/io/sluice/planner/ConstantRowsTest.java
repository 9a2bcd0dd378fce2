package io.sluice.planner;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sluice.planner.parser.SluiceParser;
import org.apache.calcite.sql.SqlInsert;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which VALUES rows are constants (read from the statement) and which are computed. */
class ConstantRowsTest {
  private static SqlInsert insert(String values) throws Exception {
    return (SqlInsert) SluiceParser.parseStatement("INSERT INTO t VALUES " + values);
  }

  @ParameterizedTest
  @ValueSource(strings = {"(1, 'a')", "(-2, +7)", "(-0.5, 4e0, -1e3)", "(TRUE, FALSE, NULL)",
      "(DATE '2026-01-02', TIME '10:11:12', TIMESTAMP '2026-01-02 03:04:05.678')",
      "(CAST(NULL AS BIGINT), CAST('7' AS SMALLINT), CAST(-1 AS DOUBLE))", "(?, ?), (1, ?)",
      "(1, -2, 3000000000, 12.345, 1.5, TRUE, 'ann', 'ab', DATE '2026-01-02')",
      "(2, +7, -3000000000, -0.5, -2, FALSE, '', 'abcd', DATE '1969-12-31')",
      "(CAST(12.9 AS BIGINT), CAST(1 AS DECIMAL(6, 2)), CAST('true' AS BOOLEAN))",
      "(CAST(42 AS VARCHAR), CAST('x' AS CHAR(4)), CAST('2026-03-04' AS DATE))",
      "(CAST('2026-03-04 05:06:07' AS TIMESTAMP(3)), CAST(NULL AS TIME))",
      "(5, '8', '9', '1.25', '2.5', 'false', 5, 6, '2026-05-06', '12:34:56')"})
  void constants(String values) throws Exception {
    assertNotNull(ConstantRows.values(insert(values)), values);
  }

  @ParameterizedTest
  @ValueSource(strings = {"(1 + 1)", "(CAST(? AS BIGINT))", "(CURRENT_TIMESTAMP)",
      "(INTERVAL '1' HOUR)", "((SELECT 1))", "(-(1 + 0))"})
  void computed(String values) throws Exception {
    assertNull(ConstantRows.values(insert(values)), values);
  }
}
