package io.sluice.planner.calcite;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.planner.incremental.RuleFixture;
import io.sluice.planner.parser.SluiceParser;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.junit.jupiter.api.Test;

/** Batch plans of the window table functions: Sluice's relational form, never Calcite's scan. */
class BatchWindowsTest {
  private final RuleFixture fixture = new RuleFixture();

  private RelNode logical(String sql) throws Exception {
    Frontend.Validation v = fixture.frontend.validator(CatalogSchema.Mode.BATCH);
    return v.toRel(v.validate(SluiceParser.parseStatement(sql))).project();
  }

  private String expanded(String sql) throws Exception {
    RelNode before = logical(sql);
    assertTrue(RelOptUtil.toString(before).contains("TableFunctionScan"));
    String after = RelOptUtil.toString(BatchWindows.expand(before));
    assertFalse(after.contains("TableFunctionScan"), after);
    return after;
  }

  @Test
  void tumbleIsOneProjection() throws Exception {
    String plan = expanded("SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE clicks,"
        + " DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start");
    assertFalse(plan.contains("LogicalUnion"), plan);
    assertTrue(plan.contains("MOD"), plan);
  }

  @Test
  void hopIsAUnionOfOneBranchPerWindow() throws Exception {
    String plan = expanded("SELECT window_start, COUNT(*), COUNT(DISTINCT user_id)"
        + " FROM TABLE(HOP(TABLE clicks, DESCRIPTOR(ts), INTERVAL '5' SECOND,"
        + " INTERVAL '15' SECOND)) GROUP BY window_start");
    assertTrue(plan.contains("LogicalUnion(all=[true])"), plan);
    assertTrue(plan.contains("MOD(+(MOD(") && plan.contains(", -10000)"), plan);
  }

  @Test
  void cumulateIsAUnionOfOneBranchPerStep() throws Exception {
    String plan = expanded("SELECT window_end, COUNT(*) FROM TABLE(CUMULATE(TABLE clicks,"
        + " DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND)) GROUP BY window_end");
    assertTrue(plan.contains("LogicalUnion(all=[true])"), plan);
  }

  @Test
  void sessionNumbersSessionsWithWindowFunctions() throws Exception {
    String plan = expanded("SELECT user_id, window_start, window_end, COUNT(*) FROM TABLE("
        + "SESSION(TABLE clicks, DESCRIPTOR(ts), DESCRIPTOR(user_id), INTERVAL '5' SECOND))"
        + " GROUP BY user_id, window_start, window_end");
    assertTrue(plan.contains("LAG(") && plan.contains("PARTITION BY $0 ORDER BY $2"), plan);
    assertTrue(plan.contains("MIN(") && plan.contains("MAX("), plan);
  }

  @Test
  void queriesWithoutWindowsAreLeftAlone() throws Exception {
    RelNode plain = logical("SELECT user_id, COUNT(*) FROM clicks GROUP BY user_id");
    assertSame(plain, BatchWindows.expand(plain));
  }
}
