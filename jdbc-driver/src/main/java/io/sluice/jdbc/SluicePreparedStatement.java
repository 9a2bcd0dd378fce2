package io.sluice.jdbc;

import java.sql.SQLException;

import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.Meta;

/**
 * A prepared statement whose {@link #cancel()} closes it on the server, from any thread, so the
 * server stops the query; its open result set then ends cleanly. A prepared statement the server
 * has lost (cancelled, or the server restarted) is prepared again when next executed.
 */
final class SluicePreparedStatement extends AvaticaPreparedStatement
    implements ResettableStatement {

  SluicePreparedStatement(AvaticaConnection connection, Meta.StatementHandle h,
      Meta.Signature signature, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    super(connection, h, signature, resultSetType, resultSetConcurrency, resultSetHoldability);
  }

  @Override
  public void cancel() throws SQLException {
    SluiceMeta.cancel(this);
  }

  @Override
  public void resetHandle() {
    resetStatement();
  }

  /** The SQL this statement was prepared with. */
  String sql() {
    return getSignature().sql;
  }

  /**
   * Prepares this statement's SQL again on the server, which has lost it (it restarted), and
   * makes the new server statement this statement's handle. Returns the new handle.
   */
  Meta.StatementHandle reprepare() {
    SluiceConnection c = (SluiceConnection) connection;
    Meta.StatementHandle fresh =
        c.sluiceMeta().prepare(c.handle, getSignature().sql, -1);
    c.statementMap.remove(handle.id);
    c.statementMap.put(fresh.id, this);
    handle = fresh;
    return fresh;
  }
}
