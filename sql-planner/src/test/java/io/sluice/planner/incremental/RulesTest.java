package io.sluice.planner.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.planner.incremental.rules.FuseWindowAggregate;
import io.sluice.planner.incremental.rules.ImplementCalc;
import io.sluice.planner.incremental.rules.ImplementGroupAggregate;
import io.sluice.planner.incremental.rules.ImplementStreamScan;
import io.sluice.planner.incremental.rules.ImplementStreamTableJoin;
import io.sluice.planner.incremental.rules.ImplementTopN;
import io.sluice.planner.incremental.rules.ImplementWindowAggregate;
import io.sluice.planner.incremental.rules.ImplementWindowTableFunction;
import io.sluice.runtime.error.SluiceException;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.junit.jupiter.api.Test;

/** Each rule of the incremental program, where it fires and where it does not. */
class RulesTest {
  private final RuleFixture f = new RuleFixture();

  private static final String TUMBLE =
      "TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))";

  /** The first node of {@code type} in the plan, depth first. */
  private static RelNode find(RelNode rel, Class<?> type) {
    if (type.isInstance(rel)) {
      return rel;
    }
    for (RelNode input : rel.getInputs()) {
      RelNode found = find(input, type);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  @Test
  void implementStreamScanFiresOnStreams() throws Exception {
    RelNode scan = f.logical("SELECT STREAM * FROM clicks");
    StreamScanNode node = (StreamScanNode) f.apply(new ImplementStreamScan(), scan);
    assertEquals(2, node.watermarkColumn());
    assertNull(f.apply(new ImplementStreamScan(),
        f.logical("SELECT STREAM user_id FROM clicks WHERE user_id > 1")), "not on a Calc");
  }

  @Test
  void implementCalcFiresOnCalcsAndKeepsTheEventTimeColumn() throws Exception {
    CalcNode calc = (CalcNode) f.apply(new ImplementCalc(),
        f.logical("SELECT STREAM ts, user_id * 2 AS u FROM clicks WHERE url <> 'x'"));
    assertEquals(0, calc.watermarkColumn());
    CalcNode computed = (CalcNode) f.apply(new ImplementCalc(),
        f.logical("SELECT STREAM user_id FROM clicks"));
    assertEquals(-1, computed.watermarkColumn(), "no event-time column projected");
    assertNull(f.apply(new ImplementCalc(), f.logical("SELECT STREAM * FROM clicks")));
    CalcNode stamped = (CalcNode) f.apply(new ImplementCalc(),
        f.logical("SELECT STREAM user_id, PROCTIME() AS pt FROM clicks"));
    assertEquals(1, stamped.watermarkColumn(), "PROCTIME() is processing time");
    assertInstanceOf(io.sluice.runtime.driver.ProcessingTimeOperator.class,
        stamped.build(new ExecutionContext(null, new io.sluice.runtime.state.HeapStateStore(false),
            new io.sluice.runtime.driver.QueryMetrics())));
  }

  @Test
  void implementWindowTableFunctionFiresOnTumbleAndChecksTheTimeColumn() throws Exception {
    RelNode plan = f.logical("SELECT STREAM * FROM " + TUMBLE);
    RelNode tvf = find(plan, TableFunctionScan.class);
    WindowTableFunctionNode node =
        (WindowTableFunctionNode) f.apply(new ImplementWindowTableFunction(), tvf);
    assertEquals(3, node.windowStartColumn());
    assertEquals(4, node.windowEndColumn());
    assertNull(f.apply(new ImplementWindowTableFunction(), f.logical("SELECT STREAM * FROM clicks")));
    RelNode cumulate = find(f.logical("SELECT STREAM * FROM TABLE(CUMULATE(TABLE clicks,"
        + " DESCRIPTOR(ts), INTERVAL '1' SECOND, INTERVAL '10' SECOND))"),
        TableFunctionScan.class);
    WindowTableFunctionNode cumulating =
        (WindowTableFunctionNode) f.apply(new ImplementWindowTableFunction(), cumulate);
    assertEquals(new io.sluice.runtime.operator.window.WindowAssigner.Cumulate(1000, 10000, 0),
        cumulating.assigner());
    RelNode noWatermark = find(f.logical("SELECT STREAM * FROM TABLE(TUMBLE(TABLE raw,"
        + " DESCRIPTOR(t), INTERVAL '1' SECOND))"), TableFunctionScan.class);
    assertThrows(SluiceException.class,
        () -> f.apply(new ImplementWindowTableFunction(), noWatermark));
  }

  @Test
  void implementWindowAggregateFiresWhenGroupedOnWindowStartAndEnd() throws Exception {
    RelNode windowed = find(f.logical("SELECT STREAM window_start, window_end, COUNT(*) FROM "
        + TUMBLE + " GROUP BY window_start, window_end, user_id"), Aggregate.class);
    AggregateNode node = (AggregateNode) f.apply(new ImplementWindowAggregate(), windowed);
    assertTrue(node.windowed());
    assertEquals(Emission.APPEND, node.emission());
    RelNode startOnly = find(f.logical("SELECT STREAM window_start, COUNT(*) FROM " + TUMBLE
        + " GROUP BY window_start"), Aggregate.class);
    assertNull(f.apply(new ImplementWindowAggregate(), startOnly), "window_end is not grouped");
    RelNode unwindowed = find(f.logical("SELECT STREAM user_id, COUNT(*) FROM clicks"
        + " GROUP BY user_id"), Aggregate.class);
    assertNull(f.apply(new ImplementWindowAggregate(), unwindowed));
  }

  @Test
  void fuseWindowAggregateFiresOverAPlainProjectionOfTheWindowFunction() throws Exception {
    RelNode plain = find(f.logical("SELECT STREAM user_id, window_start, COUNT(*), MAX(url)"
        + " FROM " + TUMBLE + " GROUP BY user_id, window_start, window_end"), Aggregate.class);
    FusedWindowAggregateNode node =
        (FusedWindowAggregateNode) f.apply(new FuseWindowAggregate(), plain);
    assertInstanceOf(StreamScanNode.class, node.input(), "the window function is absorbed");
    assertEquals(Emission.APPEND, node.emission());
    RelNode filtered = find(f.logical("SELECT STREAM window_start, COUNT(*) FROM " + TUMBLE
        + " WHERE url <> 'x' GROUP BY window_start, window_end"), Aggregate.class);
    assertNull(f.apply(new FuseWindowAggregate(), filtered), "a filter in between");
    RelNode computed = find(f.logical("SELECT STREAM window_start, AVG(CAST(user_id AS DOUBLE)),"
        + " COUNT(*) FILTER (WHERE url LIKE 'a%') FROM " + TUMBLE
        + " GROUP BY window_start, window_end, user_id + 1"), Aggregate.class);
    FusedWindowAggregateNode fused =
        (FusedWindowAggregateNode) f.apply(new FuseWindowAggregate(), computed);
    CalcNode before = assertInstanceOf(CalcNode.class, fused.input(),
        "expressions over input columns are computed before the fused operator");
    assertEquals(3 + 3, before.rowType().getFieldCount(), before.rowType().toString());
    assertEquals(2, before.watermarkColumn(), "event time passes through");
    RelNode overWindow = find(f.logical("SELECT STREAM window_start,"
        + " MAX(window_end + INTERVAL '1' SECOND) FROM " + TUMBLE
        + " GROUP BY window_start, window_end"), Aggregate.class);
    assertNull(f.apply(new FuseWindowAggregate(), overWindow), "an expression of a window column");
    assertTrue(f.apply(new ImplementWindowAggregate(), overWindow) instanceof AggregateNode,
        "the unfused rule takes what fusion leaves");
  }

  @Test
  void fuseWindowAggregateRunsSessionWindowsAndNothingElseDoes() throws Exception {
    String session = "TABLE(SESSION(TABLE clicks, DESCRIPTOR(ts), DESCRIPTOR(user_id),"
        + " INTERVAL '5' SECOND))";
    RelNode grouped = find(f.logical("SELECT STREAM user_id, window_end, COUNT(*) FROM "
        + session + " GROUP BY user_id, window_start, window_end"), Aggregate.class);
    FusedWindowAggregateNode node =
        (FusedWindowAggregateNode) f.apply(new FuseWindowAggregate(), grouped);
    assertTrue(node.describe().contains("gap 5000 ms, per [USER_ID]"), node.describe());
    assertInstanceOf(io.sluice.runtime.operator.window.SessionWindowAggregateOperator.class,
        node.build(new ExecutionContext(null, new io.sluice.runtime.state.HeapStateStore(false),
            new io.sluice.runtime.driver.QueryMetrics())));
    SluiceException e = assertThrows(SluiceException.class, () -> IncrementalProgram.run(
        f.logical("SELECT STREAM * FROM " + session), null, f.context()));
    assertTrue(e.getMessage().contains("GROUP BY window_start"), e.getMessage());
  }

  @Test
  void implementStreamTableJoinFiresOnEquiJoinsWithATableScan() throws Exception {
    RelNode join = find(f.logical("SELECT STREAM c.url, c.ts, u.name FROM clicks c JOIN users u"
        + " ON c.user_id = u.id"), org.apache.calcite.rel.core.Join.class);
    StreamTableJoinNode node = (StreamTableJoinNode) f.apply(new ImplementStreamTableJoin(), join);
    assertTrue(node.describe().contains("by primary key"), node.describe());
    assertEquals(node.rowType().getFieldNames().indexOf("TS"), node.watermarkColumn(),
        "the stream's event time passes through");
    assertEquals(5, node.rowType().getFieldCount(), "only the columns used: " + node.rowType());
    RelNode theta = find(f.logical("SELECT STREAM c.url FROM clicks c JOIN users u"
        + " ON c.user_id > u.id"), org.apache.calcite.rel.core.Join.class);
    assertNull(f.apply(new ImplementStreamTableJoin(), theta), "not an equi-join");
    assertNull(f.apply(new ImplementStreamTableJoin(), find(f.logical("SELECT STREAM c.url"
        + " FROM clicks c JOIN raw r ON c.user_id = r.x"), org.apache.calcite.rel.core.Join.class)),
        "not with a stream on the right");
    SluiceException e = assertThrows(SluiceException.class, () -> IncrementalProgram.run(
        f.logical("SELECT STREAM c.url FROM users u JOIN clicks c ON c.user_id = u.id"), null,
        f.context()));
    assertTrue(e.getMessage().contains("put the stream first"), e.getMessage());
  }

  @Test
  void implementTopNFiresOnRowNumberKeptToN() throws Exception {
    RelNode dedup = f.logical("SELECT STREAM user_id, url FROM (SELECT *, ROW_NUMBER() OVER"
        + " (PARTITION BY user_id ORDER BY ts DESC) AS rn FROM clicks) WHERE rn = 1");
    TopNNode node = (TopNNode) f.apply(new ImplementTopN(), dedup);
    assertEquals(Emission.UPDATE, node.emission());
    assertTrue(node.describe().contains("n=1"), node.describe());
    RelNode ranks = f.logical("SELECT STREAM user_id, rn FROM (SELECT *, ROW_NUMBER() OVER"
        + " (PARTITION BY user_id ORDER BY ts DESC) AS rn FROM clicks) WHERE rn <= 3");
    TopNNode ranked = (TopNNode) f.apply(new ImplementTopN(), ranks);
    assertTrue(ranked.describe().contains("row number selected"), ranked.describe());
    RelNode overChangelog = f.logical("SELECT STREAM u FROM (SELECT u, ROW_NUMBER() OVER"
        + " (PARTITION BY u ORDER BY n DESC) AS rn FROM (SELECT user_id AS u, COUNT(*) AS n"
        + " FROM clicks GROUP BY user_id)) WHERE rn <= 3");
    assertNull(f.apply(new ImplementTopN(), overChangelog), "the input is a changelog");
    TopNNode retracting = (TopNNode) f.apply(
        new io.sluice.planner.incremental.rules.ImplementRetractTopN(), overChangelog);
    assertTrue(retracting.describe().contains("over a changelog"), retracting.describe());
    assertNull(f.apply(new io.sluice.planner.incremental.rules.ImplementRetractTopN(), dedup),
        "an append-only input takes the cheaper top-N");
  }

  @Test
  void implementGroupAggregateFiresOnAnyPlainGroupBy() throws Exception {
    RelNode agg = find(f.logical("SELECT STREAM user_id, COUNT(*), MAX(url) FROM clicks"
        + " GROUP BY user_id"), Aggregate.class);
    AggregateNode node = (AggregateNode) f.apply(new ImplementGroupAggregate(), agg);
    assertEquals(Emission.UPDATE, node.emission());
    RelNode sets = find(f.logical("SELECT STREAM user_id, url, COUNT(*) FROM clicks"
        + " GROUP BY GROUPING SETS ((user_id), (url))"), Aggregate.class);
    assertNull(f.apply(new ImplementGroupAggregate(), sets), "grouping sets are not plain");
  }

  @Test
  void programChoosesEmissionAndRejectsImpossibleModes() throws Exception {
    IncrementalPlan windowed = IncrementalProgram.run(f.logical("SELECT STREAM window_start,"
        + " COUNT(*) FROM " + TUMBLE + " GROUP BY window_start, window_end"), null, f.context());
    assertEquals(Emission.APPEND, windowed.emission());
    assertTrue(windowed.firedRules().contains("FuseWindowAggregate"), windowed.firedRules()
        .toString());
    RelNode grouped = f.logical("SELECT STREAM user_id, COUNT(*) FROM clicks GROUP BY user_id");
    assertEquals(Emission.UPDATE, IncrementalProgram.run(grouped, null, f.context()).emission());
    SluiceException e = assertThrows(SluiceException.class,
        () -> IncrementalProgram.run(grouped, Emission.APPEND, f.context()));
    assertEquals("0A000", e.sqlState());
    assertInstanceOf(StreamScanNode.class, windowed.sources().get(0));
  }
}
