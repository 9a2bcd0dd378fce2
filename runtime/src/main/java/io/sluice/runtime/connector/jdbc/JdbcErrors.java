package io.sluice.runtime.connector.jdbc;

import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Tells a lost or refused connection (worth retrying: the database may come back) from an error
 * of the statement itself (a constraint violation, a wrong type: retrying cannot help), and
 * turns either into the user error a client reads.
 */
final class JdbcErrors {
  /**
   * SQLSTATEs outside class 08 that mean the server went away or is not yet there: PostgreSQL's
   * admin and crash shutdown and "the database system is starting up", H2's broken and closed
   * connections.
   */
  private static final Set<String> LOST = Set.of("57P01", "57P02", "57P03", "90067", "90098");

  private JdbcErrors() {}

  /** Whether {@code e} says the database could not be reached or the connection broke. */
  static boolean isConnectionFailure(SQLException e) {
    for (Throwable t = e; t != null; t = next(t)) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLRecoverableException || t instanceof IOException) {
        return true;
      }
      if (t instanceof SQLException s && s.getSQLState() != null
          && (s.getSQLState().startsWith("08") || LOST.contains(s.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  private static Throwable next(Throwable t) {
    if (t instanceof SQLException s && s.getNextException() != null) {
      return s.getNextException();
    }
    return t.getCause() == t ? null : t.getCause();
  }

  /** The exception that says most: a batch's first failed statement rather than the batch. */
  private static SQLException root(SQLException e) {
    SQLException r = e;
    while (r.getNextException() != null && r.getNextException() != r) {
      r = r.getNextException();
    }
    return r;
  }

  /** The database could not be reached for the whole retry budget (or at all, for a read). */
  static SluiceException unreachable(JdbcTableSpec spec, String doing, SQLException e,
      String after) {
    SQLException r = root(e);
    return new SluiceException(ErrorCode.CONNECTION_FAILURE, "Cannot reach the database "
        + spec.database() + " to " + doing + after + ": " + firstLine(r.getMessage())
        + " (SQLSTATE " + r.getSQLState() + "); check that it is running and reachable from the"
        + " Sluice server, and that the table's 'url', 'user' and 'password' are right", e);
  }

  /** The database refused the statement: not retried, nothing of it was kept. */
  static SluiceException refused(JdbcTableSpec spec, String doing, SQLException e) {
    SQLException r = root(e);
    String state = r.getSQLState() == null ? "" : r.getSQLState();
    ErrorCode code;
    String advice;
    if (state.startsWith("23")) {
      code = state.equals("23502") ? ErrorCode.NOT_NULL_VIOLATION
          : ErrorCode.INTEGRITY_CONSTRAINT_VIOLATION;
      advice = "the rows break a constraint of the external table; change the rows or the"
          + " constraint";
    } else if (state.startsWith("22")) {
      code = switch (state) {
        case "22001" -> ErrorCode.STRING_TOO_LONG;
        case "22003" -> ErrorCode.NUMERIC_OUT_OF_RANGE;
        default -> ErrorCode.INVALID_DATA;
      };
      advice = "a value does not fit the external column; match the Sluice column types to the"
          + " external table's";
    } else if (state.startsWith("28")) {
      code = ErrorCode.EXTERNAL_DATABASE_ERROR;
      advice = "check the table's 'user' and 'password'";
    } else {
      code = ErrorCode.EXTERNAL_DATABASE_ERROR;
      advice = "check that the external table still has the columns and types the Sluice table"
          + " declares";
    }
    return new SluiceException(code, "The database " + spec.database() + " refused to " + doing
        + ": " + firstLine(r.getMessage()) + " (SQLSTATE " + state + "); " + advice
        + (doing.startsWith("write") ? " (nothing of this write was kept)" : ""), e);
  }

  private static String firstLine(String message) {
    String m = String.valueOf(message).strip();
    int newline = m.indexOf('\n');
    return newline < 0 ? m : m.substring(0, newline).strip();
  }
}
