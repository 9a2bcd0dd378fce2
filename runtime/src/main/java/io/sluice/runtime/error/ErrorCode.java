package io.sluice.runtime.error;

/**
 * Every user error Sluice reports, with its SQLSTATE. The class (first two characters) follows
 * the SQL standard: 42 syntax and unknown objects, 22 bad data, 23 constraint violations,
 * 0A unsupported features, 54 program limits, 57 operator intervention, 08 connections,
 * 55 object state, 2B dependent objects.
 */
public enum ErrorCode {
  /** Malformed SQL. Example: {@code SELEC 1}. */
  SYNTAX_ERROR("42601"),
  /** A table, stream or view that does not exist. Example: {@code SELECT * FROM nope}. */
  OBJECT_NOT_FOUND("42S02"),
  /** CREATE of a name that is taken. Example: {@code CREATE STREAM s ...} twice. */
  OBJECT_EXISTS("42S01"),
  /** A column that does not exist. Example: {@code SELECT nope FROM s}. */
  COLUMN_NOT_FOUND("42S22"),
  /** A statement that parses but means nothing valid (types, arity, ambiguity). */
  INVALID_STATEMENT("42000"),
  /** A WITH option that is unknown, or a value it cannot take. */
  INVALID_OPTION("22023"),
  /** Something Sluice does not do (yet), with what to write instead. */
  UNSUPPORTED("0A000"),
  /** A value that does not fit its column or cast. */
  INVALID_DATA("22000"),
  /** A string longer than its column. */
  STRING_TOO_LONG("22001"),
  /** A number out of its type's range. */
  NUMERIC_OUT_OF_RANGE("22003"),
  /** A string that cannot be cast to the target type. */
  INVALID_CAST("22018"),
  /** Division by zero. */
  DIVISION_BY_ZERO("22012"),
  /** NULL into a NOT NULL column. */
  NOT_NULL_VIOLATION("23502"),
  /**
   * A write that an external database refused for breaking one of its constraints. Example: a
   * second row with the same value in a column the external table declares UNIQUE.
   */
  INTEGRITY_CONSTRAINT_VIOLATION("23000"),
  /**
   * A statement past one of the documented limits (its size, the rows it writes). Example: an
   * INSERT of more rows than {@code limits.statement.rows}.
   */
  PROGRAM_LIMIT_EXCEEDED("54000"),
  /** Expressions nested deeper than the planner follows. Example: 5,000 parentheses. */
  STATEMENT_TOO_COMPLEX("54001"),
  /** A live query stopped by its client, STOP QUERY or a timeout. */
  QUERY_CANCELLED("57014"),
  /** A statement or connection id the server no longer knows (closed or expired). */
  INVALID_HANDLE("26000"),
  /**
   * An object not in a state to do what was asked. Example: reading a materialized view that
   * failed (division by zero in its query); the message gives the cause.
   */
  OBJECT_NOT_IN_STATE("55000"),
  /**
   * DROP of a stream, table or view that views or jobs read. Example: {@code DROP STREAM
   * orders} while a view reads it; the message names them, and CASCADE drops them too.
   */
  DEPENDENT_OBJECTS_EXIST("2BP01"),
  /** A live query that failed while running. */
  QUERY_FAILED("58000"),
  /**
   * An external database (a {@code jdbc} table's) that cannot be reached: at CREATE, on a read,
   * or on a write for longer than its retry budget.
   */
  CONNECTION_FAILURE("08006"),
  /**
   * Any other error an external database reports (SQL/MED's class for foreign data). Example: the
   * external table lost a column the Sluice table maps.
   */
  EXTERNAL_DATABASE_ERROR("HV000");

  private final String sqlState;

  ErrorCode(String sqlState) {
    this.sqlState = sqlState;
  }

  public String sqlState() {
    return sqlState;
  }
}
