package io.sluice.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.runtime.error.SluiceException;
import io.sluice.runtime.driver.LiveQuery;
import io.sluice.runtime.driver.ResultBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Views, materialized views and jobs, embedded: definitions, reads, follows, restarts. */
class MaterializedViewTest {
  @TempDir Path dir;
  private Engine engine;
  private Session session;

  @BeforeEach
  void open() throws Exception {
    engine = Engine.open(EngineConfig.inMemory().withDataDir(dir));
    session = engine.newSession();
    session.execute("CREATE STREAM orders (id BIGINT, item VARCHAR, amount DOUBLE,"
        + " ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)");
  }

  @AfterEach
  void close() throws Exception {
    engine.close();
  }

  private void restart() throws Exception {
    engine.close();
    engine = Engine.open(EngineConfig.inMemory().withDataDir(dir));
    session = engine.newSession();
  }

  private List<String> rows(String sql) {
    List<String> out = new ArrayList<>();
    for (Object[] r : ((StatementResult.Rows) session.execute(sql)).rows()) {
      out.add(Arrays.toString(r));
    }
    return out;
  }

  private void insert(int from, int to) {
    StringBuilder sql = new StringBuilder("INSERT INTO orders VALUES ");
    for (int i = from; i < to; i++) {
      sql.append(i > from ? ", " : "").append("(").append(i).append(", 'item").append(i % 3)
          .append("', ").append(i).append(", TIMESTAMP '2026-01-01 10:00:00' + INTERVAL '")
          .append(i).append("' SECOND)");
    }
    session.execute(sql.toString());
  }

  @Test
  void aPlainViewIsANamedQueryInBatchAndLive() throws Exception {
    insert(0, 6);
    session.execute("CREATE VIEW big AS SELECT id, item FROM orders WHERE amount >= 3");
    assertEquals(List.of("[3, item0]", "[4, item1]", "[5, item2]"),
        rows("SELECT * FROM big ORDER BY id"));
    assertEquals(List.of("[item0, 1]"),
        rows("SELECT item, COUNT(*) FROM big b WHERE b.id = 3 GROUP BY item"));
    LiveQuery q = ((StatementResult.Live) session.execute("SELECT STREAM id FROM big")).query();
    insert(6, 8);
    ResultBuffer.Poll poll = q.poll(10, 2000);
    assertEquals(2, poll.rows().size());
    q.cancel();
  }

  @Test
  void aMaterializedViewComputesWhatIsRetainedThenKeepsUp() throws Exception {
    insert(0, 6);
    session.execute("CREATE MATERIALIZED VIEW totals AS"
        + " SELECT item, SUM(amount) AS revenue, COUNT(*) AS n FROM orders GROUP BY item");
    assertEquals(List.of("[item0, 3.0, 2]", "[item1, 5.0, 2]", "[item2, 7.0, 2]"),
        rows("SELECT * FROM totals ORDER BY item"));
    insert(6, 9);
    assertEquals(List.of("[item0, 9.0, 3]", "[item1, 12.0, 3]", "[item2, 15.0, 3]"),
        rows("SELECT * FROM totals ORDER BY item"));
    assertEquals(List.of("[item2, 15.0]"),
        rows("SELECT item, revenue FROM totals ORDER BY revenue DESC LIMIT 1"));
    List<String> views = rows("SHOW VIEWS");
    assertEquals(1, views.size(), views.toString());
    assertTrue(views.get(0).startsWith("[TOTALS, MATERIALIZED VIEW, RUNNING, 3,"), views.get(0));

    restart();
    assertEquals(List.of("[item0, 9.0, 3]", "[item1, 12.0, 3]", "[item2, 15.0, 3]"),
        rows("SELECT * FROM totals ORDER BY item"));
    insert(9, 10);
    assertEquals(List.of("[item0, 18.0, 4]"), rows("SELECT * FROM totals WHERE item = 'item0'"));
  }

  @Test
  void followingAViewGivesItsRowsThenItsChanges() throws Exception {
    insert(0, 3);
    session.execute("CREATE MATERIALIZED VIEW totals AS"
        + " SELECT item, COUNT(*) AS n FROM orders GROUP BY item");
    LiveQuery q = ((StatementResult.Live) session.execute("SELECT STREAM * FROM totals"))
        .query();
    List<String> seen = new ArrayList<>();
    for (Object[] r : q.poll(10, 2000).rows()) {
      seen.add(Arrays.toString(r));
    }
    insert(3, 4);
    long deadline = System.currentTimeMillis() + 5000;
    while (seen.size() < 5 && System.currentTimeMillis() < deadline) {
      for (Object[] r : q.poll(10, 200).rows()) {
        seen.add(Arrays.toString(r));
      }
    }
    seen.subList(0, 3).sort(null);
    assertEquals(List.of("[+I, item0, 1]", "[+I, item1, 1]", "[+I, item2, 1]",
        "[-U, item0, 1]", "[+U, item0, 2]"), seen);
    q.cancel();
  }

  @Test
  void aJobWritesIntoATableByKeyAndIntoAStream() throws Exception {
    insert(0, 4);
    session.execute("CREATE TABLE item_totals (item VARCHAR PRIMARY KEY, revenue DOUBLE)");
    List<String> id = rows("INSERT INTO item_totals"
        + " SELECT STREAM item, SUM(amount) FROM orders GROUP BY item");
    assertEquals(List.of("[j1]"), id);
    session.execute("CREATE STREAM big (id BIGINT, amount DOUBLE)");
    assertEquals(List.of("[j2]"),
        rows("INSERT INTO big SELECT STREAM id, amount FROM orders WHERE amount > 1"));
    insert(4, 6);
    // Jobs write as their rounds commit; a view read waits for them, a table read does not.
    session.execute("CREATE MATERIALIZED VIEW sync AS SELECT COUNT(*) AS n FROM big");
    rows("SELECT * FROM sync");
    assertEquals(List.of("[item0, 3.0]", "[item1, 5.0]", "[item2, 7.0]"),
        rows("SELECT * FROM item_totals ORDER BY item"));
    assertEquals(List.of("[2]", "[3]", "[4]", "[5]"), rows("SELECT id FROM big ORDER BY id"));
    SluiceException e = assertThrows(SluiceException.class, () -> session.execute(
        "INSERT INTO big SELECT STREAM COUNT(*), SUM(amount) FROM orders"));
    assertEquals("0A000", e.code().sqlState());
    e = assertThrows(SluiceException.class, () -> session.execute("DROP STREAM orders"));
    assertEquals("2BP01", e.code().sqlState(), e.getMessage());
    assertTrue(e.getMessage().contains("job j1"), e.getMessage());
    List<String> jobs = rows("SHOW JOBS");
    assertEquals(2, jobs.size(), jobs.toString());
    session.execute("STOP JOB j2");
    assertEquals(1, rows("SHOW JOBS").size());
    restart();
    insert(6, 7);
    session.execute("CREATE MATERIALIZED VIEW sync2 AS SELECT COUNT(*) AS n FROM orders");
    rows("SELECT * FROM sync2");
    assertEquals(List.of("[item0, 9.0]"),
        rows("SELECT * FROM item_totals WHERE item = 'item0'"));
    session.execute("DROP STREAM orders CASCADE");
    assertEquals(0, rows("SHOW JOBS").size());
  }

  @Test
  void aFailedViewSaysWhyAndOthersGoOn() throws Exception {
    insert(0, 2);
    session.execute("CREATE MATERIALIZED VIEW ratio AS SELECT id, 10 / (CAST(id AS INT) - 3)"
        + " AS r FROM orders");
    session.execute("CREATE MATERIALIZED VIEW n AS SELECT COUNT(*) AS n FROM orders");
    insert(2, 5);
    assertEquals(List.of("[5]"), rows("SELECT * FROM n"));
    SluiceException e = assertThrows(SluiceException.class,
        () -> rows("SELECT * FROM ratio"));
    assertEquals("55000", e.code().sqlState());
    assertTrue(e.getMessage().contains("zero"), e.getMessage());
    assertTrue(rows("SHOW VIEWS").get(1).contains("FAILED"), rows("SHOW VIEWS").toString());
    restart();
    assertEquals("55000", assertThrows(SluiceException.class,
        () -> rows("SELECT * FROM ratio")).code().sqlState());
    insert(5, 6);
    assertEquals(List.of("[6]"), rows("SELECT * FROM n"));
  }

  @Test
  void aViewCreatedWhileRowsArriveMissesAndDoublesNone() throws Exception {
    session.execute("CREATE STREAM s (id BIGINT)");
    int statements = 400;
    Thread writer = new Thread(() -> {
      Session w = engine.newSession();
      for (int i = 0; i < statements; i++) {
        w.execute("INSERT INTO s VALUES (" + (2 * i + 1) + "), (" + (2 * i + 2) + ")");
      }
    });
    writer.start();
    while (rows("SELECT COUNT(*) FROM s").get(0).equals("[0]")) {
      Thread.onSpinWait();
    }
    session.execute("CREATE MATERIALIZED VIEW sums AS SELECT COUNT(*) AS n, SUM(id) AS total,"
        + " COUNT(DISTINCT id) AS ids FROM s");
    writer.join();
    engine.viewCut(Long.MAX_VALUE); // the writer's INSERTs are another session's: wait for them
    long n = 2L * statements;
    assertEquals(List.of("[" + n + ", " + n * (n + 1) / 2 + ", " + n + "]"),
        rows("SELECT * FROM sums"));
  }

  @Test
  void readersSeeWholeStatementsAndEveryViewAtOnePosition() throws Exception {
    session.execute("CREATE STREAM s (k INT, x BIGINT)");
    session.execute("CREATE MATERIALIZED VIEW counts AS SELECT COUNT(*) AS n FROM s");
    session.execute("CREATE MATERIALIZED VIEW sums AS SELECT k, SUM(x) AS total FROM s GROUP BY k");
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicLong polls = new java.util.concurrent.atomic.AtomicLong();
    for (int w = 0; w < 2; w++) {
      threads.add(new Thread(() -> {
        Session ws = engine.newSession();
        while (!stop.get()) {
          // Each statement adds 10 rows, x = 1 each: every view moves by whole statements.
          ws.execute("INSERT INTO s VALUES (1, 1), (2, 1), (1, 1), (2, 1), (1, 1),"
              + " (2, 1), (1, 1), (2, 1), (1, 1), (2, 1)");
        }
      }));
    }
    for (int p = 0; p < 4; p++) {
      threads.add(new Thread(() -> {
        Session ps = engine.newSession();
        while (!stop.get()) {
          List<Object[]> r = ((StatementResult.Rows) ps.execute("SELECT c.n,"
              + " (SELECT SUM(total) FROM sums) AS total,"
              + " (SELECT COUNT(*) FROM sums) AS keys FROM counts c")).rows();
          polls.incrementAndGet();
          long n = (Long) r.get(0)[0];
          Object total = r.get(0)[1];
          if (n % 10 != 0 || (n > 0 && (total == null || ((Number) total).longValue() != n))) {
            violations.add(Arrays.toString(r.get(0)));
          }
        }
      }));
    }
    threads.forEach(Thread::start);
    Thread.sleep(2_000);
    stop.set(true);
    for (Thread t : threads) {
      t.join();
    }
    assertTrue(violations.isEmpty(), "inconsistent snapshots: " + violations);
    assertTrue(polls.get() > 20, "only " + polls.get() + " polls");
    engine.viewCut(Long.MAX_VALUE);
    List<String> last = rows("SELECT c.n, (SELECT SUM(total) FROM sums) FROM counts c");
    assertEquals(rows("SELECT COUNT(*), SUM(x) FROM s"), last);
  }

  @Test
  void aFollowerStartedWhileRowsArriveEndsWithTheViewsRows() throws Exception {
    session.execute("CREATE STREAM s (k INT, x BIGINT)");
    session.execute("CREATE MATERIALIZED VIEW per_key AS SELECT k, COUNT(*) AS n, SUM(x) AS total"
        + " FROM s GROUP BY k");
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    Thread writer = new Thread(() -> {
      Session w = engine.newSession();
      for (long i = 0; !stop.get(); i++) {
        w.execute("INSERT INTO s VALUES (" + (i % 7) + ", " + i + "), (" + (i % 5) + ", 1)");
      }
    });
    writer.start();
    Thread.sleep(200);
    LiveQuery q = ((StatementResult.Live) session.execute("SELECT STREAM * FROM per_key"))
        .query();
    Thread.sleep(500);
    stop.set(true);
    writer.join();
    engine.viewCut(Long.MAX_VALUE);
    List<String> expected = rows("SELECT * FROM per_key ORDER BY k");
    // Apply the changelog: the rows then, and every change since, give the rows now.
    java.util.Map<String, Integer> result = new java.util.TreeMap<>();
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      ResultBuffer.Poll poll = q.poll(10_000, 300);
      for (Object[] r : poll.rows()) {
        String row = Arrays.toString(Arrays.copyOfRange(r, 1, r.length));
        int d = r[0].equals("+I") || r[0].equals("+U") ? 1 : -1;
        result.merge(row, d, Integer::sum);
        result.remove(row, 0);
      }
      List<String> now = new ArrayList<>(result.keySet());
      if (now.equals(expected) && result.values().stream().allMatch(c -> c == 1)) {
        break;
      }
    }
    assertEquals(expected, new ArrayList<>(result.keySet()));
    assertTrue(result.values().stream().allMatch(c -> c == 1), result.toString());
    q.cancel();
  }
}
