package sqlline;

import io.sluice.shell.ErrorText;
import io.sluice.shell.SluiceApplication;
import io.sluice.shell.Statements;
import java.lang.reflect.InvocationTargetException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Parser;

/**
 * sqlline as Sluice's shell. It lives in sqlline's package because the hooks it needs are
 * package-private in sqlline 1.12 (the statement being dispatched, the printing of a result,
 * the words of a result's report); everything Sluice-specific it delegates to
 * {@code io.sluice.shell}.
 *
 * <ul>
 *   <li>A line holding several statements runs them one at a time and stops at the first that
 *       fails (sqlline runs on), so the shell knows which statement each result belongs to.
 *   <li>An error is one line, its SQLSTATE and the server's message ({@link ErrorText}); the
 *       stack trace only with {@code --verbose}, also while a {@code -f} script runs (sqlline
 *       treats the whole script as start-up and prints every trace).
 *   <li>A script neither echoes its statements nor ends with sqlline's version line.
 *   <li>A live query's result is laid out as it arrives ({@link SluiceTableOutputFormat}) and
 *       ends with a notice saying who ended it, instead of "N rows selected".
 * </ul>
 */
public class SluiceSqlLine extends SqlLine {
  /** The statement whose result is being printed, or null. */
  private String currentStatement;
  /** Replaces the next "N rows selected" report when a live result ended; null otherwise. */
  private String liveEnding;
  /** Set when a failed statement left later statements of a line unrun. */
  private boolean statementsSkipped;

  public SluiceSqlLine() {
    setAppConfig(new SluiceApplication());
  }

  /** Whether the result being printed is a live query's. */
  boolean resultIsLive() {
    return Statements.isLive(currentStatement);
  }

  @Override
  void dispatch(String line, DispatchCallback callback) {
    if (line == null || line.trim().startsWith(COMMAND_PREFIX) || isHelpRequest(line.trim())) {
      super.dispatch(line, callback);
      return;
    }
    List<String> statements = statementsOf(line);
    if (statements.isEmpty()) {
      super.dispatch(line, callback);
      return;
    }
    for (int i = 0; i < statements.size(); i++) {
      currentStatement = statements.get(i);
      try {
        super.dispatch(currentStatement, callback);
      } finally {
        currentStatement = null;
      }
      if (callback.isFailure() && !getOpts().getForce()) {
        statementsSkipped |= i < statements.size() - 1;
        return;
      }
    }
  }

  /** The statements of a line, each with its ';', split as sqlline's own sql command splits. */
  private List<String> statementsOf(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder statement = new StringBuilder();
    for (String part : line.split(";")) {
      statement.append(part).append(';');
      String text = statement.toString();
      if (isOneLineComment(text) || !isComplete(text)) {
        continue;
      }
      if (!part.isBlank()) {
        out.add(text);
      }
      statement.setLength(0);
    }
    if (statement.length() > 0 && !statement.toString().isBlank()) {
      out.add(statement.toString());
    }
    return out;
  }

  private boolean isComplete(String sql) {
    if (getLineReader() == null || !(getLineReader().getParser() instanceof SqlLineParser p)) {
      return true;
    }
    return p.parseState(sql, sql.length(), Parser.ParseContext.ACCEPT_LINE).getState()
        == SqlLineParser.SqlParserState.OK;
  }

  /** Runs a script's statements without echoing them; stops at the first failure. */
  @Override
  public int runCommands(List<String> cmds, DispatchCallback callback) {
    int succeeded = 0;
    statementsSkipped = false;
    for (int i = 0; i < cmds.size(); i++) {
      dispatch(cmds.get(i), callback);
      if (callback.isSuccess()) {
        succeeded++;
      } else if (!getOpts().getForce()) {
        if (statementsSkipped || i < cmds.size() - 1) {
          error("The statements after the failed one were not run (--force=true runs on).");
        }
        return succeeded;
      }
    }
    return succeeded;
  }

  @Override
  int print(ResultSet rs, DispatchCallback callback) throws SQLException {
    liveEnding = null;
    int rows = super.print(rs, callback);
    if (resultIsLive()) {
      int limit = getOpts().getRowLimit();
      String counted = rows + (rows == 1 ? " row" : " rows");
      if (callback.isCanceled()) {
        liveEnding = "Live query stopped after " + counted;
      } else if (limit <= 0 || rows < limit) {
        liveEnding = "Live query ended by the server after " + counted
            + ", stopped there (STOP QUERY or the idle timeout) or at the end of its input";
      }
    }
    return rows;
  }

  @Override
  String loc(String res, int param) {
    if (liveEnding != null && res.equals("rows-selected")) {
      String ending = liveEnding;
      liveEnding = null;
      return ending;
    }
    return super.loc(res, param);
  }

  /** No version line after a script: the title is for interactive sessions. */
  @Override
  String getApplicationTitle() {
    return getOpts().getRun() != null ? null : super.getApplicationTitle();
  }

  @Override
  public void info(String msg) {
    if (msg != null) {
      super.info(msg);
    }
  }

  @Override
  public void handleException(Throwable e) {
    while (e instanceof InvocationTargetException ite && ite.getTargetException() != null) {
      e = ite.getTargetException();
    }
    if (e instanceof WrappedSqlException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof SQLWarning && !getOpts().getShowWarnings()) {
      return;
    }
    error(ErrorText.of(e));
    if (getOpts().getVerbose()) {
      e.printStackTrace(getErrorStream());
    }
    if (e instanceof SQLException s && getOpts().getShowNestedErrs()) {
      for (SQLException next = s.getNextException(); next != null && next != s;
          next = next.getNextException()) {
        error(ErrorText.of(next));
      }
    }
  }
}
