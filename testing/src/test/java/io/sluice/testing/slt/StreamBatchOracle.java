package io.sluice.testing.slt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Batch is the oracle for stream: a live query's result so far, its changelog applied, must
 * equal the same query run as batch over the same rows. For a windowed result, only windows the
 * watermark has closed are final, so the batch result is cut at the query's watermark.
 * Assumes the live query started before its streams had rows (or the script says nooracle).
 */
final class StreamBatchOracle {
  private static final long QUIET_MILLIS = 300;

  private final SltTarget target;
  private final String name;
  private final String sql;
  private final SltTarget.Live live;
  private final List<List<String>> delivered;

  StreamBatchOracle(SltTarget target, String name, String sql, SltTarget.Live live,
      List<List<String>> delivered) {
    this.target = target;
    this.name = name;
    this.sql = sql;
    this.live = live;
    this.delivered = delivered;
  }

  void check() throws Exception {
    List<List<String>> all = new ArrayList<>(delivered);
    List<String> row;
    while ((row = live.next(QUIET_MILLIS)) != null) {
      all.add(row);
    }
    List<String> streamed = apply(all);
    String batchSql = sql.replaceFirst("(?i)SELECT\\s+STREAM\\s", "SELECT ");
    List<String> labels = live.columns();
    int offset = live.changelog() || complete() ? 1 : 0;
    int windowEnd = -1;
    for (int i = offset; i < labels.size(); i++) {
      if (labels.get(i).equalsIgnoreCase("window_end")) {
        windowEnd = i - offset;
      }
    }
    // A result that has ended (a bounded source, watermark at the end of time) is final whole.
    boolean ended = live.ended(0);
    String watermark = windowEnd >= 0 && !ended ? watermark() : null;
    List<String> batch = new ArrayList<>();
    for (List<String> r : target.query(batchSql)) {
      if (windowEnd < 0 || ended
          || (watermark != null && r.get(windowEnd).compareTo(watermark) <= 0)) {
        batch.add(String.join(" ", r));
      }
    }
    batch.sort(null);
    streamed.sort(null);
    if (!batch.equals(streamed)) {
      throw new AssertionError("stream and batch answers differ for live query " + name
          + (watermark == null ? "" : " (windows ending by watermark " + watermark + ")")
          + "\nbatch:\n  " + String.join("\n  ", batch) + "\nstream (changelog applied):\n  "
          + String.join("\n  ", streamed));
    }
  }

  /**
   * Applies a changelog (or takes appended rows) as a multiset of rows; of a complete-mode
   * result, takes the last snapshot.
   */
  private List<String> apply(List<List<String>> rows) {
    List<String> result = new ArrayList<>();
    if (complete()) {
      String last = rows.isEmpty() ? null : rows.get(rows.size() - 1).get(0);
      for (List<String> r : rows) {
        if (r.get(0).equals(last)) {
          result.add(String.join(" ", r.subList(1, r.size())));
        }
      }
      return result;
    }
    for (List<String> r : rows) {
      if (!live.changelog()) {
        result.add(String.join(" ", r));
        continue;
      }
      String values = String.join(" ", r.subList(1, r.size()));
      switch (r.get(0)) {
        case "+I", "+U" -> result.add(values);
        case "-U", "-D" -> {
          if (!result.remove(values)) {
            throw new AssertionError("live query " + name + " retracted a row it never emitted: "
                + values);
          }
        }
        default -> throw new AssertionError("unknown change kind " + r.get(0));
      }
    }
    return result;
  }

  private boolean complete() {
    return !live.changelog() && live.columns().get(0).equalsIgnoreCase("snapshot");
  }

  /** The live query's watermark, from SHOW QUERIES, formatted as the results format times. */
  private String watermark() throws Exception {
    for (List<String> q : target.query("SHOW QUERIES")) {
      String querySql = q.get(q.size() - 1);
      if (querySql.strip().toLowerCase(Locale.ROOT).equals(sql.strip().toLowerCase(Locale.ROOT))
          && q.get(1).equals("RUNNING")) {
        String wm = q.get(4);
        return wm.equals("NULL") ? null : wm;
      }
    }
    throw new AssertionError("live query " + name + " is not in SHOW QUERIES");
  }
}
