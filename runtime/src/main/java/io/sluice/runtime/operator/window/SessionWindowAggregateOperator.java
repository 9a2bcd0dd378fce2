package io.sluice.runtime.operator.window;

import io.sluice.runtime.driver.Operator;
import io.sluice.runtime.driver.Output;

import io.sluice.runtime.agg.Aggregates;
import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.change.ChangeKind;
import io.sluice.runtime.state.GroupKey;
import io.sluice.runtime.state.StateMap;
import io.sluice.runtime.state.StateStore;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * {@code SESSION} windows and the GROUP BY over them (append mode). Per partition key, a
 * session runs from its first row's time to its last row's time plus the gap; a row within the
 * gap of a session joins it, and a row that bridges two sessions merges them (their
 * accumulators merge). A session is final once the watermark passes its end, since a row at
 * exactly the end would still join it; it is then emitted, a row per group, and evicted.
 *
 * <p>State: by partition key, the open sessions, each with accumulators by group key; and the
 * last watermark. An in-memory index of session ends finds what to fire; it is rebuilt on open.
 *
 * <p>Output row: see {@link WindowRows}.
 */
public final class SessionWindowAggregateOperator implements Operator {
  /** One open session: its time span and accumulators by group. */
  static final class Session implements Serializable {
    private static final long serialVersionUID = 1L;
    long start;
    long last;
    /** Accumulators by group, the group as {@link GroupKey#compact} makes it. */
    final LinkedHashMap<Object, Object[]> groups = new LinkedHashMap<>();

    Session(long start, long last) {
      this.start = start;
      this.last = last;
    }
  }

  private final int timeColumn;
  private final long gap;
  private final int[] partitionColumns;
  private final int[] groupColumns;
  private final WindowRows rows;
  private final Aggregates aggregates;
  private final StateMap<GroupKey, ArrayList<Session>> state;
  private final StateMap<String, Long> marks;
  /** Partition keys by (session end + 1): when the watermark reaches it, the session is final. */
  private final NavigableMap<Long, List<GroupKey>> timers = new TreeMap<>();
  private final Emitter out = new Emitter();
  private long watermark = Long.MIN_VALUE;
  private Output downstream;

  public SessionWindowAggregateOperator(int timeColumn, long gapMillis, int[] partitionColumns,
      int[] groupColumns, int[] output, Aggregates aggregates, StateStore store) {
    this.timeColumn = timeColumn;
    this.gap = gapMillis;
    this.partitionColumns = partitionColumns.clone();
    this.groupColumns = groupColumns.clone();
    this.rows = new WindowRows(output, groupColumns.length, aggregates);
    this.aggregates = aggregates;
    this.state = store.map("session-aggregate");
    this.marks = store.map("session-aggregate.watermark");
  }

  @Override
  public void open(Output output) {
    this.downstream = output;
    out.open(output);
    for (Iterator<Map.Entry<GroupKey, ArrayList<Session>>> it = state.scan(); it.hasNext(); ) {
      Map.Entry<GroupKey, ArrayList<Session>> e = it.next();
      for (Session s : e.getValue()) {
        timer(s, e.getKey());
      }
    }
    Long saved = marks.get("watermark");
    watermark = saved == null ? Long.MIN_VALUE : saved;
  }

  private void timer(Session s, GroupKey partition) {
    timers.computeIfAbsent(s.last + gap + 1, x -> new ArrayList<>()).add(partition);
  }

  @Override
  public void process(ChangeBatch batch) {
    for (int i = 0, n = batch.size(); i < n; i++) {
      Long t = EventTime.of(batch, i, timeColumn);
      if (t == null) {
        continue;
      }
      Object[] row = batch.row(i);
      long ts = t;
      if (ts < watermark) {
        continue; // late: its session may have been emitted (the source counted it)
      }
      GroupKey partition = GroupKey.of(row, partitionColumns);
      ArrayList<Session> sessions = state.get(partition);
      if (sessions == null) {
        sessions = new ArrayList<>(2);
      }
      Session merged = null;
      for (Iterator<Session> it = sessions.iterator(); it.hasNext(); ) {
        Session s = it.next();
        if (s.start <= ts + gap && ts <= s.last + gap) {
          if (merged == null) {
            merged = s;
          } else {
            merge(merged, s);
            it.remove();
          }
        }
      }
      if (merged == null) {
        merged = new Session(ts, ts);
        sessions.add(merged);
      }
      merged.start = Math.min(merged.start, ts);
      if (ts > merged.last || merged.groups.isEmpty()) {
        merged.last = Math.max(merged.last, ts);
        timer(merged, partition);
      }
      Object group = GroupKey.compact(row, groupColumns);
      Object[] accs = merged.groups.get(group);
      if (accs == null) {
        accs = aggregates.init();
        merged.groups.put(group, accs);
      }
      aggregates.apply(accs, row, 1);
      state.put(partition, sessions);
    }
  }

  private void merge(Session into, Session other) {
    into.start = Math.min(into.start, other.start);
    into.last = Math.max(into.last, other.last);
    for (Map.Entry<Object, Object[]> e : other.groups.entrySet()) {
      Object[] accs = into.groups.get(e.getKey());
      if (accs == null) {
        into.groups.put(e.getKey(), e.getValue());
      } else {
        aggregates.merge(accs, e.getValue());
      }
    }
  }

  @Override
  public void onWatermark(long next) {
    if (next <= watermark) {
      return;
    }
    watermark = next;
    marks.put("watermark", next);
    while (!timers.isEmpty() && timers.firstKey() <= next) {
      List<GroupKey> partitions = timers.pollFirstEntry().getValue();
      Collections.sort(partitions);
      GroupKey previous = null;
      for (GroupKey partition : partitions) {
        if (partition.equals(previous)) {
          continue;
        }
        previous = partition;
        fire(partition, next);
      }
    }
    out.flush();
    downstream.emitWatermark(next);
  }

  /** Emits and evicts the partition's sessions whose end the watermark has passed. */
  private void fire(GroupKey partition, long next) {
    ArrayList<Session> sessions = state.get(partition);
    if (sessions == null) {
      return;
    }
    boolean changed = false;
    for (Iterator<Session> it = sessions.iterator(); it.hasNext(); ) {
      Session s = it.next();
      long end = s.last + gap;
      if (end >= next) {
        continue;
      }
      for (Map.Entry<Object, Object[]> g : s.groups.entrySet()) {
        out.add(ChangeKind.INSERT, rows.row(s.start, end, g.getKey(), g.getValue()));
      }
      it.remove();
      changed = true;
    }
    if (sessions.isEmpty()) {
      state.remove(partition);
    } else if (changed) {
      state.put(partition, sessions);
    }
  }
}
