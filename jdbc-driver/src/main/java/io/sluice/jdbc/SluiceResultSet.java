package io.sluice.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.TimeZone;

import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;

/**
 * Avatica's result set, except that a live query failing while its rows are read (a division
 * by zero, a cast that cannot be made) surfaces from {@link #next} as an {@link SQLException}
 * with the server's SQLSTATE and message, as JDBC promises, not as an unchecked exception.
 */
final class SluiceResultSet extends AvaticaResultSet {
  private static final String REMOTE_PREFIX = "Remote driver error: ";

  SluiceResultSet(AvaticaStatement statement, QueryState state, Meta.Signature signature,
      ResultSetMetaData metaData, TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
    super(statement, state, signature, metaData, timeZone, firstFrame);
  }

  @Override
  public boolean next() throws SQLException {
    try {
      return super.next();
    } catch (AvaticaClientRuntimeException e) {
      throw toSql(e);
    }
  }

  /** The server's error as the SQLException it stands for. */
  static SQLException toSql(AvaticaClientRuntimeException e) {
    String message = String.valueOf(e.getMessage());
    if (message.startsWith(REMOTE_PREFIX)) {
      message = message.substring(REMOTE_PREFIX.length());
    }
    return new SQLException(message, e.getSqlState(), e.getErrorCode(), e);
  }
}
