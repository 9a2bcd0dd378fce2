package io.sluice.planner.calcite;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlNameMatchers;

/**
 * Case-sensitive name matching (unquoted names are already upper case), except that the
 * columns Calcite's window table functions add, {@code window_start}, {@code window_end} and
 * {@code window_time}, also answer to their unquoted spelling, as users write them.
 */
final class WindowColumnMatcher implements SqlNameMatcher {
  private static final List<String> WINDOW_COLUMNS =
      List.of("window_start", "window_end", "window_time");
  private final SqlNameMatcher exact = SqlNameMatchers.withCaseSensitive(true);

  private static String windowColumn(String name) {
    for (String w : WINDOW_COLUMNS) {
      if (w.equalsIgnoreCase(name) && (name.equals(w) || name.equals(w.toUpperCase()))) {
        return w;
      }
    }
    return null;
  }

  @Override
  public boolean isCaseSensitive() {
    return true;
  }

  @Override
  public boolean matches(String a, String b) {
    if (exact.matches(a, b)) {
      return true;
    }
    String w = windowColumn(a);
    return w != null && w.equals(windowColumn(b));
  }

  @Override
  public <K extends List<String>, V> V get(Map<K, V> map, List<String> prefixNames,
      List<String> names) {
    return exact.get(map, prefixNames, names);
  }

  @Override
  public String bestString() {
    return exact.bestString();
  }

  @Override
  public RelDataTypeField field(RelDataType rowType, String fieldName) {
    RelDataTypeField f = exact.field(rowType, fieldName);
    String w = windowColumn(fieldName);
    return f != null || w == null ? f : exact.field(rowType, w);
  }

  @Override
  public int frequency(Iterable<String> names, String name) {
    int n = 0;
    for (String s : names) {
      if (matches(s, name)) {
        n++;
      }
    }
    return n;
  }

  @Override
  public Set<String> createSet() {
    return exact.createSet();
  }
}
