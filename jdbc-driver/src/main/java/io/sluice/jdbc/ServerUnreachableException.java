package io.sluice.jdbc;

import java.util.Collections;

import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.remote.Service;

/**
 * The Sluice server could not be reached over HTTP (it is down, restarting, or the network
 * failed): SQLSTATE 08006, with the address and what to check. The cause is the I/O failure.
 */
final class ServerUnreachableException extends AvaticaClientRuntimeException {
  private static final long serialVersionUID = 1L;

  /** SQLSTATE "connection failure". */
  static final String SQLSTATE = "08006";

  ServerUnreachableException(String address, Throwable cause) {
    super("Cannot reach the Sluice server at " + address + " (" + cause + "); check that it is"
        + " running, or retry once it has restarted", Service.ErrorResponse.UNKNOWN_ERROR_CODE,
        SQLSTATE, AvaticaSeverity.ERROR, Collections.emptyList(), null);
    initCause(cause);
  }
}
