package io.sluice.testing.slt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;

/** Runs an {@link SltScript} against a target and fails with the file and line of a mismatch. */
final class SltRunner {
  private static final long ROW_WAIT_MILLIS = 5_000;
  private static final long QUIET_MILLIS = 300;

  private final SltScript script;
  private final SltTarget target;
  private final Map<String, SltTarget.Live> live = new LinkedHashMap<>();
  private final Map<String, String> liveSql = new HashMap<>();
  private final Map<String, List<List<String>>> delivered = new HashMap<>();
  private final Set<String> noOracle = new HashSet<>();

  SltRunner(SltScript script, SltTarget target) {
    this.script = script;
    this.target = target;
  }

  void run() throws Exception {
    try {
      for (SltScript.Record r : script.records()) {
        try {
          step(r);
        } catch (AssertionError e) {
          throw new AssertionError(where(r) + e.getMessage(), e);
        }
      }
      for (String name : live.keySet()) {
        if (!noOracle.contains(name)) {
          new StreamBatchOracle(target, name, liveSql.get(name), live.get(name),
              delivered.get(name)).check();
        }
      }
    } finally {
      for (SltTarget.Live l : live.values()) {
        l.close();
      }
    }
  }

  private String where(SltScript.Record r) {
    return script.file().getFileName() + ":" + r.line() + ": ";
  }

  private void step(SltScript.Record r) throws Exception {
    switch (r.directive()) {
      case "statement" -> statement(r);
      case "query" -> query(r);
      case "live" -> {
        live.put(arg(r, 0), target.live(r.sql()));
        liveSql.put(arg(r, 0), r.sql());
        delivered.put(arg(r, 0), new ArrayList<>());
      }
      case "nooracle" -> noOracle.add(arg(r, 0));
      case "expect" -> expect(r);
      case "cancel" -> {
        SltTarget.Live l = live.remove(arg(r, 0));
        noOracle.add(arg(r, 0));
        if (l == null) {
          throw new AssertionError("no live query " + arg(r, 0));
        }
        l.close();
      }
      case "restart" -> {
        for (SltTarget.Live l : live.values()) {
          l.close();
        }
        noOracle.addAll(live.keySet());
        live.clear();
        target.restart();
      }
      default -> throw new AssertionError("unknown directive " + r.directive());
    }
  }

  private static String arg(SltScript.Record r, int i) {
    if (r.args().size() <= i) {
      throw new AssertionError(r.directive() + " needs an argument");
    }
    return r.args().get(i);
  }

  private void statement(SltScript.Record r) throws Exception {
    String mode = arg(r, 0);
    if (mode.equals("ok")) {
      target.execute(r.sql());
      return;
    }
    if (!mode.equals("error")) {
      throw new AssertionError("statement ok | statement error SQLSTATE");
    }
    String state = arg(r, 1);
    String part = String.join(" ", r.args().subList(2, r.args().size()));
    try {
      target.execute(r.sql());
    } catch (Exception e) {
      String actual = target.sqlState(e);
      if (actual == null) {
        throw new AssertionError("expected SQLSTATE " + state + " but got an internal error: " + e, e);
      }
      if (!actual.equals(state)) {
        throw new AssertionError("expected SQLSTATE " + state + " but got " + actual + ": "
            + e.getMessage(), e);
      }
      if (!e.getMessage().contains(part)) {
        throw new AssertionError("error message lacks \"" + part + "\": " + e.getMessage(), e);
      }
      return;
    }
    throw new AssertionError("expected an error " + state + " but the statement succeeded");
  }

  private void query(SltScript.Record r) throws Exception {
    List<String> actual = new ArrayList<>();
    for (List<String> row : target.query(r.sql())) {
      actual.add(String.join(" ", row));
    }
    List<String> expected = new ArrayList<>(r.expected());
    if (r.args().contains("rowsort")) {
      actual.sort(null);
      expected.sort(null);
    }
    if (!actual.equals(expected)) {
      throw new AssertionError("query result differs\nexpected:\n  " + String.join("\n  ", expected)
          + "\nactual:\n  " + String.join("\n  ", actual));
    }
  }

  private void expect(SltScript.Record r) throws Exception {
    SltTarget.Live l = live.get(arg(r, 0));
    if (l == null) {
      throw new AssertionError("no live query " + arg(r, 0));
    }
    String what = r.args().size() > 1 ? r.args().get(1) : "rows";
    switch (what) {
      case "nothing" -> {
        List<String> row = l.next(QUIET_MILLIS);
        if (row != null) {
          delivered.get(arg(r, 0)).add(row);
          throw new AssertionError("expected no row, got: " + String.join(" ", row));
        }
      }
      case "end" -> {
        if (!l.ended(ROW_WAIT_MILLIS)) {
          throw new AssertionError("expected the live result to end");
        }
      }
      case "rows" -> {
        for (String expected : r.expected()) {
          List<String> row = l.next(ROW_WAIT_MILLIS);
          if (row == null) {
            throw new AssertionError("expected row \"" + expected + "\" but none arrived in "
                + ROW_WAIT_MILLIS + " ms");
          }
          delivered.get(arg(r, 0)).add(row);
          String actual = String.join(" ", row);
          if (!actual.equals(expected)) {
            throw new AssertionError("expected row \"" + expected + "\" but got \"" + actual + "\"");
          }
        }
      }
      case "error" -> {
        // expect NAME error SQLSTATE words of the message
        if (!l.ended(ROW_WAIT_MILLIS) || l.failure() == null) {
          throw new AssertionError("expected live query " + arg(r, 0) + " to end with an error");
        }
        Throwable failure = l.failure();
        String state = arg(r, 2);
        String part = String.join(" ", r.args().subList(3, r.args().size()));
        String actual = target.sqlState(failure);
        if (!state.equals(actual)) {
          throw new AssertionError("expected SQLSTATE " + state + " but got "
              + (actual == null ? "an internal error" : actual) + ": " + failure, failure);
        }
        if (!String.valueOf(failure.getMessage()).contains(part)) {
          throw new AssertionError("error message lacks \"" + part + "\": "
              + failure.getMessage(), failure);
        }
        noOracle.add(arg(r, 0)); // a query that failed has no final answer to compare
      }
      default -> throw new AssertionError("expect NAME [nothing|end|error SQLSTATE text]");
    }
  }
}
