package io.sluice.testing.slt;

import io.sluice.planner.ResultColumn;
import io.sluice.runtime.error.SluiceException;
import io.sluice.runtime.driver.LiveQuery;
import io.sluice.runtime.driver.ResultBuffer;
import io.sluice.server.engine.Engine;
import io.sluice.server.engine.EngineConfig;
import io.sluice.server.engine.Session;
import io.sluice.server.engine.StatementResult;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** Runs logic tests against an engine in this JVM, through sessions. */
final class EmbeddedTarget implements SltTarget {
  private final Path dataDir;
  private Engine engine;
  private Session session;

  EmbeddedTarget(Path dataDir) throws Exception {
    this.dataDir = dataDir;
    open();
  }

  private void open() throws Exception {
    engine = Engine.open(EngineConfig.inMemory().withDataDir(dataDir));
    session = engine.newSession();
  }

  @Override
  public void execute(String sql) {
    session.execute(sql);
  }

  @Override
  public List<List<String>> query(String sql) {
    StatementResult r = session.execute(sql);
    if (!(r instanceof StatementResult.Rows rows)) {
      throw new AssertionError("not a bounded query: " + sql);
    }
    List<List<String>> out = new ArrayList<>();
    for (Object[] row : rows.rows()) {
      out.add(format(rows.columns(), row));
    }
    return out;
  }

  private static List<String> format(List<ResultColumn> columns, Object[] row) {
    List<String> values = new ArrayList<>(row.length);
    for (int i = 0; i < row.length; i++) {
      values.add(Values.internal(row[i], columns.get(i).jdbcType()));
    }
    return values;
  }

  @Override
  public Live live(String sql) {
    StatementResult r = session.execute(sql);
    if (!(r instanceof StatementResult.Live live)) {
      throw new AssertionError("not a live query: " + sql);
    }
    LiveQuery query = live.query();
    List<ResultColumn> columns = live.columns();
    return new Live() {
      private final ArrayDeque<List<String>> pending = new ArrayDeque<>();
      private boolean done;
      private RuntimeException failure;

      private void fill(long timeoutMillis) throws InterruptedException {
        if (pending.isEmpty() && !done) {
          ResultBuffer.Poll p;
          try {
            p = query.poll(100, timeoutMillis);
          } catch (RuntimeException e) {
            failure = e;
            done = true;
            return;
          }
          for (Object[] row : p.rows()) {
            pending.add(format(columns, row));
          }
          done = p.done();
        }
      }

      @Override
      public List<String> next(long timeoutMillis) throws InterruptedException {
        fill(timeoutMillis);
        return pending.poll();
      }

      @Override
      public boolean ended(long timeoutMillis) throws InterruptedException {
        fill(timeoutMillis);
        return pending.isEmpty() && done;
      }

      @Override
      public Throwable failure() {
        return failure;
      }

      @Override
      public boolean changelog() {
        return columns.get(0) == ResultColumn.CHANGE_KIND;
      }

      @Override
      public List<String> columns() {
        return columns.stream().map(ResultColumn::label).toList();
      }

      @Override
      public void close() {
        query.cancel();
      }
    };
  }

  @Override
  public void restart() throws Exception {
    engine.close();
    open();
  }

  @Override
  public String sqlState(Throwable failure) {
    return failure instanceof SluiceException s ? s.sqlState() : null;
  }

  @Override
  public void close() throws Exception {
    engine.close();
  }
}
