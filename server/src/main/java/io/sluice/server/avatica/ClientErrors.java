package io.sluice.server.avatica;

import io.sluice.runtime.error.SluiceException;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a statement threw into what the client receives: a user error keeps its SQLSTATE
 * and message and carries no stack trace; an internal error is logged here in full and reaches
 * the client as SQLSTATE XX000 with a pointer to the server log.
 */
final class ClientErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ClientErrors.class);
  private static final int USER_ERROR_CODE = 1;
  private static final int INTERNAL_ERROR_CODE = 2;

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

  static RuntimeException translate(Throwable e) {
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
    LOG.error("Internal error", e);
    return new WireError("Internal error: " + e + " (the server log has the details)",
        INTERNAL_ERROR_CODE, "XX000");
  }
}
