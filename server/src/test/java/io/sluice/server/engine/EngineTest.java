package io.sluice.server.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.runtime.error.SluiceException;
import io.sluice.runtime.driver.LiveQuery;
import io.sluice.runtime.driver.ResultBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
  @TempDir Path dir;
  private Engine engine;
  private Session session;

  @BeforeEach
  void open() throws Exception {
    engine = Engine.open(EngineConfig.inMemory().withDataDir(dir));
    session = engine.newSession();
  }

  @AfterEach
  void close() throws Exception {
    engine.close();
  }

  private List<Object[]> rows(String sql) {
    return ((StatementResult.Rows) session.execute(sql)).rows();
  }

  @Test
  void createInsertAndQueryInBatch() {
    session.execute("CREATE STREAM orders (id BIGINT, item VARCHAR, amount DOUBLE, ts TIMESTAMP(3),"
        + " WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)");
    session.execute("INSERT INTO orders VALUES (1, 'apple', 50, TIMESTAMP '2026-01-01 10:00:00'),"
        + " (2, 'pear', 5, TIMESTAMP '2026-01-01 10:00:01'), (3, 'apple', 20.5, NULL)");
    List<Object[]> r = rows("SELECT item, SUM(amount) FROM orders GROUP BY item ORDER BY item");
    assertEquals(2, r.size());
    assertArrayEquals(new Object[] {"apple", 70.5}, r.get(0));
    assertArrayEquals(new Object[] {"pear", 5.0}, r.get(1));
    assertEquals(1767261600000L, rows("SELECT ts FROM orders WHERE id = 1").get(0)[0]);
    assertEquals(3, rows("SELECT * FROM orders").size());
  }

  @Test
  void liveQueryDeliversRowsInsertedAfterItStarts() throws Exception {
    session.execute("CREATE STREAM orders (id BIGINT, amount DOUBLE)");
    session.execute("INSERT INTO orders VALUES (0, 99)");
    LiveQuery q = ((StatementResult.Live) session.execute(
        "SELECT STREAM id, amount * 2 AS doubled FROM orders WHERE amount > 10")).query();
    Session other = engine.newSession();
    other.execute("INSERT INTO orders VALUES (1, 50), (2, 5), (3, 11)");
    ResultBuffer.Poll poll = q.poll(10, 1000);
    assertEquals(2, poll.rows().size());
    assertArrayEquals(new Object[] {1L, 100.0}, poll.rows().get(0));
    assertArrayEquals(new Object[] {3L, 22.0}, poll.rows().get(1));
    q.cancel();
    assertTrue(q.poll(10, 10).done());
  }

  @Test
  void tableUpsertsByPrimaryKeyAndSurvivesRestart() throws Exception {
    session.execute("CREATE TABLE rates (currency VARCHAR PRIMARY KEY, rate DOUBLE)");
    session.execute("INSERT INTO rates VALUES ('EUR', 1.1), ('GBP', 1.3)");
    session.execute("INSERT INTO rates VALUES ('EUR', 1.2)");
    engine.close();
    engine = Engine.open(EngineConfig.inMemory().withDataDir(dir));
    session = engine.newSession();
    List<Object[]> r = rows("SELECT currency, rate FROM rates ORDER BY currency");
    assertEquals(2, r.size());
    assertArrayEquals(new Object[] {"EUR", 1.2}, r.get(0));
  }

  @Test
  void badRowRejectsTheWholeInsert() {
    session.execute("CREATE STREAM s (id BIGINT NOT NULL, name VARCHAR(3))");
    SluiceException e = assertThrows(SluiceException.class,
        () -> session.execute("INSERT INTO s VALUES (1, 'abc'), (2, 'toolong')"));
    assertEquals("22001", e.sqlState());
    e = assertThrows(SluiceException.class,
        () -> session.execute("INSERT INTO s VALUES (1, 'a'), (CAST(NULL AS BIGINT), 'b')"));
    assertEquals("23502", e.sqlState());
    assertEquals(0, rows("SELECT * FROM s").size());
  }

  @Test
  void explainShowsTheIncrementalPlanStateWatermarksAndRulesFired() {
    session.execute("CREATE STREAM clicks (user_id BIGINT, url VARCHAR, ts TIMESTAMP(3),"
        + " WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)");
    String plan = String.join("\n", rows("EXPLAIN PLAN FOR SELECT STREAM window_start,"
        + " window_end, user_id, COUNT(*) AS clicks"
        + " FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
        + " GROUP BY window_start, window_end, user_id").stream()
        .map(r -> (String) r[0]).toList());
    assertTrue(plan.contains("Logical plan:"), plan);
    String lower = plan.toLowerCase(java.util.Locale.ROOT);
    assertTrue(lower.contains("windowaggregate(tumble on ts"), plan);
    assertTrue(lower.contains("group=[window_start, window_end, user_id]"), plan);
    assertTrue(lower.contains("emission=append, watermark=window_end, state=accumulators by"
        + " [window_start, window_end, user_id]; evicted when the watermark passes window_end"),
        plan);
    assertTrue(plan.contains("StreamScan(CLICKS, watermark TS - 2000 ms)"), plan);
    assertTrue(plan.contains("Rules fired: ImplementStreamScan, ImplementWindowTableFunction,"
        + " ImplementCalc, FuseWindowAggregate"), plan);
    String grouped = String.join("\n", rows("EXPLAIN PLAN FOR SELECT STREAM user_id, COUNT(*)"
        + " FROM clicks GROUP BY user_id").stream().map(r -> (String) r[0]).toList());
    assertTrue(grouped.contains("GroupAggregate(group=[USER_ID]"), grouped);
    assertTrue(grouped.contains("Emission: update"), grouped);
  }

  @Test
  void syntaxErrorsCarryPosition() {
    SluiceException e = assertThrows(SluiceException.class,
        () -> session.execute("SELECT id\nFROM FROM s"));
    assertEquals("42601", e.sqlState());
    assertEquals(2, e.line());
    assertEquals(6, e.column());
  }

  @Test
  void repeatedStatementsAreNotPlannedAgainUntilDdl() {
    session.execute("CREATE STREAM clicks (user_id BIGINT, ts TIMESTAMP(3))");
    String sql = "SELECT user_id, COUNT(*) FROM clicks GROUP BY user_id";
    Session other = engine.newSession();
    var first = session.prepare(sql).plan();
    assertSame(first, session.prepare(sql).plan(), "the same text: the cached plan");
    assertSame(first, other.prepare(sql).plan(), "shared by sessions");
    var insert = session.prepare("INSERT INTO clicks VALUES (?, NULL)");
    assertSame(insert.plan(), other.prepare("INSERT INTO clicks VALUES (?, NULL)").plan());
    other.prepare("INSERT INTO clicks VALUES (?, NULL)").execute(List.of(7L), 0);
    assertEquals(1, rows(sql).size(), "a cached plan runs with fresh state and parameters");
    session.execute("CREATE TABLE users (id BIGINT PRIMARY KEY)");
    assertNotSame(first, session.prepare(sql).plan(), "DDL: planned again");
    String live = "SELECT STREAM user_id, COUNT(*) FROM clicks GROUP BY user_id";
    var update = session.prepare(live).plan();
    session.execute("SET 'output.mode' = 'complete'");
    assertNotSame(update, session.prepare(live).plan(), "another output mode, another plan");
    assertSame(update, other.prepare(live).plan(), "the other session is still in auto mode");
    StringBuilder big = new StringBuilder("INSERT INTO clicks VALUES (0, NULL)");
    while (big.length() <= PlanCache.MAX_SQL_CHARS) {
      big.append(", (0, NULL)");
    }
    String bigInsert = big.toString();
    assertNotSame(session.prepare(bigInsert).plan(), session.prepare(bigInsert).plan(),
        "a large statement's plan, holding its rows, is not kept");
  }
}
