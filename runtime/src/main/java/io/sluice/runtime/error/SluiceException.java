package io.sluice.runtime.error;

/**
 * A user error: something about the statement or data that the user can fix. The message says
 * what was wrong and what to do instead; the position, when known, points into the statement.
 * Internal failures are never of this type.
 */
public class SluiceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final int line;
  private final int column;

  public SluiceException(ErrorCode code, String message) {
    this(code, message, 0, 0, null);
  }

  public SluiceException(ErrorCode code, String message, Throwable cause) {
    this(code, message, 0, 0, cause);
  }

  /** An error at a 1-based line and column of the statement (0 when unknown). */
  public SluiceException(ErrorCode code, String message, int line, int column, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.line = line;
    this.column = column;
  }

  public ErrorCode code() {
    return code;
  }

  public String sqlState() {
    return code.sqlState();
  }

  /** 1-based line in the statement, or 0. */
  public int line() {
    return line;
  }

  /** 1-based column in the statement, or 0. */
  public int column() {
    return column;
  }

  /** The message with its position, as a client shows it. */
  public String describe() {
    String where = line > 0 ? " (at line " + line + ", column " + column + ")" : "";
    return getMessage() + where;
  }
}
