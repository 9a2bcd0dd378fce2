package io.sluice.jdbc;

import java.sql.SQLException;

import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;

/**
 * A statement whose {@link #cancel()} closes it on the server, from any thread, so the server
 * stops the query; its open result set then ends cleanly. Avatica has no cancel request on the
 * wire, and its own cancel only sets a flag that makes the next {@code next()} throw.
 */
final class SluiceStatement extends AvaticaStatement implements ResettableStatement {

  SluiceStatement(AvaticaConnection connection, Meta.StatementHandle h, int resultSetType,
      int resultSetConcurrency, int resultSetHoldability) {
    super(connection, h, resultSetType, resultSetConcurrency, resultSetHoldability);
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
