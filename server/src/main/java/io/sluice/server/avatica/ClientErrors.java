package io.sluice.server.avatica;

import io.sluice.runtime.error.SluiceException;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.Service.ErrorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a statement threw into what the client receives: a user error keeps its SQLSTATE
 * and message and carries no stack trace; an internal error is logged here in full and reaches
 * the client as SQLSTATE XX000 with a pointer to the server log.
 */
final class ClientErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ClientErrors.class);
  /**
   * Error codes on the wire. Avatica's client reads code 1
   * ({@link ErrorResponse#MISSING_CONNECTION_ERROR_CODE}) as "the server does not know this
   * connection: re-open it and retry", so no other error may use it.
   */
  static final int MISSING_CONNECTION_CODE = ErrorResponse.MISSING_CONNECTION_ERROR_CODE;
  static final int USER_ERROR_CODE = 10;
  static final int INTERNAL_ERROR_CODE = 20;
  static final int PROTOCOL_ERROR_CODE = 30;
  /** SQLSTATE "connection does not exist". */
  static final String NO_SUCH_CONNECTION = "08003";
  /** SQLSTATE "connection failure": what a result lost with its server ends with. */
  static final String CONNECTION_FAILURE = "08006";
  /** SQLSTATE "protocol violation" (PostgreSQL's code for a malformed request). */
  static final String PROTOCOL_VIOLATION = "08P01";

  private ClientErrors() {}

  /** An error for the wire: no stack trace, no cause. */
  static final class WireError extends AvaticaRuntimeException {
    private static final long serialVersionUID = 1L;

    WireError(String message, int code, String sqlState) {
      super(message, code, sqlState, AvaticaSeverity.ERROR);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }

    @Override
    public String toString() {
      return getErrorMessage();
    }
  }

  /**
   * The server does not know connection {@code id}: it restarted, or the connection was closed.
   * Avatica's client re-opens the connection and retries when it reads this code.
   */
  static WireError missingConnection(String id) {
    return new WireError("Connection " + id + " is not open on this server (the server"
        + " restarted, or the connection was closed); connect again, or add"
        + " transparent_reconnection=true to the Avatica URL to reconnect automatically",
        MISSING_CONNECTION_CODE, NO_SUCH_CONNECTION);
  }

  /** A request the server cannot read or does not serve. */
  static WireError protocol(String message) {
    return new WireError(message, PROTOCOL_ERROR_CODE, PROTOCOL_VIOLATION);
  }

  /** The results of a statement are gone: its server restarted while a client read them. */
  static WireError resultsLost() {
    return new WireError("The server restarted (or dropped the statement) while this result was"
        + " being read; its rows cannot be resumed: run the query again",
        USER_ERROR_CODE, CONNECTION_FAILURE);
  }

  static RuntimeException translate(Throwable e) {
    return translate(e, "a request");
  }

  /**
   * The wire error for what {@code what} (a statement, a connection) threw. An internal error
   * is logged as one line naming it; the stack trace, and whatever else the exception carries
   * (Janino's message holds the whole generated class), only at DEBUG.
   */
  static RuntimeException translate(Throwable e, String what) {
    if (e instanceof WireError w) {
      return w;
    }
    if (e instanceof SluiceException s) {
      return new WireError(s.describe(), USER_ERROR_CODE, s.sqlState());
    }
    if (e instanceof NoSuchStatementException) {
      return new WireError("The statement is closed or expired; execute it again",
          USER_ERROR_CODE, "26000");
    }
    String summary = summary(e);
    LOG.error("Internal error in {}: {}", what, summary);
    LOG.debug("Internal error in {}", what, e);
    return new WireError("Internal error in " + what + ": " + summary
        + " (the server log has the details)", INTERNAL_ERROR_CODE, "XX000");
  }

  /** The exception's class and the first line of its message, at most 300 characters. */
  static String summary(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    if (message.length() > 300) {
      message = message.substring(0, 300) + "...";
    }
    return e.getClass().getSimpleName() + ": " + message;
  }
}
