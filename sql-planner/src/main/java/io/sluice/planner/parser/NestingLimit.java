package io.sluice.planner.parser;

import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses statements that nest expressions deeper than the parser and planner can follow, before
 * they are parsed: Calcite's parser, validator and planner recurse once per level, and a few
 * thousand levels overflow a thread's stack. Two things nest: parentheses, and operators
 * chained in one expression ({@code 1 + 1 + 1 ...} is a tree as deep as it is long). Each may
 * go {@link #MAX_LEVELS} deep; the error names the limit and the line and column where the
 * statement passed it.
 *
 * <p>A lexical scan, not a parse: strings, quoted identifiers and comments are skipped; a
 * comma or a clause keyword ends an operator chain.
 */
public final class NestingLimit {
  /** How deep parentheses, and chains of operators, may nest. */
  public static final int MAX_LEVELS = 200;

  private static final Set<String> CHAIN_OPERATORS = Set.of("AND", "OR");
  private static final Set<String> CHAIN_BREAKS = Set.of("SELECT", "FROM", "WHERE", "GROUP",
      "HAVING", "ORDER", "BY", "ON", "CASE", "WHEN", "THEN", "ELSE", "END", "VALUES", "LIMIT",
      "UNION", "JOIN", "AS");

  private NestingLimit() {}

  /** Throws a 54001 error if {@code sql} nests deeper than {@link #MAX_LEVELS}. */
  public static void check(String sql) {
    int[] chain = new int[MAX_LEVELS + 2];
    int depth = 0;
    int line = 1;
    int lineStart = 0;
    int n = sql.length();
    for (int i = 0; i < n; i++) {
      char c = sql.charAt(i);
      if (c == '\n') {
        line++;
        lineStart = i + 1;
      } else if (c == '\'' || c == '"') {
        i = skipQuoted(sql, i, c);
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i + 1 < n && sql.charAt(i + 1) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        for (int j = i; j < (end < 0 ? n : end); j++) {
          if (sql.charAt(j) == '\n') {
            line++;
            lineStart = j + 1;
          }
        }
        i = end < 0 ? n : end + 1;
      } else if (c == '(') {
        if (++depth > MAX_LEVELS) {
          throw tooDeep("Parentheses nest more than " + MAX_LEVELS + " levels deep", line,
              i - lineStart + 1, "use a subquery or a WITH clause for the inner part");
        }
        chain[depth] = 0;
      } else if (c == ')') {
        depth = Math.max(0, depth - 1);
      } else if (c == ',') {
        chain[depth] = 0;
      } else if ("+-*/%|=<>".indexOf(c) >= 0) {
        int start = i;
        while (i + 1 < n && "+-*/%|=<>".indexOf(sql.charAt(i + 1)) >= 0) {
          i++; // one operator of several characters (||, <=, <>)
        }
        chained(chain, depth, line, start - lineStart + 1);
      } else if (Character.isLetter(c)) {
        int start = i;
        while (i + 1 < n && (Character.isLetterOrDigit(sql.charAt(i + 1))
            || sql.charAt(i + 1) == '_')) {
          i++;
        }
        String word = sql.substring(start, i + 1).toUpperCase(Locale.ROOT);
        if (CHAIN_OPERATORS.contains(word)) {
          chained(chain, depth, line, start - lineStart + 1);
        } else if (CHAIN_BREAKS.contains(word)) {
          chain[depth] = 0;
        }
      }
    }
  }

  private static void chained(int[] chain, int depth, int line, int column) {
    if (++chain[depth] > MAX_LEVELS) {
      throw tooDeep("More than " + MAX_LEVELS + " operators are chained in one expression (each"
          + " nests one level deeper)", line, column, "add many values with SUM over rows, or"
          + " split the expression into several columns or statements");
    }
  }

  private static int skipQuoted(String sql, int open, char quote) {
    int i = open + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2; // an escaped quote
          continue;
        }
        return i;
      }
      i++;
    }
    return sql.length();
  }

  private static SluiceException tooDeep(String what, int line, int column, String instead) {
    return new SluiceException(ErrorCode.STATEMENT_TOO_COMPLEX, what + "; the limit is "
        + MAX_LEVELS + " and this statement passes it here: " + instead, line, column, null);
  }
}
