package io.sluice.shell;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one line the shell shows for a failed statement: the SQLSTATE and the server's message,
 * without the wrapping Avatica's client adds around it
 * ({@code Error 1 (42S22) : Error while executing SQL "...": Remote driver error: ...}).
 */
public final class ErrorText {
  private static final Pattern AVATICA_CODE = Pattern.compile("^Error -?\\d+ \\([0-9A-Z]*\\) : ");
  private static final String EXECUTING = "Error while executing SQL \"";
  private static final String REMOTE = "Remote driver error: ";

  private ErrorText() {}

  /** {@code Error 42S22: Column 'NOPE' not found ...}; {@code Error: ...} without a SQLSTATE. */
  public static String of(Throwable e) {
    String state = e instanceof SQLException s ? s.getSQLState() : null;
    String message = message(e);
    return (state == null || state.isBlank() ? "Error" : "Error " + state.trim()) + ": " + message;
  }

  /** The server's own message, as a person reads it. */
  static String message(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    m = m.strip();
    Matcher code = AVATICA_CODE.matcher(m);
    if (code.find()) {
      m = m.substring(code.end());
    }
    if (m.startsWith(EXECUTING)) {
      int remote = m.indexOf("\": " + REMOTE);
      if (remote >= 0) {
        m = m.substring(remote + 3);
      }
    }
    if (m.startsWith(REMOTE)) {
      m = m.substring(REMOTE.length());
    }
    return m;
  }
}
