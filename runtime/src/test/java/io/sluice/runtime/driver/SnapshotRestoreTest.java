package io.sluice.runtime.driver;

import io.sluice.runtime.operator.WatermarkGenerator;
import io.sluice.runtime.operator.aggregate.GroupAggregateOperator;
import io.sluice.runtime.operator.rank.RetractTopNOperator;
import io.sluice.runtime.operator.rank.TopNOperator;
import io.sluice.runtime.operator.window.FusedWindowAggregateOperator;
import io.sluice.runtime.operator.window.PanedWindowAggregateOperator;
import io.sluice.runtime.operator.window.SessionWindowAggregateOperator;
import io.sluice.runtime.operator.window.WindowAggregateOperator;
import io.sluice.runtime.operator.window.WindowAssigner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.runtime.agg.AggCall;
import io.sluice.runtime.agg.AggFunctions;
import io.sluice.runtime.agg.Aggregates;
import io.sluice.runtime.agg.NumberKind;
import io.sluice.runtime.change.ChangeKind;
import io.sluice.runtime.state.MvStateStore;
import io.sluice.runtime.state.StateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every stateful operator, snapshotted (state store commit) mid-stream and restored into a new
 * operator from the committed version: the restored one must emit exactly what the original
 * emitted after the snapshot.
 */
class SnapshotRestoreTest {
  @TempDir Path dir;

  private void check(Function<StateStore, Operator> factory, Consumer<Harness> before,
      Consumer<Harness> after) {
    Path file = dir.resolve("state-" + System.nanoTime() + ".mv.db");
    List<String> expected;
    long version;
    try (MvStateStore store = MvStateStore.open(file)) {
      Harness original = new Harness(factory.apply(store));
      before.accept(original);
      version = store.commit();
      original.take();
      after.accept(original);
      expected = original.take();
    }
    try (MvStateStore restored = MvStateStore.openAt(file, version)) {
      Harness again = new Harness(factory.apply(restored));
      after.accept(again);
      assertEquals(expected, again.take());
    }
  }

  private static Object[] row(Object... values) {
    return values;
  }

  @Test
  void windowAggregate() {
    // Input: [user, url, ts, window_start, window_end]; group by window_start, window_end, user.
    Function<StateStore, Operator> factory = store -> new WindowAggregateOperator(4,
        new int[] {3, 4, 0}, new Aggregates(List.of(new AggCall(AggFunctions.count(), -1, -1),
            new AggCall(AggFunctions.appendOnlyExtreme(true), 1, -1))), store);
    check(factory,
        h -> h.insert(row(1L, "a", 1L, 0L, 10L), row(2L, "b", 3L, 0L, 10L),
            row(1L, "c", 12L, 10L, 20L)).watermark(5),
        h -> h.insert(row(1L, "d", 9L, 0L, 10L), row(3L, "e", 15L, 10L, 20L))
            .watermark(10).insert(row(1L, "late", 8L, 0L, 10L)).watermark(25));
  }

  @Test
  void completeResult() {
    // A changelog in, the whole result out after each batch, numbered.
    check(store -> new CompleteResultOperator(store),
        h -> h.insert(row("a", 1L), row("b", 2L)),
        h -> h.send(ChangeKind.UPDATE_BEFORE, row("a", 1L))
            .send(ChangeKind.UPDATE_AFTER, row("a", 3L))
            .send(ChangeKind.DELETE, row("b", 2L)).insert(row("c", 1L), row("c", 1L)));
  }

  @Test
  void sessionWindowAggregate() {
    // Input: [user, url, ts]; SESSION(ts, gap 5) per user, group by user, window_start, end.
    Function<StateStore, Operator> factory = store -> new SessionWindowAggregateOperator(2, 5,
        new int[] {0}, new int[] {0},
        new int[] {0, FusedWindowAggregateOperator.WINDOW_START,
            FusedWindowAggregateOperator.WINDOW_END},
        new Aggregates(List.of(new AggCall(AggFunctions.count(), -1, -1),
            new AggCall(AggFunctions.distinct(AggFunctions.count()), 1, -1))), store);
    check(factory,
        h -> h.insert(row(1L, "a", 1L), row(2L, "b", 3L), row(1L, "c", 12L)).watermark(2),
        h -> h.insert(row(1L, "a", 8L), row(3L, "e", 15L)).watermark(10)
            .insert(row(1L, "late", 4L)).watermark(40));
  }

  @Test
  void fusedWindowAggregate() {
    // Input: [user, url, ts]; HOP(ts, slide 5, size 10), group by window_start, window_end, user.
    Function<StateStore, Operator> factory = store -> new FusedWindowAggregateOperator(2,
        new WindowAssigner.Hop(5, 10, 0), new int[] {0},
        new int[] {FusedWindowAggregateOperator.WINDOW_START,
            FusedWindowAggregateOperator.WINDOW_END, 0},
        new Aggregates(List.of(new AggCall(AggFunctions.count(), -1, -1),
            new AggCall(AggFunctions.appendOnlyExtreme(true), 1, -1))), store);
    check(factory,
        h -> h.insert(row(1L, "a", 1L), row(2L, "b", 3L), row(1L, "c", 12L)).watermark(5),
        h -> h.insert(row(1L, "d", 9L), row(3L, "e", 15L)).watermark(10)
            .insert(row(1L, "late", 4L)).watermark(30));
  }

  private static Operator hop(boolean paned, StateStore store) {
    // Input: [user, url, ts]; HOP(ts, slide 4, size 10, offset 1): panes of 2.
    WindowAssigner.Hop hop = new WindowAssigner.Hop(4, 10, 1);
    int[] output = {FusedWindowAggregateOperator.WINDOW_START,
        FusedWindowAggregateOperator.WINDOW_END, 0};
    Aggregates aggs = new Aggregates(List.of(new AggCall(AggFunctions.count(), -1, -1),
        new AggCall(AggFunctions.appendOnlyExtreme(false), 1, -1),
        new AggCall(AggFunctions.distinct(AggFunctions.count()), 1, -1)));
    return paned
        ? new PanedWindowAggregateOperator(2, hop, new int[] {0}, output, aggs, store)
        : new FusedWindowAggregateOperator(2, hop, new int[] {0}, output, aggs, store);
  }

  private static void hopInput(Harness h) {
    h.insert(row(1L, "a", 1L), row(2L, "b", 3L), row(1L, "c", 12L), row(1L, "a", 6L))
        .watermark(5).insert(row(1L, "d", 9L), row(3L, "e", 15L), row(2L, "b", -7L))
        .watermark(11).insert(row(1L, "late", 4L), row(2L, "x", 11L)).watermark(21)
        .insert(row(3L, "y", 30L)).watermark(Long.MAX_VALUE);
  }

  @Test
  void panedHopMatchesTheFusedOperator() {
    Harness fused = new Harness(hop(false, MvStateStore.inMemory()));
    hopInput(fused);
    Harness paned = new Harness(hop(true, MvStateStore.inMemory()));
    hopInput(paned);
    List<String> expected = fused.take();
    assertEquals(expected, paned.take());
    assertEquals(true, expected.size() > 10, expected.toString());
  }

  @Test
  void panedWindowAggregate() {
    check(store -> hop(true, store),
        h -> h.insert(row(1L, "a", 1L), row(2L, "b", 3L), row(1L, "c", 12L)).watermark(5),
        h -> h.insert(row(1L, "d", 9L), row(3L, "e", 15L)).watermark(11)
            .insert(row(1L, "late", 4L)).watermark(40));
  }

  @Test
  void fusedWindowAggregateMatchesTheUnfusedPipeline() {
    Aggregates aggs = new Aggregates(List.of(new AggCall(AggFunctions.count(), -1, -1)));
    Harness fused = new Harness(new FusedWindowAggregateOperator(1,
        new WindowAssigner.Tumble(10, 0), new int[] {0},
        new int[] {0, FusedWindowAggregateOperator.WINDOW_START,
            FusedWindowAggregateOperator.WINDOW_END}, aggs, MvStateStore.inMemory()));
    fused.insert(row(7L, 1L), row(7L, 4L), row(8L, 12L), row(7L, 15L)).watermark(20);
    assertEquals(List.of("+I [7, 0, 10, 2]", "+I [7, 10, 20, 1]", "+I [8, 10, 20, 1]", "WM 20"),
        fused.take());
  }

  @Test
  void windowAggregateFiresEachWindowOnceAndEvicts() {
    MvStateStore store = MvStateStore.inMemory();
    Harness h = new Harness(new WindowAggregateOperator(1, new int[] {0, 1},
        new Aggregates(List.of(new AggCall(AggFunctions.count(), -1, -1))), store));
    h.insert(row(0L, 10L), row(0L, 10L), row(10L, 20L)).watermark(9);
    assertEquals(List.of("WM 9"), h.take());
    h.watermark(10);
    assertEquals(List.of("+I [0, 10, 2]", "WM 10"), h.take());
    h.watermark(30);
    assertEquals(List.of("+I [10, 20, 1]", "WM 30"), h.take());
    assertEquals(0, store.map("window-aggregate").size(), "state of fired windows is gone");
  }

  @Test
  void groupAggregateWithRetractions() {
    Function<StateStore, Operator> factory = store -> new GroupAggregateOperator(new int[] {0},
        new Aggregates(List.of(new AggCall(AggFunctions.sum(NumberKind.LONG), 1, -1),
            new AggCall(AggFunctions.extreme(false), 1, -1),
            new AggCall(AggFunctions.distinct(AggFunctions.count()), 1, -1))), store);
    check(factory,
        h -> h.insert(row("a", 5L), row("a", 3L), row("b", 1L)),
        h -> h.send(ChangeKind.DELETE, row("a", 3L)).insert(row("a", 7L))
            .send(ChangeKind.DELETE, row("b", 1L)));
  }

  @Test
  void groupAggregateEmitsAChangelog() {
    Harness h = new Harness(new GroupAggregateOperator(new int[] {0},
        new Aggregates(List.of(new AggCall(AggFunctions.count(), -1, -1))),
        MvStateStore.inMemory()));
    h.insert(row("a"), row("a"), row("b"));
    assertEquals(List.of("+I [a, 2]", "+I [b, 1]"), h.take());
    h.insert(row("a")).send(ChangeKind.DELETE, row("b"));
    assertEquals(List.of("-U [a, 2]", "+U [a, 3]", "-D [b, 1]"), h.take());
  }

  @Test
  void topN() {
    // Input: [auction, price]; top 2 prices per auction.
    Function<StateStore, Operator> factory = store -> new TopNOperator(new int[] {0},
        new int[] {1}, new boolean[] {true}, 2, true, row -> row, store);
    check(factory,
        h -> h.insert(row(1L, 100L), row(1L, 300L), row(2L, 50L)),
        h -> h.insert(row(1L, 200L), row(1L, 150L), row(2L, 60L), row(2L, 70L)));
  }

  @Test
  void retractTopN() {
    // Input: a changelog of [item, total]; the top 2 totals.
    Function<StateStore, Operator> factory = store -> new RetractTopNOperator(new int[0],
        new int[] {1}, new boolean[] {true}, 2, row -> row, store);
    check(factory,
        h -> h.insert(row("a", 5L), row("b", 3L), row("c", 1L)),
        h -> h.send(ChangeKind.UPDATE_BEFORE, row("a", 5L)).send(ChangeKind.UPDATE_AFTER,
            row("a", 2L)).send(ChangeKind.DELETE, row("b", 3L)).insert(row("d", 4L)));
  }

  @Test
  void topNEmitsEntriesAndEvictions() {
    Harness h = new Harness(new TopNOperator(new int[] {0}, new int[] {1}, new boolean[] {true},
        1, false, row -> row, MvStateStore.inMemory()));
    h.insert(row("a", 1L), row("a", 5L), row("a", 3L));
    assertEquals(List.of("+I [a, 1]", "+I [a, 5]", "-D [a, 1]"), h.take());
  }

  @Test
  void topNWithItsRowNumberMovesTheRowsBelowDown() {
    Harness h = new Harness(new TopNOperator(new int[] {0}, new int[] {1}, new boolean[] {true},
        3, true, row -> row, MvStateStore.inMemory()));
    h.insert(row("a", 10L), row("a", 30L), row("a", 20L));
    assertEquals(List.of("+I [a, 10, 1]", "+I [a, 30, 1]", "-U [a, 10, 1]", "+U [a, 10, 2]",
        "+I [a, 20, 2]", "-U [a, 10, 2]", "+U [a, 10, 3]"), h.take());
    h.insert(row("a", 25L));
    assertEquals(List.of("+I [a, 25, 2]", "-U [a, 20, 2]", "+U [a, 20, 3]", "-D [a, 10, 3]"),
        h.take());
  }

  @Test
  void watermarkGenerator() {
    QueryMetrics metrics = new QueryMetrics();
    Function<StateStore, Operator> factory =
        store -> new WatermarkGenerator(1, 2, store, metrics);
    check(factory,
        h -> h.insert(row("a", 10L), row("b", 14L)),
        h -> h.insert(row("c", 11L)).insert(row("d", 20L)));
  }
}
