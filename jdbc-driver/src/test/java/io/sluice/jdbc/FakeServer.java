package io.sluice.jdbc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.remote.Service;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * An in-process stand-in for the Sluice server: a server-side Avatica meta, reached through
 * Avatica's {@link LocalService} (URL property {@code factory=} {@link Factory}), whose query
 * answers one INTEGER column from a script of frames and records every call the driver makes.
 */
public final class FakeServer extends MetaImpl {

  /** Script entry: the fetch waits until the statement is closed, then reports it missing. */
  static final Object BLOCK_UNTIL_CLOSED = new Object();
  /** Script entry: the fetch reports that the statement has no results. */
  static final Object MISSING_RESULTS = new Object();

  private static volatile FakeServer current;

  final List<Long> fetchOffsets = Collections.synchronizedList(new ArrayList<>());
  final List<Integer> fetchSizes = Collections.synchronizedList(new ArrayList<>());
  final List<Integer> closedStatements = Collections.synchronizedList(new ArrayList<>());
  final List<Long> syncOffsets = Collections.synchronizedList(new ArrayList<>());
  final CountDownLatch fetchBlocked = new CountDownLatch(1);
  final CountDownLatch executeBlocked = new CountDownLatch(1);
  final List<Integer> executions = Collections.synchronizedList(new ArrayList<>());
  volatile boolean blockExecuteUntilClosed;

  private final Set<Integer> open = new HashSet<>();
  private final Deque<Object> script = new ArrayDeque<>();
  private Frame firstFrame = Frame.EMPTY;
  private int nextStatementId = 1;

  private FakeServer() {
    super(null);
  }

  /** Starts a fresh fake server that new connections will talk to. */
  static FakeServer start() {
    FakeServer server = new FakeServer();
    current = server;
    return server;
  }

  /** A driver URL that reaches the current fake server. */
  static String url() {
    return "jdbc:sluice://localhost:1;factory=" + Factory.class.getName();
  }

  /** Sets the first frame of the next query and the answers of its fetches, in order. */
  synchronized void script(Frame first, Object... fetchAnswers) {
    firstFrame = first;
    script.clear();
    Collections.addAll(script, fetchAnswers);
  }

  static Frame frame(long offset, boolean done, Integer... values) {
    List<Object> rows = new ArrayList<>();
    for (Integer value : values) {
      rows.add(Collections.singletonList(value));
    }
    return new Frame(offset, done, rows);
  }

  @Override
  public synchronized StatementHandle createStatement(ConnectionHandle ch) {
    int id = nextStatementId++;
    open.add(id);
    return new StatementHandle(ch.id, id, null);
  }

  @Override
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount,
      int maxRowsInFirstFrame, PrepareCallback callback) throws NoSuchStatementException {
    executions.add(h.id);
    if (blockExecuteUntilClosed) {
      executeBlocked.countDown();
      awaitClosed(h.id);
    }
    Frame first;
    synchronized (this) {
      if (!open.contains(h.id)) {
        throw new NoSuchStatementException(h);
      }
      first = firstFrame;
    }
    ColumnMetaData column = MetaImpl.columnMetaData("X", 0, Integer.class, false);
    Signature signature = Signature.create(Collections.singletonList(column), sql,
        Collections.emptyList(), CursorFactory.LIST, StatementType.SELECT);
    return new ExecuteResult(Collections.singletonList(
        MetaResultSet.create(h.connectionId, h.id, false, signature, first)));
  }

  @Deprecated
  @Override
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount,
      PrepareCallback callback) throws NoSuchStatementException {
    return prepareAndExecute(h, sql, maxRowCount, -1, callback);
  }

  @Override
  public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount)
      throws NoSuchStatementException, MissingResultsException {
    fetchOffsets.add(offset);
    fetchSizes.add(fetchMaxRowCount);
    Object answer;
    synchronized (this) {
      if (!open.contains(h.id)) {
        throw new NoSuchStatementException(h);
      }
      answer = script.isEmpty() ? Frame.EMPTY : script.removeFirst();
    }
    if (answer == MISSING_RESULTS) {
      throw new MissingResultsException(h);
    }
    if (answer == BLOCK_UNTIL_CLOSED) {
      fetchBlocked.countDown();
      awaitClosed(h.id);
      throw new NoSuchStatementException(h);
    }
    return (Frame) answer;
  }

  @Override
  public void closeStatement(StatementHandle h) {
    closedStatements.add(h.id);
    synchronized (this) {
      open.remove(h.id);
      notifyAll();
    }
  }

  @Override
  public boolean syncResults(StatementHandle sh, QueryState state, long offset) {
    syncOffsets.add(offset);
    return false;
  }

  @Override
  public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
    throw new UnsupportedOperationException("prepare");
  }

  @Override
  public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h, List<String> sqlCommands) {
    throw new UnsupportedOperationException("prepareAndExecuteBatch");
  }

  @Override
  public ExecuteBatchResult executeBatch(StatementHandle h,
      List<List<TypedValue>> parameterValues) {
    throw new UnsupportedOperationException("executeBatch");
  }

  @Deprecated
  @Override
  public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues,
      long maxRowCount) {
    throw new UnsupportedOperationException("execute");
  }

  @Override
  public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues,
      int maxRowsInFirstFrame) {
    throw new UnsupportedOperationException("execute");
  }

  @Override
  public void commit(ConnectionHandle ch) {
  }

  @Override
  public void rollback(ConnectionHandle ch) {
  }

  private synchronized void awaitClosed(int id) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (open.contains(id)) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        throw new IllegalStateException("statement " + id + " was never closed");
      }
      try {
        wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Connects a driver connection to the current fake server, in process. */
  public static final class Factory implements Service.Factory {
    @Override
    public Service create(AvaticaConnection connection) {
      return new LocalService(current);
    }
  }
}
