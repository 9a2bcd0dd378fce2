package io.sluice.planner.parser;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.runtime.error.SluiceException;
import org.junit.jupiter.api.Test;

/** Statements nested past the limit are refused with 54001, the limit and the place. */
class NestingLimitTest {
  @Test
  void fiveThousandParenthesesAreRefusedWhereTheyPassTheLimit() {
    String sql = "SELECT " + "(".repeat(5000) + "1" + ")".repeat(5000);
    SluiceException e = assertThrows(SluiceException.class, () -> NestingLimit.check(sql));
    assertEquals("54001", e.sqlState());
    assertTrue(e.getMessage().contains("limit is 200"), e.getMessage());
    assertEquals(1, e.line());
    assertEquals(8 + NestingLimit.MAX_LEVELS, e.column());
  }

  @Test
  void tenThousandChainedTermsAreRefused() {
    String sql = "SELECT 1\n  " + "+ 1 ".repeat(10_000) + "FROM t";
    SluiceException e = assertThrows(SluiceException.class, () -> NestingLimit.check(sql));
    assertEquals("54001", e.sqlState());
    assertTrue(e.getMessage().contains("operators are chained"), e.getMessage());
    assertEquals(2, e.line());
    assertEquals(3 + 4 * NestingLimit.MAX_LEVELS, e.column());
  }

  @Test
  void ordinaryStatementsPass() {
    assertDoesNotThrow(() -> NestingLimit.check("SELECT a + b, c * (d - e) FROM t WHERE x > 1"
        + " AND y < 2 OR z = 3"));
    // Commas end a chain: a VALUES list or an IN list of any length nests nothing.
    assertDoesNotThrow(() -> NestingLimit.check("INSERT INTO t VALUES "
        + "(-1, 'a' || 'b'), ".repeat(100_000) + "(0, 'c')"));
    assertDoesNotThrow(() -> NestingLimit.check("SELECT * FROM t WHERE id IN ("
        + "1, ".repeat(50_000) + "2)"));
    // Parentheses and operators inside strings, quoted names and comments do not count.
    assertDoesNotThrow(() -> NestingLimit.check("SELECT '" + "((++".repeat(1000) + "', \""
        + "(".repeat(300) + "\" -- " + "(".repeat(300) + "\n /* " + "+".repeat(300) + " */"));
  }
}
