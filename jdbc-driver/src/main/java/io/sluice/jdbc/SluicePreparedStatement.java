package io.sluice.jdbc;

import java.sql.SQLException;

import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.Meta;

/**
 * A prepared statement whose {@link #cancel()} closes it on the server, from any thread, so the
 * server stops the query; its open result set then ends cleanly. The server forgets the prepared
 * statement with it: a cancelled prepared statement cannot be executed again.
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
}
