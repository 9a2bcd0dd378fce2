package io.sluice.shell;

import java.util.Locale;
import java.util.regex.Pattern;

/** What the shell needs to know about a statement from its text alone. */
public final class Statements {
  private static final Pattern SELECT_STREAM = Pattern.compile("\\bSELECT\\s+STREAM\\b");
  private static final Pattern FIRST_WORD = Pattern.compile("^[\\s(]*([A-Z]+)");

  private Statements() {}

  /**
   * Whether {@code sql} is a live query: a {@code SELECT STREAM}, or a {@code WITH} whose query
   * is one. Its result keeps growing, so the shell cannot wait for its last row to lay it out.
   * Words inside comments, string literals and quoted identifiers do not count; neither does
   * {@code EXPLAIN PLAN FOR SELECT STREAM ...}, whose result is a plan.
   */
  public static boolean isLive(String sql) {
    if (sql == null) {
      return false;
    }
    String code = withoutCommentsAndQuotes(sql).toUpperCase(Locale.ROOT);
    var first = FIRST_WORD.matcher(code);
    if (!first.find()) {
      return false;
    }
    String word = first.group(1);
    return (word.equals("SELECT") || word.equals("WITH")) && SELECT_STREAM.matcher(code).find();
  }

  /** {@code sql} with comments, string literals and quoted identifiers replaced by a space. */
  static String withoutCommentsAndQuotes(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end;
        out.append(' ');
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        out.append(' ');
      } else if (c == '\'' || c == '"') {
        int j = i + 1;
        while (j < n) {
          if (sql.charAt(j) == c) {
            if (j + 1 < n && sql.charAt(j + 1) == c) {
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        i = Math.min(n, j + 1);
        out.append(' ');
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
