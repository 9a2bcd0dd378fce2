package sqlline;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * sqlline's {@code table} format for results whose rows may keep coming.
 *
 * <p>Column widths: a batch result is laid out from its header and its first rows (up to
 * {@code incrementalBufferRows}, 1,000 by default), as sqlline's buffered mode does. A live
 * result cannot wait for rows, so its header is printed at once, with widths from the column
 * types: the type's display size (a number's digits, a timestamp's 23 characters, a declared
 * {@code VARCHAR(n)}), at most {@value #MAX_TYPE_WIDTH}, and {@value #TEXT_WIDTH} for text
 * without a declared length. In both, a later row with a value wider than its column widens the
 * column and the header is printed again above that row at the new widths, so every row lines
 * up with the header nearest above it and no row waits for the rows after it.
 *
 * <p>It lives in sqlline's package because sqlline 1.12 hands an output format its rows as the
 * package-private {@code Rows}.
 */
public final class SluiceTableOutputFormat implements OutputFormat {
  /** The widest a live column starts from its type alone. */
  static final int MAX_TYPE_WIDTH = 32;
  /** Where a live column of text without a declared length starts. */
  static final int TEXT_WIDTH = 16;

  private final SqlLine sqlLine;

  public SluiceTableOutputFormat(SqlLine sqlLine) {
    this.sqlLine = sqlLine;
  }

  @Override
  public int print(Rows rows) {
    boolean live = sqlLine instanceof SluiceSqlLine s && s.resultIsLive();
    TableOutputFormatStyle style = BuiltInTableOutputFormatStyles.BY_NAME.get(
        sqlLine.getOpts().getTableStyle());
    int headerRows = sqlLine.getOpts().getShowTypes() ? 2 : 1;
    List<Rows.Row> header = new ArrayList<>();
    while (header.size() < headerRows && rows.hasNext()) {
      header.add(rows.next());
    }
    if (header.isEmpty()) {
      return 0;
    }
    int[] widths = new int[header.get(0).values.length];
    for (Rows.Row h : header) {
      widen(widths, h);
    }
    List<Rows.Row> first = new ArrayList<>();
    if (live) {
      widenToTypes(widths, rows.rsMeta);
      sqlLine.info("Live query: waiting for rows; each is shown as it arrives. Ctrl-C stops it.");
    } else {
      int buffer = sqlLine.getOpts().getIncrementalBufferRows();
      while ((buffer < 0 || first.size() < buffer) && rows.hasNext()) {
        Rows.Row row = rows.next();
        first.add(row);
        widen(widths, row);
      }
    }
    Lines lines = new Lines(style, widths);
    lines.header(header, true);
    int count = 0;
    for (Rows.Row row : first) {
      lines.row(row);
      count++;
    }
    while (rows.hasNext()) {
      Rows.Row row = rows.next();
      if (widen(widths, row)) {
        lines.header(header, false);
      }
      lines.row(row);
      count++;
    }
    lines.bottom();
    return count;
  }

  /** Widens {@code widths} to the values of {@code row}; returns whether any column grew. */
  private boolean widen(int[] widths, Rows.Row row) {
    int max = sqlLine.getOpts().getMaxColumnWidth();
    boolean grew = false;
    for (int i = 0; i < widths.length; i++) {
      int w = width(row.values[i]);
      if (max > 0) {
        w = Math.min(w, max);
      }
      if (w > widths[i]) {
        widths[i] = w;
        grew = true;
      }
    }
    return grew;
  }

  private static void widenToTypes(int[] widths, ResultSetMetaData meta) {
    for (int i = 0; i < widths.length; i++) {
      int w;
      try {
        int type = meta.getColumnType(i + 1);
        int size = meta.getColumnDisplaySize(i + 1);
        boolean text = type == Types.VARCHAR || type == Types.CHAR
            || type == Types.LONGVARCHAR || type == Types.NVARCHAR;
        w = size > 0 && size <= MAX_TYPE_WIDTH ? size
            : text ? TEXT_WIDTH : size > 0 ? MAX_TYPE_WIDTH : 0;
      } catch (SQLException e) {
        w = 0;
      }
      widths[i] = Math.max(widths[i], w);
    }
  }

  private static int width(String value) {
    if (value == null) {
      return 0;
    }
    int widest = 0;
    for (String line : value.split("\n", -1)) {
      widest = Math.max(widest, line.length());
    }
    return widest;
  }

  /** Prints the lines of one table at the current widths, cut at the shell's width. */
  private final class Lines {
    private final TableOutputFormatStyle style;
    private final int[] widths;
    private final int maxWidth;

    Lines(TableOutputFormatStyle style, int[] widths) {
      this.style = style;
      this.widths = widths;
      int w = sqlLine.getOpts().getMaxWidth();
      if (w == 0 && sqlLine.getLineReader() != null) {
        w = sqlLine.getLineReader().getTerminal().getWidth();
      }
      this.maxWidth = w > 0 ? w : Integer.MAX_VALUE;
    }

    void header(List<Rows.Row> header, boolean top) {
      if (!sqlLine.getOpts().getShowHeader()) {
        return;
      }
      if (top) {
        rule(style.getHeaderTopLeft(), style.getHeaderLine(), style.getHeaderCrossDown(),
            style.getHeaderTopRight());
      } else {
        rule(style.getHeaderBodyCrossLeft(), style.getHeaderLine(), style.getHeaderBodyCross(),
            style.getHeaderBodyCrossRight());
      }
      for (Rows.Row h : header) {
        cells(h, style.getHeaderSeparator(), true);
      }
      rule(style.getHeaderBodyCrossLeft(), style.getHeaderLine(), style.getHeaderBodyCross(),
          style.getHeaderBodyCrossRight());
    }

    void row(Rows.Row row) {
      cells(row, style.getBodySeparator(), false);
    }

    void bottom() {
      if (sqlLine.getOpts().getShowHeader()) {
        rule(style.getBodyBottomLeft(), style.getBodyLine(), style.getBodyCrossUp(),
            style.getBodyBottomRight());
      }
    }

    private void rule(char left, char line, char cross, char right) {
      StringBuilder b = new StringBuilder().append(left);
      for (int i = 0; i < widths.length; i++) {
        char[] dashes = new char[widths[i] + 2];
        Arrays.fill(dashes, line);
        b.append(dashes).append(i == widths.length - 1 ? right : cross);
      }
      emit(b);
    }

    private void cells(Rows.Row row, char separator, boolean centered) {
      StringBuilder b = new StringBuilder().append(separator);
      for (int i = 0; i < widths.length; i++) {
        String v = row.values[i] == null ? "" : row.values[i];
        int max = sqlLine.getOpts().getMaxColumnWidth();
        if (max > 0 && v.length() > max) {
          v = v.substring(0, max);
        }
        b.append(' ').append(centered ? SqlLine.center(v, widths[i]) : SqlLine.rpad(v, widths[i]))
            .append(' ').append(separator);
      }
      emit(b);
    }

    private void emit(StringBuilder line) {
      sqlLine.output(line.length() > maxWidth ? line.substring(0, maxWidth) : line.toString());
    }
  }
}
