package io.sluice.testing.slt;

import java.util.List;

/**
 * Where a logic test runs its statements: an embedded engine, or a server through JDBC. Values
 * come back as text, formatted the same way by every target.
 */
interface SltTarget extends AutoCloseable {
  /** Runs a statement that returns no rows (or whose rows are ignored). */
  void execute(String sql) throws Exception;

  /** Runs a query and returns its rows, each value formatted by {@link Values}. */
  List<List<String>> query(String sql) throws Exception;

  /** Starts a live query. */
  Live live(String sql) throws Exception;

  /** Stops and starts the engine on the same data directory; live queries end. */
  void restart() throws Exception;

  /** The SQLSTATE of a failure this target reports, or null if it is not a user error. */
  String sqlState(Throwable failure);

  /** A running live query seen from the test. */
  interface Live extends AutoCloseable {
    /** The next row, or null if none arrives within {@code timeoutMillis}. */
    List<String> next(long timeoutMillis) throws Exception;

    /** Whether rows lead with a change-kind column (+I, -U, +U, -D). */
    boolean changelog();

    /** The result's column labels. */
    List<String> columns();

    /** Whether the result has ended (after the rows already taken). */
    boolean ended(long timeoutMillis) throws Exception;

    /** What the result ended with, if it ended with an error rather than its last row. */
    Throwable failure();

    @Override
    void close() throws Exception;
  }
}
