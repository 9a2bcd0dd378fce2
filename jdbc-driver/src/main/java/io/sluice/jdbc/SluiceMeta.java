package io.sluice.jdbc;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.remote.Service;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * The meta of a Sluice connection: Avatica's remote meta, with result sets that fetch lazily
 * ({@link LazyFrameIterator}), a cancel that closes the statement on the server, query timeouts
 * that cancel, primary keys read from the server's catalog, and the session's settings kept so
 * that a connection re-opened after a server restart gets them again.
 *
 * <p>Invariants: {@code cancelled} holds the ids of statements cancelled since they last started
 * executing; their result sets end and their fetches are never recovered. {@code closedByCancel}
 * holds the ids whose server statement a cancel has already closed, so closing the statement
 * afterwards sends nothing. {@code timedOut} holds the ids cancelled by their query timeout
 * during the execution under way. A handle fresh from the server carries none of these marks.
 * {@code settings} holds the last successful {@code SET} statement per setting, in order.
 */
final class SluiceMeta extends ForwardingMeta {

  /** SQLSTATE "query canceled" (PostgreSQL's and DB2's code for a cancelled statement). */
  static final String SQLSTATE_QUERY_CANCELLED = "57014";

  /** The schema every catalog object is in. */
  static final String SCHEMA = "PUBLIC";
  private static final Pattern SET_STATEMENT =
      Pattern.compile("\\s*SET\\s+('(?:[^']|'')*'|\\S+).*",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  /** Fires query timeouts. */
  private static final ScheduledExecutorService TIMEOUTS =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-jdbc-query-timeout");
        t.setDaemon(true);
        return t;
      });

  private final SluiceConnection connection;
  private final Set<Integer> cancelled = ConcurrentHashMap.newKeySet();
  private final Set<Integer> closedByCancel = ConcurrentHashMap.newKeySet();
  private final Set<Integer> timedOut = ConcurrentHashMap.newKeySet();
  private final Map<String, String> settings = new LinkedHashMap<>();

  SluiceMeta(SluiceConnection connection, Meta remote) {
    super(remote);
    this.connection = connection;
  }

  /**
   * Cancels {@code statement}: closes it on the server and ends its open result set. Safe to call
   * from any thread; does nothing if the statement is already closed.
   */
  static void cancel(AvaticaStatement statement) throws SQLException {
    if (statement.isClosed()) {
      return;
    }
    try {
      ((SluiceConnection) statement.connection).sluiceMeta().cancel(statement.handle);
    } catch (RuntimeException e) {
      throw AvaticaConnection.HELPER.createException("Could not cancel statement", e);
    }
  }

  /** Marks the statement cancelled and closes it on the server, once. */
  void cancel(StatementHandle h) {
    cancelled.add(h.id);
    if (closedByCancel.add(h.id)) {
      try {
        super.closeStatement(h);
      } catch (RuntimeException e) {
        closedByCancel.remove(h.id);
        throw e;
      }
    }
  }

  /** Whether the statement was cancelled since it last started executing. */
  boolean isCancelled(StatementHandle h) {
    return cancelled.contains(h.id);
  }

  @Override
  public Iterable<Object> createIterable(StatementHandle handle, QueryState state,
      Signature signature, List<TypedValue> parameters, Frame firstFrame) {
    final AvaticaStatement statement;
    try {
      statement = connection.statement(handle);
    } catch (SQLException e) {
      throw new RuntimeException(e);
    }
    BooleanSupplier isCancelled = () -> isCancelled(statement.handle);
    StatementFrameSource source =
        new StatementFrameSource(this, statement, fetchSize(statement), isCancelled);
    return () -> new LazyFrameIterator(firstFrame, source, isCancelled);
  }

  @Override
  public StatementHandle createStatement(ConnectionHandle ch) {
    StatementHandle h = super.createStatement(ch);
    cancelled.remove(h.id);
    closedByCancel.remove(h.id);
    return h;
  }

  /**
   * Closes the statement on the server. If the server cannot be reached, the statement is
   * closed all the same: the server lost it with a restart, or stops it once it has gone unread
   * for {@code live.idle.timeout}.
   */
  @Override
  public void closeStatement(StatementHandle h) {
    cancelled.remove(h.id);
    if (!closedByCancel.remove(h.id)) {
      try {
        super.closeStatement(h);
      } catch (RuntimeException e) {
        if (!unreachable(e)) {
          throw e;
        }
      }
    }
  }

  /** Closes the connection on the server; an unreachable server has closed it already. */
  @Override
  public void closeConnection(ConnectionHandle ch) {
    try {
      super.closeConnection(ch);
    } catch (RuntimeException e) {
      if (!unreachable(e)) {
        throw e;
      }
    }
  }

  /** Whether {@code e} says the server could not be reached (rather than that it refused). */
  static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ServerUnreachableException || t instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount,
      int maxRowsInFirstFrame, PrepareCallback callback) throws NoSuchStatementException {
    cancelled.remove(h.id);
    ExecuteResult result;
    try {
      result = withTimeout(h,
          () -> super.prepareAndExecute(h, sql, maxRowCount, maxRowsInFirstFrame, callback));
    } catch (NoSuchStatementException e) {
      throw unlessCancelled(h, e);
    }
    remember(sql);
    return result;
  }

  /**
   * Executes a prepared statement; one the server has lost (it restarted, or a cancel closed
   * it) is prepared again and executed.
   */
  @Override
  public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues,
      int maxRowsInFirstFrame) throws NoSuchStatementException {
    cancelled.remove(h.id);
    ExecuteResult result;
    AvaticaStatement statement = knownStatement(h);
    try {
      result = withTimeout(h, () -> super.execute(h, parameterValues, maxRowsInFirstFrame));
    } catch (NoSuchStatementException e) {
      if (isCancelled(h) || !(statement instanceof SluicePreparedStatement prepared)) {
        throw unlessCancelled(h, e);
      }
      StatementHandle fresh = prepared.reprepare();
      StatementHandle again = new StatementHandle(fresh.connectionId, fresh.id, h.signature);
      result = withTimeout(again,
          () -> super.execute(again, parameterValues, maxRowsInFirstFrame));
    }
    if (statement instanceof SluicePreparedStatement prepared) {
      remember(prepared.sql());
    }
    return result;
  }

  /** A call to the server that may find its statement gone. */
  @FunctionalInterface
  private interface StatementCall<T> {
    T call() throws NoSuchStatementException;
  }

  /**
   * Runs {@code call} under the statement's query timeout: when it passes, the statement is
   * cancelled (closed on the server, which stops the query), and the call fails with 57014.
   */
  private <T> T withTimeout(StatementHandle h, StatementCall<T> call)
      throws NoSuchStatementException {
    int seconds = queryTimeout(h);
    if (seconds <= 0) {
      return call.call();
    }
    timedOut.remove(h.id);
    ScheduledFuture<?> timer = TIMEOUTS.schedule(() -> {
      timedOut.add(h.id);
      try {
        cancel(h);
      } catch (RuntimeException e) {
        // The server is unreachable: the call under way fails by itself.
      }
    }, seconds, TimeUnit.SECONDS);
    try {
      return call.call();
    } catch (NoSuchStatementException | RuntimeException e) {
      if (timedOut.contains(h.id)) {
        throw new AvaticaClientRuntimeException("Query timed out after " + seconds
            + " s (Statement.setQueryTimeout) and was stopped on the server; run it with a"
            + " longer timeout, or narrow it", Service.ErrorResponse.UNKNOWN_ERROR_CODE,
            SQLSTATE_QUERY_CANCELLED, AvaticaSeverity.ERROR, Collections.emptyList(), null);
      }
      throw e;
    } finally {
      timer.cancel(false);
      timedOut.remove(h.id);
    }
  }

  private int queryTimeout(StatementHandle h) {
    AvaticaStatement statement = knownStatement(h);
    try {
      return statement == null ? 0 : statement.getQueryTimeout();
    } catch (SQLException e) {
      return 0;
    }
  }

  /** The driver statement of this handle, or null if the connection has none. */
  private AvaticaStatement knownStatement(StatementHandle h) {
    return connection.statementMap.get(h.id);
  }

  /** Keeps a successful SET statement, to run again on a re-opened connection. */
  private void remember(String sql) {
    Matcher m = sql == null ? null : SET_STATEMENT.matcher(sql);
    if (m != null && m.matches()) {
      synchronized (settings) {
        String key = m.group(1).toLowerCase(Locale.ROOT);
        settings.remove(key);
        settings.put(key, sql);
      }
    }
  }

  /**
   * Runs this session's SET statements on the connection again, after Avatica re-opened it on
   * a server that had lost it.
   */
  void restoreSettings(ConnectionHandle ch) {
    List<String> statements;
    synchronized (settings) {
      statements = new ArrayList<>(settings.values());
    }
    for (String sql : statements) {
      StatementHandle h = delegate().createStatement(ch);
      try {
        delegate().prepareAndExecute(h, sql, -1, -1, NO_CALLBACK);
      } catch (NoSuchStatementException e) {
        throw new IllegalStateException("The server lost a statement while restoring the"
            + " session's settings", e);
      } finally {
        delegate().closeStatement(h);
      }
    }
  }

  /** One round trip to the server for this connection, re-opening it if the server lost it. */
  void ping(ConnectionHandle ch) {
    delegate().getCatalogs(ch);
  }

  /** Avatica's remote meta calls the callback only to synchronize with a statement's state. */
  private static final PrepareCallback NO_CALLBACK = new PrepareCallback() {
    @Override
    public Object getMonitor() {
      return this;
    }

    @Override
    public void clear() {
    }

    @Override
    public void assign(Signature signature, Frame firstFrame, long updateCount) {
    }

    @Override
    public void execute() {
    }
  };

  /**
   * The primary key columns of the tables named {@code table} (all tables if null), read from
   * the server's {@code SHOW TABLES}, as {@link java.sql.DatabaseMetaData#getPrimaryKeys}
   * describes them. Avatica's protocol has no request for keys; its stock client answers none.
   */
  @Override
  public MetaResultSet getPrimaryKeys(ConnectionHandle ch, String catalog, String schema,
      String table) {
    List<Object> rows = new ArrayList<>();
    if (catalog == null || catalog.isEmpty()) {
      if (schema == null || schema.equals(SCHEMA)) {
        for (List<Object> t : query(ch, "SHOW TABLES")) {
          String name = (String) t.get(0);
          String key = (String) t.get(2);
          if ((table == null || table.equals(name)) && key != null && !key.isEmpty()) {
            String[] columns = key.split(", ");
            for (int i = 0; i < columns.length; i++) {
              rows.add(new Object[] {null, SCHEMA, name, columns[i], (short) (i + 1),
                  "PK_" + name});
            }
          }
        }
      }
    }
    rows.sort(java.util.Comparator.comparing((Object r) -> (String) ((Object[]) r)[3])
        .thenComparing(r -> (String) ((Object[]) r)[2]));
    List<ColumnMetaData> columns = List.of(
        MetaImpl.columnMetaData("TABLE_CAT", 0, String.class, true),
        MetaImpl.columnMetaData("TABLE_SCHEM", 1, String.class, true),
        MetaImpl.columnMetaData("TABLE_NAME", 2, String.class, false),
        MetaImpl.columnMetaData("COLUMN_NAME", 3, String.class, false),
        MetaImpl.columnMetaData("KEY_SEQ", 4, short.class, false),
        MetaImpl.columnMetaData("PK_NAME", 5, String.class, true));
    StatementHandle own = delegate().createStatement(ch);
    Signature signature = new Signature(columns, "", Collections.emptyList(),
        Collections.emptyMap(), CursorFactory.ARRAY, StatementType.SELECT);
    return MetaResultSet.create(ch.id, own.id, true, signature, Frame.create(0, true, rows));
  }

  /** The rows of a statement run on the server for the driver itself. */
  @SuppressWarnings("unchecked")
  private List<List<Object>> query(ConnectionHandle ch, String sql) {
    StatementHandle h = delegate().createStatement(ch);
    try {
      ExecuteResult result = delegate().prepareAndExecute(h, sql, -1, -1, NO_CALLBACK);
      List<List<Object>> rows = new ArrayList<>();
      Frame frame = result.resultSets.get(0).firstFrame;
      while (frame != null) {
        for (Object row : frame.rows) {
          rows.add(row instanceof Object[] a ? java.util.Arrays.asList(a) : (List<Object>) row);
        }
        frame = frame.done ? null : delegate().fetch(h, rows.size(), -1);
      }
      return rows;
    } catch (NoSuchStatementException | MissingResultsException e) {
      throw new IllegalStateException("The server lost the driver's own statement " + sql, e);
    } finally {
      delegate().closeStatement(h);
    }
  }

  @Override
  public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h, List<String> sqlCommands)
      throws NoSuchStatementException {
    cancelled.remove(h.id);
    return super.prepareAndExecuteBatch(h, sqlCommands);
  }

  @Override
  public ExecuteBatchResult executeBatch(StatementHandle h,
      List<List<TypedValue>> parameterValues) throws NoSuchStatementException {
    cancelled.remove(h.id);
    return super.executeBatch(h, parameterValues);
  }

  /**
   * A statement lost on the server while executing is normally re-created and the query re-run
   * by Avatica; if a cancel closed it, the execution fails with SQLSTATE 57014 instead.
   */
  private NoSuchStatementException unlessCancelled(StatementHandle h, NoSuchStatementException e) {
    if (isCancelled(h)) {
      throw new AvaticaClientRuntimeException("query cancelled",
          Service.ErrorResponse.UNKNOWN_ERROR_CODE, SQLSTATE_QUERY_CANCELLED,
          AvaticaSeverity.ERROR, Collections.emptyList(), null);
    }
    return e;
  }

  private static int fetchSize(AvaticaStatement statement) {
    try {
      return statement.getFetchSize();
    } catch (SQLException e) {
      return AvaticaStatement.DEFAULT_FETCH_SIZE;
    }
  }
}
