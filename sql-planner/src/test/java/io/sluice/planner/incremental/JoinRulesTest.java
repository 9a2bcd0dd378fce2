package io.sluice.planner.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.planner.incremental.rules.ImplementIntervalJoin;
import io.sluice.planner.incremental.rules.ImplementStreamJoin;
import io.sluice.planner.incremental.rules.ImplementWindowJoin;
import io.sluice.runtime.error.SluiceException;
import io.sluice.runtime.operator.join.StreamJoinOperator.TimeBounds;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.junit.jupiter.api.Test;

/** The three stream-stream join rules: where each fires and where it declines. */
class JoinRulesTest {
  private final RuleFixture f = new RuleFixture();

  private RelNode join(String sql) throws Exception {
    return find(f.logical(sql));
  }

  private static RelNode find(RelNode rel) {
    if (rel instanceof Join) {
      return rel;
    }
    for (RelNode input : rel.getInputs()) {
      RelNode found = find(input);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static final String WINDOWED = "(SELECT user_id, window_start, window_end, COUNT(*) AS n"
      + " FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
      + " GROUP BY user_id, window_start, window_end)";

  @Test
  void windowJoinFiresOnEqualWindowEnds() throws Exception {
    RelNode j = join("SELECT STREAM * FROM " + WINDOWED + " a JOIN " + WINDOWED
        + " b ON a.user_id = b.user_id AND a.window_start = b.window_start"
        + " AND a.window_end = b.window_end");
    JoinNode node = (JoinNode) f.apply(new ImplementWindowJoin(), j);
    assertEquals(JoinNode.Kind.WINDOW, node.kind());
    assertEquals(new TimeBounds(2, 2, 0, 0), node.bounds());
    assertEquals(Emission.APPEND, node.emission());
    assertEquals(2, node.windowEndColumn());
  }

  @Test
  void windowJoinDeclinesWithoutTheWindowEnd() throws Exception {
    assertNull(f.apply(new ImplementWindowJoin(), join("SELECT STREAM * FROM " + WINDOWED
        + " a JOIN " + WINDOWED + " b ON a.user_id = b.user_id")));
    assertNull(f.apply(new ImplementWindowJoin(), join(
        "SELECT STREAM * FROM clicks a JOIN clicks b ON a.user_id = b.user_id")));
  }

  @Test
  void intervalJoinFiresOnBoundsFromBetween() throws Exception {
    RelNode j = join("SELECT STREAM * FROM clicks a JOIN clicks b ON a.user_id = b.user_id"
        + " AND b.ts BETWEEN a.ts - INTERVAL '1' SECOND AND a.ts + INTERVAL '5' SECOND");
    JoinNode node = (JoinNode) f.apply(new ImplementIntervalJoin(), j);
    assertEquals(new TimeBounds(2, 2, -1000, 5000), node.bounds());
    assertEquals(2, node.watermarkColumn());
    assertEquals(Emission.APPEND, node.emission());
    // The bounds read the same written the other way round.
    JoinNode flipped = (JoinNode) f.apply(new ImplementIntervalJoin(), join(
        "SELECT STREAM * FROM clicks a JOIN clicks b ON a.user_id = b.user_id"
            + " AND a.ts <= b.ts + INTERVAL '1' SECOND AND a.ts >= b.ts - INTERVAL '5' SECOND"));
    assertEquals(new TimeBounds(2, 2, -1000, 5000), flipped.bounds());
  }

  @Test
  void intervalJoinTakesAnUpperBoundFromALeftColumn() throws Exception {
    JoinNode node = (JoinNode) f.apply(new ImplementIntervalJoin(), join(
        "SELECT STREAM * FROM auctions a JOIN clicks c ON a.id = c.user_id"
            + " AND c.ts BETWEEN a.ts AND a.expires"));
    assertEquals(new TimeBounds(1, 2, 0, 0, 2), node.bounds());
    assertEquals(-1, node.watermarkColumn(), "a joined row's left time is unbounded");
    assertTrue(node.describe().contains("<= left.EXPIRES + 0 ms"), node.describe());
  }

  @Test
  void intervalJoinDeclinesWithOneBoundOrNoEventTime() throws Exception {
    assertNull(f.apply(new ImplementIntervalJoin(), join(
        "SELECT STREAM * FROM clicks a JOIN clicks b ON a.user_id = b.user_id"
            + " AND b.ts >= a.ts")), "no upper bound");
    assertNull(f.apply(new ImplementIntervalJoin(), join(
        "SELECT STREAM * FROM raw a JOIN raw b ON a.x = b.x"
            + " AND b.t BETWEEN a.t AND a.t + INTERVAL '1' SECOND")), "no watermark");
  }

  @Test
  void streamJoinTakesOtherJoinsOfTwoStreams() throws Exception {
    JoinNode inner = (JoinNode) f.apply(new ImplementStreamJoin(), join(
        "SELECT STREAM * FROM clicks a JOIN raw b ON a.user_id = b.x AND a.ts > b.t"));
    assertEquals(Emission.APPEND, inner.emission());
    assertEquals(-1, inner.watermarkColumn(), "unbounded: no event time downstream");
    assertTrue(inner.describe().contains("residual"), inner.describe());
    JoinNode left = (JoinNode) f.apply(new ImplementStreamJoin(), join(
        "SELECT STREAM * FROM clicks a LEFT JOIN raw b ON a.user_id = b.x"));
    assertEquals(Emission.UPDATE, left.emission());
  }

  @Test
  void streamJoinDeclinesATableSide() throws Exception {
    assertNull(f.apply(new ImplementStreamJoin(), join(
        "SELECT STREAM * FROM clicks c JOIN users u ON c.user_id = u.id")));
  }

  @Test
  void theProgramPrefersBoundedJoinsAndExplainsThem() throws Exception {
    IncrementalPlan plan = IncrementalProgram.run(f.logical(
        "SELECT STREAM a.url, b.url FROM clicks a JOIN clicks b ON a.user_id = b.user_id"
            + " AND b.ts BETWEEN a.ts AND a.ts + INTERVAL '5' SECOND"), null, f.context());
    assertTrue(plan.firedRules().contains("ImplementIntervalJoin"), plan.firedRules().toString());
    // The stream is read once and its rows handed to both sides.
    assertEquals(1, plan.sources().size());
    String explain = plan.explain();
    assertTrue(explain.contains("Reused(StreamScan"), explain);
    assertTrue(explain.contains("IntervalJoin(INNER") && explain.contains("in [0, 5000] ms"),
        explain);
    assertNotNull(plan.build(new ExecutionContext(null, new io.sluice.runtime.state
        .HeapStateStore(false), new io.sluice.runtime.driver.QueryMetrics()), null));
    SluiceException e = assertThrows(SluiceException.class, () -> IncrementalProgram.run(
        f.logical("SELECT STREAM * FROM clicks a LEFT JOIN raw b ON a.user_id = b.x"),
        Emission.APPEND, f.context()));
    assertTrue(e.getMessage().contains("outer join"), e.getMessage());
  }

  @Test
  void aSubqueryHeldTwiceIsPlannedOnceAndReused() throws Exception {
    IncrementalPlan plan = IncrementalProgram.run(f.logical("SELECT STREAM a.user_id, a.n FROM "
        + WINDOWED + " a JOIN (SELECT MAX(n) AS maxn, window_start, window_end FROM " + WINDOWED
        + " c GROUP BY window_start, window_end) b ON a.window_start = b.window_start"
        + " AND a.window_end = b.window_end AND a.n >= b.maxn"), null, f.context());
    String explain = plan.explain();
    assertEquals(1, plan.sources().size(), explain);
    assertTrue(explain.contains("Reused(WindowAggregate"), explain);
    assertEquals(1, explain.split("Reused\\(", -1).length - 1, explain);
  }

  @Test
  void differentSubqueriesAreNotReused() throws Exception {
    String other = WINDOWED.replace("INTERVAL '10' SECOND", "INTERVAL '20' SECOND");
    IncrementalPlan plan = IncrementalProgram.run(f.logical("SELECT STREAM a.n, b.n FROM "
        + WINDOWED + " a JOIN " + other + " b ON a.user_id = b.user_id"
        + " AND a.window_end = b.window_end"), null, f.context());
    String explain = plan.explain();
    assertTrue(explain.contains("Reused(StreamScan"), explain);
    assertTrue(!explain.contains("Reused(WindowAggregate"), explain);
  }

  @Test
  void joinInputsAreNarrowedToTheColumnsUsedButNotATablesSide() throws Exception {
    RelNode narrowed = IncrementalProgram.normalize(f.logical("SELECT STREAM a.url FROM clicks a"
        + " JOIN raw b ON a.user_id = b.x"));
    Join j = (Join) find(narrowed);
    assertEquals(2, j.getLeft().getRowType().getFieldCount(), "USER_ID and URL of CLICKS");
    assertEquals(1, j.getRight().getRowType().getFieldCount(), "X of RAW");
    RelNode withTable = IncrementalProgram.normalize(f.logical("SELECT STREAM c.url FROM clicks c"
        + " JOIN users u ON c.user_id = u.id"));
    Join t = (Join) find(withTable);
    assertTrue(t.getRight() instanceof org.apache.calcite.rel.core.TableScan,
        "a stream-table join looks the table up whole: " + t.getRight());
  }
}
