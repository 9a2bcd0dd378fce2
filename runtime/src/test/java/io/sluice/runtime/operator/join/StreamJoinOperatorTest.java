package io.sluice.runtime.operator.join;

import io.sluice.runtime.driver.Output;
import io.sluice.runtime.driver.TwoInputOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.change.ChangeKind;
import io.sluice.runtime.operator.join.StreamJoinOperator.TimeBounds;
import io.sluice.runtime.operator.join.StreamJoinOperator.Type;
import io.sluice.runtime.state.HeapStateStore;
import io.sluice.runtime.state.MvStateStore;
import io.sluice.runtime.state.StateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream join: inner, outer and retracting changes, time-bounded eviction and watermarks,
 * idle inputs, and snapshot-and-restore. Rows: left [key, time], right [key, time, label].
 */
class StreamJoinOperatorTest {
  @TempDir Path dir;

  /** Drives the join and records what it emits, as "+I [..]" and "WM n". */
  private static final class Join implements Output {
    final List<String> out = new ArrayList<>();
    final StreamJoinOperator op;
    final long[] now;

    Join(StreamJoinOperator op, long[] now) {
      this.op = op;
      this.now = now;
      op.open(this);
    }

    @Override
    public void emit(ChangeBatch batch) {
      for (int i = 0; i < batch.size(); i++) {
        out.add(batch.kind(i).code() + " " + Arrays.toString(batch.row(i)));
      }
    }

    @Override
    public void emitWatermark(long watermark) {
      out.add("WM " + watermark);
    }

    Join send(int side, ChangeKind kind, Object[]... rows) {
      ChangeBatch b = new ChangeBatch(rows.length);
      for (Object[] r : rows) {
        b.add(kind, r);
      }
      op.process(side, b);
      return this;
    }

    Join left(Object[]... rows) {
      return send(TwoInputOperator.LEFT, ChangeKind.INSERT, rows);
    }

    Join right(Object[]... rows) {
      return send(TwoInputOperator.RIGHT, ChangeKind.INSERT, rows);
    }

    Join watermark(int side, long wm) {
      op.onWatermark(side, wm);
      return this;
    }

    List<String> take() {
      List<String> taken = new ArrayList<>(out);
      out.clear();
      return taken;
    }
  }

  private static Object[] row(Object... values) {
    return values;
  }

  private static StreamJoinOperator join(Type type, TimeBounds bounds, StateStore store,
      long[] now, long idleMillis) {
    return new StreamJoinOperator(type, 2, 3, new int[] {0}, new int[] {0}, null, bounds,
        new long[] {idleMillis, idleMillis}, () -> now[0], store);
  }

  private static Join unbounded(Type type) {
    long[] now = {0};
    return new Join(join(type, null, new HeapStateStore(false), now, 0), now);
  }

  @Test
  void innerJoinMatchesBothWaysAndRetracts() {
    Join j = unbounded(Type.INNER);
    j.left(row("a", 1L), row("b", 2L));
    assertEquals(List.of(), j.take());
    j.right(row("a", 5L, "x"), row("c", 6L, "y"));
    assertEquals(List.of("+I [a, 1, a, 5, x]"), j.take());
    j.left(row("a", 3L));
    assertEquals(List.of("+I [a, 3, a, 5, x]"), j.take());
    j.send(TwoInputOperator.RIGHT, ChangeKind.DELETE, row("a", 5L, "x"));
    assertEquals(List.of("-D [a, 1, a, 5, x]", "-D [a, 3, a, 5, x]"), j.take());
    // A retraction of a row never seen changes nothing.
    j.send(TwoInputOperator.LEFT, ChangeKind.DELETE, row("z", 1L));
    assertEquals(List.of(), j.take());
  }

  @Test
  void nullKeysNeverMatch() {
    Join j = unbounded(Type.LEFT);
    j.left(row(null, 1L));
    j.right(row(null, 2L, "x"));
    assertEquals(List.of("+I [null, 1, null, null, null]"), j.take());
  }

  @Test
  void outerJoinRetractsItsPaddedRowWhenAMatchArrivesAndRestoresIt() {
    Join j = unbounded(Type.FULL);
    j.left(row("a", 1L));
    assertEquals(List.of("+I [a, 1, null, null, null]"), j.take());
    j.right(row("a", 5L, "x"));
    assertEquals(List.of("-D [a, 1, null, null, null]", "+I [a, 1, a, 5, x]"), j.take());
    j.right(row("b", 6L, "y"));
    assertEquals(List.of("+I [null, null, b, 6, y]"), j.take());
    j.send(TwoInputOperator.LEFT, ChangeKind.UPDATE_BEFORE, row("a", 1L));
    assertEquals(List.of("-D [a, 1, a, 5, x]", "+I [null, null, a, 5, x]"), j.take());
  }

  @Test
  void intervalJoinEvictsByTheOtherSidesWatermarkAndHoldsItsOwnBack() {
    long[] now = {0};
    // right time - left time in [0, 10].
    HeapStateStore store = new HeapStateStore(false);
    Join j = new Join(join(Type.LEFT, new TimeBounds(1, 1, 0, 10), store, now, 0), now);
    j.left(row("a", 100L), row("b", 105L));
    j.watermark(TwoInputOperator.LEFT, 100);
    assertEquals(List.of(), j.take());
    j.right(row("a", 108L, "x"));
    j.watermark(TwoInputOperator.RIGHT, 108);
    // Output watermark: min(100, 108) - 10.
    assertEquals(List.of("+I [a, 100, a, 108, x]", "WM 90"), j.take());
    // Right watermark 116: left rows before 106 can meet nothing more; b comes out padded.
    j.watermark(TwoInputOperator.RIGHT, 116);
    assertEquals(List.of("+I [b, 105, null, null, null]"), j.take());
    // A left row behind the left watermark is late: dropped.
    j.left(row("a", 99L));
    j.watermark(TwoInputOperator.LEFT, 120);
    assertEquals(List.of("WM 106"), j.take());
  }

  @Test
  void aPerRowUpperBoundEvictsALeftRowAtItsOwnExpiry() {
    long[] now = {0};
    HeapStateStore store = new HeapStateStore(false);
    // Left [key, ts, expires], right [key, ts, label]: right ts in [left ts, left expires].
    StreamJoinOperator op = new StreamJoinOperator(Type.LEFT, 3, 3, new int[] {0},
        new int[] {0}, null, new TimeBounds(1, 1, 0, 0, 2), new long[] {0, 0}, () -> now[0],
        store);
    Join j = new Join(op, now);
    j.left(row("a", 10L, 50L), row("b", 10L, 20L)).watermark(TwoInputOperator.LEFT, 10);
    j.right(row("a", 30L, "x")).watermark(TwoInputOperator.RIGHT, 30);
    // b expired at 20 with no match: out, padded; a (until 50) stays, and so does the bid.
    assertEquals(List.of("+I [a, 10, 50, a, 30, x]", "+I [b, 10, 20, null, null, null]",
        "WM 10"), j.take());
    j.watermark(TwoInputOperator.RIGHT, 51);
    assertEquals(List.of(), j.take(), "a had its match: gone silently");
    j.watermark(TwoInputOperator.LEFT, 31);
    assertEquals(List.of("WM 31"), j.take());
    assertEquals(List.of(), List.copyOf(drain(store)), "nothing is left in state");
  }

  private static List<Object> drain(HeapStateStore store) {
    List<Object> left = new ArrayList<>();
    for (String name : List.of("join.left", "join.right")) {
      store.<Object, Object>map(name).scan().forEachRemaining(e -> left.add(e.getKey()));
    }
    return left;
  }

  @Test
  void anIdleSideStopsHoldingTheWatermarkBack() {
    long[] now = {0};
    Join j = new Join(join(Type.INNER, new TimeBounds(1, 1, 0, 0), new HeapStateStore(false),
        now, 1_000), now);
    j.watermark(TwoInputOperator.LEFT, 50).watermark(TwoInputOperator.RIGHT, 40);
    assertEquals(List.of("WM 40"), j.take());
    now[0] = 600_000_000L; // 0.6 s: left speaks again, right has been quiet for 0.6 s
    j.watermark(TwoInputOperator.LEFT, 70);
    assertEquals(List.of(), j.take());
    now[0] = 1_500_000_000L; // right quiet for 1.5 s > 1 s
    j.op.onIdleCheck(now[0]);
    assertEquals(List.of("WM 70"), j.take());
    // Once right is active again it counts, but the output watermark never goes back.
    j.watermark(TwoInputOperator.RIGHT, 60);
    j.watermark(TwoInputOperator.LEFT, 90);
    assertEquals(List.of(), j.take());
    j.watermark(TwoInputOperator.RIGHT, 95);
    assertEquals(List.of("WM 90"), j.take());
  }

  @Test
  void anIdleSideLetsTheOtherSidesOuterRowsOut() {
    long[] now = {0};
    Join j = new Join(join(Type.LEFT, new TimeBounds(1, 1, 0, 5), new HeapStateStore(false),
        now, 1_000), now);
    j.right(row("a", 2L, "x")).watermark(TwoInputOperator.RIGHT, 2);
    j.left(row("a", 1L), row("b", 3L)).watermark(TwoInputOperator.LEFT, 3);
    assertEquals(List.of("+I [a, 1, a, 2, x]", "WM -3"), j.take());
    now[0] = 500_000_000L;
    j.left(row("c", 20L)).watermark(TwoInputOperator.LEFT, 20);
    assertEquals(List.of(), j.take(), "right is not idle yet");
    now[0] = 1_200_000_000L;
    j.op.onIdleCheck(now[0]);
    assertEquals(List.of("+I [b, 3, null, null, null]", "WM 15"), j.take());
  }

  /** Snapshot mid-stream, restore into a new join: it emits what the original did after. */
  private void snapshotRestore(Function<StateStore, StreamJoinOperator> factory,
      Consumer<Join> before, Consumer<Join> after) {
    Path file = dir.resolve("join-" + System.nanoTime() + ".mv.db");
    long[] now = {0};
    List<String> expected;
    long version;
    try (MvStateStore store = MvStateStore.open(file)) {
      Join original = new Join(factory.apply(store), now);
      before.accept(original);
      version = store.commit();
      original.take();
      after.accept(original);
      expected = original.take();
    }
    try (MvStateStore restored = MvStateStore.openAt(file, version)) {
      Join again = new Join(factory.apply(restored), now);
      after.accept(again);
      assertEquals(expected, again.take());
    }
  }

  @Test
  void unboundedOuterJoinSnapshotAndRestore() {
    long[] now = {0};
    snapshotRestore(store -> join(Type.FULL, null, store, now, 0),
        j -> j.left(row("a", 1L), row("b", 2L)).right(row("a", 3L, "x")),
        j -> j.right(row("b", 4L, "y"), row("c", 5L, "z"))
            .send(TwoInputOperator.LEFT, ChangeKind.DELETE, row("a", 1L)));
  }

  @Test
  void intervalJoinSnapshotAndRestore() {
    long[] now = {0};
    snapshotRestore(store -> join(Type.LEFT, new TimeBounds(1, 1, -5, 5), store, now, 0),
        j -> j.left(row("a", 10L), row("b", 12L)).watermark(TwoInputOperator.LEFT, 10)
            .right(row("a", 14L, "x")).watermark(TwoInputOperator.RIGHT, 14),
        j -> j.right(row("b", 16L, "y")).watermark(TwoInputOperator.RIGHT, 30)
            .left(row("a", 31L)).watermark(TwoInputOperator.LEFT, 40));
  }
}
