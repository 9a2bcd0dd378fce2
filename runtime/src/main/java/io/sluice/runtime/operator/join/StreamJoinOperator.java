package io.sluice.runtime.operator.join;

import io.sluice.runtime.driver.Output;
import io.sluice.runtime.driver.TwoInputOperator;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.change.ChangeKind;
import io.sluice.runtime.expr.RowCalc;
import io.sluice.runtime.state.GroupKey;
import io.sluice.runtime.state.StateMap;
import io.sluice.runtime.state.StateStore;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * A join of two changing inputs (a symmetric hash join): each side keeps its rows by join key;
 * a change on one side is joined with the other side's rows of the same key that pass the
 * residual condition. Takes inserts and retractions on both sides.
 *
 * <p><b>Unbounded</b> (no time bounds): rows are kept until retracted. INNER over append-only
 * inputs emits inserts only; an outer join emits a NULL-padded row for an unmatched row at once
 * and retracts it ({@code -D}) when the first match arrives, restoring it when the last match
 * goes (update mode).
 *
 * <p><b>Time-bounded</b> (an interval or window join): a pair matches only if
 * {@code right time - left time} lies in {@code [lower, upper]}, so a left row is evicted once the
 * right watermark passes its time + upper, and a right row once the left watermark passes its
 * time - lower. The upper end may come from a column of the left row instead (a bid until its
 * auction expires); the left row then goes once the right watermark passes that column. Inputs
 * are append-only; a row behind its own side's watermark is dropped (its partners may be gone;
 * the source counted it late). An outer join emits an unmatched row, NULL-padded, when it is
 * evicted, so the output stays append-only. The output watermark is the inputs' minimum less
 * {@code max(0, upper)}, which keeps every later row's left time at or after it (with a per-row
 * upper end no such bound exists, and the planner gives the output no event time).
 *
 * <p>The inputs' watermark is their minimum, except that a side that has sent nothing for longer
 * than its idle timeout stops holding the other back until it sends again (when both are idle,
 * the furthest watermark stands); meanwhile the idle side counts as being at that watermark for
 * eviction too.
 */
public final class StreamJoinOperator implements TwoInputOperator {
  /** Which unmatched rows the join keeps, NULL-padded. */
  public enum Type {
    INNER(false, false), LEFT(true, false), RIGHT(false, true), FULL(true, true);

    private final boolean keepsLeft;
    private final boolean keepsRight;

    Type(boolean keepsLeft, boolean keepsRight) {
      this.keepsLeft = keepsLeft;
      this.keepsRight = keepsRight;
    }

    boolean keeps(int side) {
      return side == TwoInputOperator.LEFT ? keepsLeft : keepsRight;
    }
  }

  /**
   * {@code right[rightTime] - left[leftTime]} must lie in {@code [lower, upper]} (millis); or, if
   * {@code upperColumn} is a left column, the upper end is per row: {@code right[rightTime] <=
   * left[upperColumn] + upper} (an auction's bids until it expires).
   */
  public record TimeBounds(int leftTime, int rightTime, long lower, long upper, int upperColumn) {
    public TimeBounds(int leftTime, int rightTime, long lower, long upper) {
      this(leftTime, rightTime, lower, upper, -1);
    }

    int time(int side) {
      return side == LEFT ? leftTime : rightTime;
    }

    /**
     * When a kept row of {@code side} can match nothing more: once the other side's watermark
     * passes this; null if the row has no time.
     */
    Long expiry(int side, Object[] row) {
      Object t = side == LEFT ? row[upperColumn >= 0 ? upperColumn : leftTime] : row[rightTime];
      return t == null ? null : side == LEFT ? (Long) t + upper : (Long) t - lower;
    }
  }

  /** One kept row and how many rows of the other side it currently joins with. */
  static final class Kept implements Serializable {
    private static final long serialVersionUID = 1L;
    final Object[] row;
    int matches;

    Kept(Object[] row, int matches) {
      this.row = row;
      this.matches = matches;
    }
  }

  private final Type type;
  private final int[] width = new int[2];
  private final int[][] keys = new int[2][];
  private final RowCalc residual;
  private final TimeBounds bounds;
  private final long[] idleNanos;
  private final LongSupplier clock;
  private final List<StateMap<GroupKey, ArrayList<Kept>>> state = new ArrayList<>();
  private final StateMap<String, Long> marks;
  /** Time-bounded only: keys holding rows by row time, per side, to find what to evict. */
  private final List<NavigableMap<Long, List<GroupKey>>> byTime =
      List.of(new TreeMap<>(), new TreeMap<>());
  private final long[] watermark = {Long.MIN_VALUE, Long.MIN_VALUE};
  private final long[] lastInput = new long[2];
  private final ChangeBatch out = new ChangeBatch(64);
  private long emitted = Long.MIN_VALUE;
  private Output output;

  /**
   * @param residual the non-equi part of the condition over the joined row (a filter whose
   *     result is ignored), or null
   * @param bounds time bounds, or null for an unbounded join
   * @param idleTimeoutMillis per side, how long without input makes it idle (0: never)
   * @param clock nanosecond clock for idleness
   */
  public StreamJoinOperator(Type type, int leftWidth, int rightWidth, int[] leftKeys,
      int[] rightKeys, RowCalc residual, TimeBounds bounds, long[] idleTimeoutMillis,
      LongSupplier clock, StateStore store) {
    this.type = type;
    this.width[LEFT] = leftWidth;
    this.width[RIGHT] = rightWidth;
    this.keys[LEFT] = leftKeys.clone();
    this.keys[RIGHT] = rightKeys.clone();
    this.residual = residual;
    this.bounds = bounds;
    this.idleNanos = new long[] {idleTimeoutMillis[LEFT] * 1_000_000L,
        idleTimeoutMillis[RIGHT] * 1_000_000L};
    this.clock = clock;
    this.state.add(store.map("join.left"));
    this.state.add(store.map("join.right"));
    this.marks = store.map("join.watermarks");
  }

  @Override
  public void open(Output output) {
    this.output = output;
    long now = clock.getAsLong();
    lastInput[LEFT] = now;
    lastInput[RIGHT] = now;
    for (int side = LEFT; side <= RIGHT; side++) {
      Long saved = marks.get("side" + side);
      watermark[side] = saved == null ? Long.MIN_VALUE : saved;
      if (bounds != null) {
        for (Iterator<Map.Entry<GroupKey, ArrayList<Kept>>> it = state.get(side).scan();
            it.hasNext(); ) {
          Map.Entry<GroupKey, ArrayList<Kept>> e = it.next();
          for (Kept k : e.getValue()) {
            index(side, k.row, e.getKey());
          }
        }
      }
    }
    Long saved = marks.get("emitted");
    emitted = saved == null ? Long.MIN_VALUE : saved;
  }

  private GroupKey key(int side, Object[] row) {
    return GroupKey.of(row, keys[side]);
  }

  private static boolean hasNull(GroupKey key) {
    for (int i = 0; i < key.size(); i++) {
      if (key.get(i) == null) {
        return true;
      }
    }
    return false;
  }

  private void index(int side, Object[] row, GroupKey key) {
    Long expiry = bounds.expiry(side, row);
    if (expiry != null) {
      List<GroupKey> keys = byTime.get(side).computeIfAbsent(expiry, x -> new ArrayList<>());
      // Rows of one key often share an expiry (every row of a window, in a window join).
      if (keys.isEmpty() || !keys.get(keys.size() - 1).equals(key)) {
        keys.add(key);
      }
    }
  }

  /** The joined row; {@code null} for an absent side (NULL-padded). */
  private Object[] joined(Object[] left, Object[] right) {
    Object[] row = new Object[width[LEFT] + width[RIGHT]];
    if (left != null) {
      System.arraycopy(left, 0, row, 0, width[LEFT]);
    }
    if (right != null) {
      System.arraycopy(right, 0, row, width[LEFT], width[RIGHT]);
    }
    return row;
  }

  private Object[] joined(int side, Object[] row, Object[] other) {
    return side == LEFT ? joined(row, other) : joined(other, row);
  }

  @Override
  public void process(int side, ChangeBatch batch) {
    lastInput[side] = clock.getAsLong();
    out.clear();
    for (int i = 0, n = batch.size(); i < n; i++) {
      Object[] row = batch.row(i);
      if (bounds != null) {
        Object t = row[bounds.time(side)];
        if (t != null && (Long) t < watermark[side]) {
          continue;
        }
      }
      if (batch.kind(i).isAccumulate()) {
        add(side, row);
      } else {
        retract(side, row);
      }
    }
    if (!out.isEmpty()) {
      output.emit(out);
    }
  }

  private void add(int side, Object[] row) {
    int other = 1 - side;
    GroupKey key = key(side, row);
    boolean nullKey = hasNull(key);
    int matches = 0;
    ArrayList<Kept> partners = nullKey ? null : state.get(other).get(key);
    if (partners != null) {
      boolean changed = false;
      for (Kept p : partners) {
        Object[] j = joined(side, row, p.row);
        if (residual != null && residual.apply(j) == null) {
          continue;
        }
        if (p.matches == 0 && type.keeps(other) && bounds == null) {
          out.add(ChangeKind.DELETE, joined(other, p.row, null));
        }
        p.matches++;
        changed = true;
        matches++;
        out.add(ChangeKind.INSERT, j);
      }
      if (changed && type.keeps(other)) {
        state.get(other).put(key, partners);
      }
    }
    if (matches == 0 && type.keeps(side) && bounds == null) {
      out.add(ChangeKind.INSERT, joined(side, row, null));
    }
    if (nullKey && !type.keeps(side)) {
      return;
    }
    ArrayList<Kept> mine = state.get(side).get(key);
    if (mine == null) {
      mine = new ArrayList<>(2);
    }
    mine.add(new Kept(row, matches));
    state.get(side).put(key, mine);
    if (bounds != null) {
      index(side, row, key);
    }
  }

  private void retract(int side, Object[] row) {
    int other = 1 - side;
    GroupKey key = key(side, row);
    ArrayList<Kept> mine = state.get(side).get(key);
    int at = -1;
    for (int i = 0; mine != null && i < mine.size(); i++) {
      if (Arrays.equals(mine.get(i).row, row)) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      return; // never added (or dropped as an inner join's NULL key): nothing joined it
    }
    Kept gone = mine.remove(at);
    if (mine.isEmpty()) {
      state.get(side).remove(key);
    } else {
      state.get(side).put(key, mine);
    }
    ArrayList<Kept> partners = hasNull(key) ? null : state.get(other).get(key);
    if (partners != null) {
      boolean changed = false;
      for (Kept p : partners) {
        Object[] j = joined(side, row, p.row);
        if (residual != null && residual.apply(j) == null) {
          continue;
        }
        out.add(ChangeKind.DELETE, j);
        p.matches--;
        changed = true;
        if (p.matches == 0 && type.keeps(other)) {
          out.add(ChangeKind.INSERT, joined(other, p.row, null));
        }
      }
      if (changed && type.keeps(other)) {
        state.get(other).put(key, partners);
      }
    }
    if (gone.matches == 0 && type.keeps(side)) {
      out.add(ChangeKind.DELETE, joined(side, row, null));
    }
  }

  @Override
  public void onWatermark(int side, long next) {
    lastInput[side] = clock.getAsLong();
    if (next <= watermark[side]) {
      return;
    }
    watermark[side] = next;
    marks.put("side" + side, next);
    advance();
  }

  @Override
  public void onIdleCheck(long nowNanos) {
    advance();
  }

  private boolean idle(int side, long now) {
    return idleNanos[side] > 0 && now - lastInput[side] > idleNanos[side];
  }

  /**
   * Evicts what the watermarks allow, then forwards the output watermark if it advanced. A side
   * that has gone idle is taken to be at least as far as the combined watermark, so the other
   * side's rows still leave state (and unmatched outer rows still come out).
   */
  private void advance() {
    long now = clock.getAsLong();
    boolean leftIdle = idle(LEFT, now);
    boolean rightIdle = idle(RIGHT, now);
    // An idle side is left out; when both are idle, nothing more is coming from either, and
    // the furthest watermark stands (as Flink's watermark valve does).
    long in = leftIdle && rightIdle ? Math.max(watermark[LEFT], watermark[RIGHT])
        : leftIdle ? watermark[RIGHT]
        : rightIdle ? watermark[LEFT]
        : Math.min(watermark[LEFT], watermark[RIGHT]);
    out.clear();
    if (bounds != null) {
      // A left row can still meet right rows at or after the right watermark, up to its time
      // + upper; a right row, left rows down to its time - lower.
      evict(LEFT, Math.max(watermark[RIGHT], in));
      evict(RIGHT, Math.max(watermark[LEFT], in));
    }
    if (!out.isEmpty()) {
      output.emit(out);
    }
    long next = in == Long.MAX_VALUE || bounds == null ? in
        : saturated(in, -Math.max(0, bounds.upper()));
    if (next > emitted) {
      emitted = next;
      marks.put("emitted", next);
      output.emitWatermark(next);
    }
  }

  private static long saturated(long watermark, long delta) {
    if (watermark == Long.MIN_VALUE || watermark == Long.MAX_VALUE) {
      return watermark;
    }
    return watermark + delta;
  }

  /** Drops {@code side}'s rows that expire before {@code before}, the other side's watermark. */
  private void evict(int side, long before) {
    NavigableMap<Long, List<GroupKey>> index = byTime.get(side);
    StateMap<GroupKey, ArrayList<Kept>> rows = state.get(side);
    while (!index.isEmpty() && index.firstKey() < before) {
      for (GroupKey key : index.pollFirstEntry().getValue()) {
        ArrayList<Kept> kept = rows.get(key);
        if (kept == null) {
          continue;
        }
        // Compacts in place, keeping order: one pass, however many rows a key holds.
        int live = 0;
        for (int r = 0, n = kept.size(); r < n; r++) {
          Kept k = kept.get(r);
          Long expiry = bounds.expiry(side, k.row);
          if (expiry != null && expiry < before) {
            if (k.matches == 0 && type.keeps(side)) {
              out.add(ChangeKind.INSERT, joined(side, k.row, null));
            }
          } else {
            kept.set(live++, k);
          }
        }
        if (live == 0) {
          rows.remove(key);
        } else if (live < kept.size()) {
          kept.subList(live, kept.size()).clear();
          rows.put(key, kept);
        }
      }
    }
  }
}
