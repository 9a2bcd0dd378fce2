package io.sluice.jdbc;

import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.remote.Service;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * The meta of a Sluice connection: Avatica's remote meta, with result sets that fetch lazily
 * ({@link LazyFrameIterator}) and a cancel that closes the statement on the server.
 *
 * <p>Invariants: {@code cancelled} holds the ids of statements cancelled since they last started
 * executing; their result sets end and their fetches are never recovered. {@code closedByCancel}
 * holds the ids whose server statement a cancel has already closed, so closing the statement
 * afterwards sends nothing. A handle fresh from the server carries neither mark.
 */
final class SluiceMeta extends ForwardingMeta {

  /** SQLSTATE "query canceled" (PostgreSQL's and DB2's code for a cancelled statement). */
  static final String SQLSTATE_QUERY_CANCELLED = "57014";

  private final SluiceConnection connection;
  private final Set<Integer> cancelled = ConcurrentHashMap.newKeySet();
  private final Set<Integer> closedByCancel = ConcurrentHashMap.newKeySet();

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
        new StatementFrameSource(this, statement, state, fetchSize(statement), isCancelled);
    return () -> new LazyFrameIterator(firstFrame, source, isCancelled);
  }

  @Override
  public StatementHandle createStatement(ConnectionHandle ch) {
    StatementHandle h = super.createStatement(ch);
    cancelled.remove(h.id);
    closedByCancel.remove(h.id);
    return h;
  }

  @Override
  public void closeStatement(StatementHandle h) {
    cancelled.remove(h.id);
    if (!closedByCancel.remove(h.id)) {
      super.closeStatement(h);
    }
  }

  @Override
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount,
      int maxRowsInFirstFrame, PrepareCallback callback) throws NoSuchStatementException {
    cancelled.remove(h.id);
    try {
      return super.prepareAndExecute(h, sql, maxRowCount, maxRowsInFirstFrame, callback);
    } catch (NoSuchStatementException e) {
      throw unlessCancelled(h, e);
    }
  }

  @Override
  public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues,
      int maxRowsInFirstFrame) throws NoSuchStatementException {
    cancelled.remove(h.id);
    try {
      return super.execute(h, parameterValues, maxRowsInFirstFrame);
    } catch (NoSuchStatementException e) {
      throw unlessCancelled(h, e);
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
