package io.sluice.planner.calcite;

import io.sluice.runtime.error.DataErrors;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlValidatorException;

/**
 * Turns Calcite's exceptions into user errors with a SQLSTATE, a position and a hint. Anything
 * that is not a statement error (a bug, a failed compile) is left alone: it is internal.
 */
public final class Errors {
  /** The column types Sluice knows, as an error message lists them. */
  public static final String TYPE_NAMES = "BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, REAL,"
      + " FLOAT, DOUBLE, DECIMAL(p, s), CHAR(n), VARCHAR(n), DATE, TIME, TIMESTAMP(p)";

  private Errors() {}

  public static SluiceException parse(SqlParseException e) {
    SqlParserPos pos = e.getPos();
    String message = firstLine(e.getMessage());
    return new SluiceException(ErrorCode.SYNTAX_ERROR, "Syntax error: " + message,
        pos == null ? 0 : pos.getLineNum(), pos == null ? 0 : pos.getColumnNum(), e);
  }

  /** Translates a validation error, or returns null if {@code e} is not one. */
  public static SluiceException validation(Throwable e) {
    if (e instanceof CalciteContextException c) {
      Throwable cause = c.getCause() == null ? c : c.getCause();
      String message = cause.getMessage() == null ? c.getMessage() : cause.getMessage();
      return new SluiceException(classify(message), withHint(message), c.getPosLine(),
          c.getPosColumn(), e);
    }
    if (e instanceof SqlValidatorException || e instanceof CalciteException) {
      return new SluiceException(classify(e.getMessage()), withHint(e.getMessage()), e);
    }
    return null;
  }

  /**
   * Translates a failure while a statement ran: bad data (a cast that cannot be made, a
   * division by zero, an overflow) becomes a user error; anything else is returned unchanged,
   * to be reported as internal.
   */
  public static RuntimeException execution(Throwable e) {
    SluiceException data = DataErrors.classify(e);
    if (data != null) {
      return data;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CalciteException || t instanceof IllegalArgumentException) {
        return new SluiceException(ErrorCode.INVALID_DATA, "Invalid value: " + t.getMessage(), e);
      }
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e);
  }

  private static ErrorCode classify(String message) {
    if (message == null) {
      return ErrorCode.INVALID_STATEMENT;
    }
    if (message.matches("(?s)(Object|Table) '.*' not found.*")) {
      return ErrorCode.OBJECT_NOT_FOUND;
    }
    if (message.matches("(?s)Column '.*' not found.*")) {
      return ErrorCode.COLUMN_NOT_FOUND;
    }
    if (message.contains("does not allow NULLs")) {
      return ErrorCode.NOT_NULL_VIOLATION;
    }
    if (message.startsWith("Cannot convert stream") || message.startsWith("Streaming ")
        || message.contains("not supported")) {
      return ErrorCode.UNSUPPORTED;
    }
    return ErrorCode.INVALID_STATEMENT;
  }

  private static String withHint(String message) {
    if (message == null) {
      return "Invalid statement";
    }
    if (message.matches("(?s)(Object|Table) '.*' not found.*")) {
      return message + "; SHOW STREAMS and SHOW TABLES list what exists (quote a name to keep"
          + " its case)";
    }
    if (message.matches("(?s)Column '.*' not found.*")) {
      return message + "; DESCRIBE the stream or table to see its columns";
    }
    if (message.contains("does not allow NULLs")) {
      return message.replace("has no default value and does not allow NULLs",
          "is NOT NULL") + ": give it a value in every row";
    }
    if (message.startsWith("Unknown identifier")) {
      return message + "; if it names a type, use one of " + TYPE_NAMES;
    }
    if (message.startsWith("Streaming ORDER BY")) {
      return "Sorting a stream is not supported: ORDER BY needs a bounded input. Run the query"
          + " without STREAM to sort what the stream retains, or aggregate per TUMBLE window"
          + " and sort the batch result";
    }
    return message;
  }

  /** Calcite's parse message, with the expected tokens kept only when there are a few. */
  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    String[] lines = s.split("\n");
    StringBuilder b = new StringBuilder(lines[0].trim());
    java.util.List<String> expected = new java.util.ArrayList<>();
    boolean inExpected = false;
    for (int i = 1; i < lines.length; i++) {
      String l = lines[i].trim();
      if (l.startsWith("Was expecting")) {
        inExpected = true;
      } else if (inExpected && !l.isEmpty() && !l.equals("...")) {
        expected.add(l);
      }
    }
    if (!expected.isEmpty() && expected.size() <= 6) {
      b.append(" Expected ").append(String.join(" or ", expected)).append('.');
    }
    return b.toString();
  }
}
