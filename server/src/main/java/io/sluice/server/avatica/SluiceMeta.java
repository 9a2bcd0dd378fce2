package io.sluice.server.avatica;

import io.sluice.planner.ResultColumn;
import io.sluice.planner.exec.Cancellation;
import io.sluice.server.engine.Engine;
import io.sluice.server.engine.Session;
import io.sluice.server.engine.StatementResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.ConnectionPropertiesImpl;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * Avatica's server-side interface, answered by Sluice sessions. Each JDBC connection has a
 * session; each statement a cursor over its current result. Live results are served by
 * long-polling fetches that wait at most {@code fetchWaitMillis} for rows, so the client's HTTP
 * calls stay short; an empty, not-done frame keeps the client fetching.
 *
 * <p>A connection or statement id the server does not know (it restarted, or the client closed
 * it) gets Avatica's own answers: "no such connection" (error code 1), on which Avatica's client
 * re-opens its connection and retries, and "no such statement", on which it re-creates the
 * statement. Statement ids are unique across connections and start at a random point, so an id
 * a client kept from before a restart never names someone else's statement; metadata results
 * take ids from the same sequence.
 */
public final class SluiceMeta extends MetaImpl {
  /** Rows in a frame when the client asks for "as many as you like". */
  private static final int DEFAULT_FRAME_ROWS = 1000;

  private final Engine engine;
  private final long fetchWaitMillis;
  private final ConcurrentMap<String, ConnectionState> connections = new ConcurrentHashMap<>();
  private final AtomicInteger statementIds =
      new AtomicInteger(ThreadLocalRandom.current().nextInt(1, 1 << 30));
  private final Metadata metadata;
  private volatile boolean shuttingDown;

  public SluiceMeta(Engine engine, String version, long fetchWaitMillis) {
    super(null);
    this.engine = engine;
    this.fetchWaitMillis = fetchWaitMillis;
    this.metadata = new Metadata(engine, version);
  }

  private static final class ConnectionState {
    final Session session;
    final ConcurrentMap<Integer, StatementState> statements = new ConcurrentHashMap<>();
    final ConnectionPropertiesImpl properties = new ConnectionPropertiesImpl(true, false,
        java.sql.Connection.TRANSACTION_NONE, null, io.sluice.planner.catalog.Catalog.SCHEMA);

    ConnectionState(Session session) {
      this.session = session;
    }
  }

  private static final class StatementState {
    Session.Prepared prepared;
    StatementCursor cursor;
    /** Set to stop the execution under way, if any; each execution gets a fresh flag. */
    volatile AtomicBoolean cancel = new AtomicBoolean();

    synchronized void replaceCursor(StatementCursor next) {
      if (cursor != null) {
        cursor.close();
      }
      cursor = next;
    }

    /** A new cancel flag for an execution that starts now. */
    AtomicBoolean startExecution() {
      AtomicBoolean flag = new AtomicBoolean();
      cancel = flag;
      return flag;
    }

    /** Stops the execution under way and the result being read. */
    void close() {
      cancel.set(true);
      replaceCursor(null);
    }
  }

  /** The next statement id: positive, never -1, unique while the server runs. */
  private int nextStatementId() {
    return statementIds.updateAndGet(i -> i >= Integer.MAX_VALUE - 1 ? 1 : i + 1);
  }

  private <T> T guard(Supplier<T> body) {
    return guard("a metadata request", body);
  }

  private <T> T guard(StatementHandle h, Supplier<T> body) {
    return guard("statement " + h.connectionId + "/" + h.id, body);
  }

  /** Runs {@code body}; what it throws reaches the client as {@link ClientErrors} says. */
  private <T> T guard(String what, Supplier<T> body) {
    try {
      return body.get();
    } catch (RuntimeException | Error e) {
      throw ClientErrors.translate(e, what);
    }
  }

  private ConnectionState connection(String id) {
    if (id == null) {
      throw ClientErrors.protocol("The request names no connection (connectionId is missing)");
    }
    ConnectionState c = connections.get(id);
    if (c == null) {
      throw ClientErrors.missingConnection(id);
    }
    return c;
  }

  private StatementState statement(StatementHandle h) throws NoSuchStatementException {
    StatementState s = connection(h.connectionId).statements.get(h.id);
    if (s == null) {
      throw new NoSuchStatementException(h);
    }
    return s;
  }

  /**
   * The server is stopping: a live result being fetched now ends with an error (08006) that
   * tells its client to run the query again, never as if the query had finished.
   */
  public void shutDown() {
    shuttingDown = true;
  }

  /** Connections open now; for tests and status. */
  public int openConnections() {
    return connections.size();
  }

  // --- connections -----------------------------------------------------------------------

  @Override
  public void openConnection(ConnectionHandle ch, Map<String, String> info) {
    connections.computeIfAbsent(ch.id, id -> new ConnectionState(engine.newSession()));
  }

  @Override
  public void closeConnection(ConnectionHandle ch) {
    ConnectionState c = ch.id == null ? null : connections.remove(ch.id);
    if (c != null) {
      for (StatementState s : c.statements.values()) {
        s.close();
      }
    }
  }

  @Override
  public ConnectionProperties connectionSync(ConnectionHandle ch, ConnectionProperties props) {
    ConnectionState c = connection(ch.id);
    // Any isolation level is accepted: every statement sees committed rows only.
    c.properties.merge(props);
    return c.properties;
  }

  @Override
  public void commit(ConnectionHandle ch) {
    // Every statement commits by itself.
  }

  @Override
  public void rollback(ConnectionHandle ch) {
    // Nothing is pending: every statement commits by itself.
  }

  @Override
  public Map<DatabaseProperty, Object> getDatabaseProperties(ConnectionHandle ch) {
    connection(ch.id);
    return metadata.databaseProperties();
  }

  // --- statements ------------------------------------------------------------------------

  @Override
  public StatementHandle createStatement(ConnectionHandle ch) {
    ConnectionState c = connection(ch.id);
    int id = nextStatementId();
    c.statements.put(id, new StatementState());
    return new StatementHandle(ch.id, id, null);
  }

  @Override
  public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
    return guard("connection " + ch.id, () -> {
      ConnectionState c = connection(ch.id);
      Session.Prepared prepared = c.session.prepare(sql);
      int id = nextStatementId();
      StatementState s = new StatementState();
      s.prepared = prepared;
      c.statements.put(id, s);
      return new StatementHandle(ch.id, id, signature(prepared));
    });
  }

  private static Signature signature(Session.Prepared p) {
    StatementType type = p.returnsRows() ? StatementType.SELECT
        : p.sql().trim().regionMatches(true, 0, "INSERT", 0, 6) ? StatementType.INSERT
        : StatementType.OTHER_DDL;
    return Signature.create(TypeMapping.columns(p.columns()), p.sql(),
        TypeMapping.parameters(p.parameters()), CursorFactory.ARRAY, type);
  }

  @Override
  @SuppressWarnings("deprecation")
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount,
      PrepareCallback callback) throws NoSuchStatementException {
    return prepareAndExecute(h, sql, maxRowCount, -1, callback);
  }

  @Override
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount,
      int maxRowsInFirstFrame, PrepareCallback callback) throws NoSuchStatementException {
    ConnectionState c = connection(h.connectionId);
    StatementState s = statement(h);
    AtomicBoolean cancel = s.startExecution();
    return guard(h, () -> {
      s.replaceCursor(null);
      s.prepared = c.session.prepare(sql);
      return run(h, s, List.of(), maxRowCount, maxRowsInFirstFrame, cancel);
    });
  }

  @Override
  @SuppressWarnings("deprecation")
  public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues,
      long maxRowCount) throws NoSuchStatementException {
    return execute(h, parameterValues, (int) Math.min(Integer.MAX_VALUE, maxRowCount));
  }

  @Override
  public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues,
      int maxRowsInFirstFrame) throws NoSuchStatementException {
    StatementState s = statement(h);
    AtomicBoolean cancel = s.startExecution();
    return guard(h, () -> {
      s.replaceCursor(null);
      return run(h, s, values(s.prepared, parameterValues), 0, maxRowsInFirstFrame, cancel);
    });
  }

  private static List<Object> values(Session.Prepared p, List<TypedValue> typed) {
    List<ResultColumn> params = p.parameters();
    List<Object> values = new ArrayList<>(typed == null ? 0 : typed.size());
    if (typed != null) {
      for (int i = 0; i < typed.size(); i++) {
        TypedValue v = typed.get(i);
        int type = i < params.size() ? params.get(i).jdbcType() : java.sql.Types.OTHER;
        values.add(v == null ? null : TypeMapping.toInternal(v.value, type));
      }
    }
    return values;
  }

  private ExecuteResult run(StatementHandle h, StatementState s, List<Object> params,
      long maxRowCount, int maxRowsInFirstFrame, AtomicBoolean cancel) {
    Session.Prepared p = s.prepared;
    StatementResult result = p.execute(params, Math.max(0, maxRowCount), cancel);
    if (result instanceof StatementResult.UpdateCount u) {
      return new ExecuteResult(List.of(MetaResultSet.count(h.connectionId, h.id, u.count())));
    }
    StatementCursor cursor;
    List<ResultColumn> columns;
    Frame first;
    if (result instanceof StatementResult.Live live) {
      cursor = new StatementCursor.Live(live.query());
      columns = live.columns();
      first = cursor.fetch(0, frameRows(maxRowsInFirstFrame), 0);
    } else {
      StatementResult.Rows rows = (StatementResult.Rows) result;
      cursor = new StatementCursor.Bounded(rows.rows());
      columns = rows.columns();
      first = cursor.fetch(0, frameRows(maxRowsInFirstFrame), 0);
    }
    if (cancel.get()) {
      cursor.close();
      throw Cancellation.cancelled();
    }
    s.replaceCursor(cursor);
    Signature signature = Signature.create(TypeMapping.columns(columns), p.sql(),
        TypeMapping.parameters(p.parameters()), CursorFactory.ARRAY, StatementType.SELECT);
    return new ExecuteResult(List.of(
        MetaResultSet.create(h.connectionId, h.id, false, signature, first)));
  }

  private static int frameRows(int requested) {
    return requested > 0 ? requested : DEFAULT_FRAME_ROWS;
  }

  @Override
  public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount)
      throws NoSuchStatementException, MissingResultsException {
    StatementState s = statement(h);
    StatementCursor cursor;
    synchronized (s) {
      cursor = s.cursor;
    }
    if (cursor == null) {
      throw new MissingResultsException(h);
    }
    Frame frame =
        guard(h, () -> cursor.fetch(offset, frameRows(fetchMaxRowCount), fetchWaitMillis));
    if (shuttingDown) {
      throw ClientErrors.resultsLost();
    }
    return frame;
  }

  @Override
  public void closeStatement(StatementHandle h) {
    ConnectionState c = h.connectionId == null ? null : connections.get(h.connectionId);
    StatementState s = c == null ? null : c.statements.remove(h.id);
    if (s != null) {
      s.close();
    }
  }

  /**
   * Avatica's client asks this after a fetch found the statement without results: the server
   * restarted, or dropped the statement, while the client read them. Sluice cannot resume a
   * result at an offset (a live query would miss the rows that arrived meanwhile), so the answer
   * is an error (08006) that tells the client to run the query again.
   */
  @Override
  public boolean syncResults(StatementHandle sh, QueryState state, long offset)
      throws NoSuchStatementException {
    statement(sh);
    throw ClientErrors.resultsLost();
  }

  @Override
  public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h, List<String> sqlCommands)
      throws NoSuchStatementException {
    ConnectionState c = connection(h.connectionId);
    return guard(h, () -> {
      long[] counts = new long[sqlCommands.size()];
      for (int i = 0; i < counts.length; i++) {
        StatementResult r = c.session.prepare(sqlCommands.get(i)).execute(List.of(), 0);
        counts[i] = r instanceof StatementResult.UpdateCount u ? u.count() : -1;
      }
      return new ExecuteBatchResult(counts);
    });
  }

  @Override
  public ExecuteBatchResult executeBatch(StatementHandle h,
      List<List<TypedValue>> parameterValues) throws NoSuchStatementException {
    StatementState s = statement(h);
    return guard(h, () -> {
      // One statement for the whole batch: an INSERT writes every row in one commit.
      List<List<Object>> rows = new ArrayList<>(parameterValues.size());
      for (List<TypedValue> row : parameterValues) {
        rows.add(values(s.prepared, row));
      }
      return new ExecuteBatchResult(s.prepared.executeBatch(rows));
    });
  }

  @Override
  public Iterable<Object> createIterable(StatementHandle h, QueryState state,
      Signature signature, List<TypedValue> parameters, Frame firstFrame) {
    // Results always go out with a first frame and then by fetch; nothing iterates here.
    return firstFrame == null ? List.of() : firstFrame.rows;
  }

  // --- metadata --------------------------------------------------------------------------

  @Override
  protected MetaResultSet createResultSet(Map<String, Object> internalParameters,
      List<ColumnMetaData> columns, CursorFactory cursorFactory, Frame firstFrame) {
    Signature signature = new Signature(columns, "", List.of(), internalParameters,
        cursorFactory, StatementType.SELECT);
    return MetaResultSet.create("", -1, true, signature, firstFrame);
  }

  /**
   * A metadata result for connection {@code ch}, from objects of one of MetaImpl's row classes.
   * It has a statement id of its own, so a client may keep several open at once; all its rows
   * are in the first frame, so the server keeps nothing for it.
   */
  MetaResultSet rows(ConnectionHandle ch, Class<?> rowClass, List<?> objects) {
    connection(ch.id);
    MetaResultSet all = rows(rowClass, objects);
    return MetaResultSet.create(ch.id, nextStatementId(), true, all.signature, all.firstFrame);
  }

  /** A metadata result from objects of one of MetaImpl's row classes. */
  MetaResultSet rows(Class<?> rowClass, List<?> objects) {
    List<Object> rows = new ArrayList<>(objects.size());
    var fields = new ArrayList<java.lang.reflect.Field>();
    for (java.lang.reflect.Field f : rowClass.getFields()) {
      if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
        fields.add(f);
      }
    }
    for (Object o : objects) {
      Object[] row = new Object[fields.size()];
      for (int i = 0; i < row.length; i++) {
        try {
          row[i] = fields.get(i).get(o);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
      rows.add(row);
    }
    return createResultSet(Map.of(), fieldMetaData(rowClass).columns, CursorFactory.ARRAY,
        Frame.create(0, true, rows));
  }

  @Override
  public MetaResultSet getTables(ConnectionHandle ch, String catalog, Pat schemaPattern,
      Pat tableNamePattern, List<String> typeList) {
    return guard("connection " + ch.id, () -> rows(ch, MetaTable.class,
        metadata.tables(schemaPattern, tableNamePattern, typeList)));
  }

  @Override
  public MetaResultSet getColumns(ConnectionHandle ch, String catalog, Pat schemaPattern,
      Pat tableNamePattern, Pat columnNamePattern) {
    return guard("connection " + ch.id, () -> rows(ch, MetaColumn.class,
        metadata.columns(schemaPattern, tableNamePattern, columnNamePattern)));
  }

  @Override
  public MetaResultSet getSchemas(ConnectionHandle ch, String catalog, Pat schemaPattern) {
    return guard("connection " + ch.id,
        () -> rows(ch, MetaSchema.class, metadata.schemas(schemaPattern)));
  }

  @Override
  public MetaResultSet getCatalogs(ConnectionHandle ch) {
    return guard(() -> rows(ch, MetaCatalog.class, List.of()));
  }

  @Override
  public MetaResultSet getTableTypes(ConnectionHandle ch) {
    return guard(() -> rows(ch, MetaTableType.class, metadata.tableTypes()));
  }

  @Override
  public MetaResultSet getTypeInfo(ConnectionHandle ch) {
    return guard(() -> rows(ch, MetaTypeInfo.class, metadata.typeInfo()));
  }
}
