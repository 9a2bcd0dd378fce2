package io.sluice.jdbc;

/**
 * A driver statement that can replace its server-side statement after the server lost it,
 * giving {@link StatementFrameSource} access to Avatica's protected {@code resetStatement()}.
 */
interface ResettableStatement {

  /** Creates a new statement on the server and makes it this statement's handle. */
  void resetHandle();
}
