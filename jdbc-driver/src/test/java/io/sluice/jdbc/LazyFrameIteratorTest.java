package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.calcite.avatica.Meta;
import org.junit.jupiter.api.Test;

class LazyFrameIteratorTest {

  /** A frame source that answers from a script and records the offset of every fetch. */
  private static final class ScriptedSource implements LazyFrameIterator.FrameSource {
    final List<Long> offsets = new ArrayList<>();
    private final Deque<Meta.Frame> frames;

    ScriptedSource(Meta.Frame... frames) {
      this.frames = new ArrayDeque<>(Arrays.asList(frames));
    }

    @Override
    public Meta.Frame fetch(long offset) {
      offsets.add(offset);
      if (frames.isEmpty()) {
        throw new AssertionError("unexpected fetch at offset " + offset);
      }
      return frames.removeFirst();
    }
  }

  private static Meta.Frame frame(long offset, boolean done, Object... rows) {
    return new Meta.Frame(offset, done, Arrays.asList(rows));
  }

  private static final AtomicBoolean NEVER = new AtomicBoolean();

  @Test
  void doesNotFetchWhileTheCurrentFrameHasRows() {
    ScriptedSource source = new ScriptedSource(frame(3, true, "d"));
    LazyFrameIterator it = new LazyFrameIterator(frame(0, false, "a", "b", "c"), source, NEVER::get);

    assertTrue(it.hasNext());
    assertEquals("a", it.next());
    assertEquals("b", it.next());
    assertTrue(it.hasNext());
    assertEquals("c", it.next());
    assertEquals(List.of(), source.offsets, "no fetch while the first frame had rows");

    assertTrue(it.hasNext());
    assertEquals(List.of(3L), source.offsets, "fetched once the frame was used up");
    assertEquals("d", it.next());
  }

  @Test
  void repeatedHasNextDoesNotFetchAgain() {
    ScriptedSource source = new ScriptedSource(frame(1, false, "b"));
    LazyFrameIterator it = new LazyFrameIterator(frame(0, false, "a"), source, NEVER::get);
    it.next();

    assertTrue(it.hasNext());
    assertTrue(it.hasNext());
    assertTrue(it.hasNext());
    assertEquals(List.of(1L), source.offsets);
  }

  @Test
  void emptyFrameThatIsNotDoneLeadsToAnotherFetchAtTheSameOffset() {
    ScriptedSource source = new ScriptedSource(
        frame(2, false), frame(2, false), frame(2, false, "c"), frame(3, true));
    LazyFrameIterator it = new LazyFrameIterator(frame(0, false, "a", "b"), source, NEVER::get);
    it.next();
    it.next();

    assertTrue(it.hasNext());
    assertEquals(List.of(2L, 2L, 2L), source.offsets);
    assertEquals("c", it.next());
    assertFalse(it.hasNext());
    assertEquals(List.of(2L, 2L, 2L, 3L), source.offsets);
  }

  @Test
  void doneEndsIterationWithoutFurtherFetches() {
    ScriptedSource source = new ScriptedSource(frame(1, true, "b"));
    LazyFrameIterator it = new LazyFrameIterator(frame(0, false, "a"), source, NEVER::get);

    assertEquals("a", it.next());
    assertEquals("b", it.next());
    assertFalse(it.hasNext());
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
    assertEquals(List.of(1L), source.offsets);
  }

  @Test
  void doneFirstFrameNeverFetches() {
    ScriptedSource source = new ScriptedSource();
    LazyFrameIterator it = new LazyFrameIterator(frame(0, true, "a"), source, NEVER::get);

    assertEquals("a", it.next());
    assertFalse(it.hasNext());
    assertEquals(List.of(), source.offsets);
  }

  @Test
  void missingFirstFrameIsFetchedOnFirstDemandNotOnCreation() {
    ScriptedSource source = new ScriptedSource(frame(0, true, "a"));
    LazyFrameIterator it = new LazyFrameIterator(null, source, NEVER::get);
    assertEquals(List.of(), source.offsets);

    assertEquals("a", it.next());
    assertEquals(List.of(0L), source.offsets);
  }

  @Test
  void offsetsCountRowsAcrossFrames() {
    ScriptedSource source = new ScriptedSource(
        frame(2, false, "c", "d", "e"), frame(5, false), frame(5, true, "f"));
    LazyFrameIterator it = new LazyFrameIterator(frame(0, false, "a", "b"), source, NEVER::get);
    List<Object> seen = new ArrayList<>();
    it.forEachRemaining(seen::add);

    assertEquals(List.of("a", "b", "c", "d", "e", "f"), seen);
    assertEquals(List.of(2L, 5L, 5L), source.offsets);
  }

  @Test
  void nullFrameFromTheSourceEndsIteration() {
    List<Long> offsets = new ArrayList<>();
    LazyFrameIterator.FrameSource source = offset -> {
      offsets.add(offset);
      return null;
    };
    LazyFrameIterator it = new LazyFrameIterator(frame(0, false, "a"), source, NEVER::get);

    assertEquals("a", it.next());
    assertFalse(it.hasNext());
    assertFalse(it.hasNext());
    assertEquals(List.of(1L), offsets);
  }

  @Test
  void cancelEndsIterationAtOnceEvenWithRowsLeft() {
    AtomicBoolean cancelled = new AtomicBoolean();
    ScriptedSource source = new ScriptedSource();
    LazyFrameIterator it =
        new LazyFrameIterator(frame(0, false, "a", "b", "c"), source, cancelled::get);

    assertEquals("a", it.next());
    cancelled.set(true);
    assertFalse(it.hasNext());
    assertEquals(List.of(), source.offsets);
  }

  @Test
  void cancelDuringAFetchDropsTheFetchedRows() {
    AtomicBoolean cancelled = new AtomicBoolean();
    LazyFrameIterator.FrameSource source = offset -> {
      cancelled.set(true);
      return frame(offset, false, "late");
    };
    LazyFrameIterator it = new LazyFrameIterator(null, source, cancelled::get);

    assertFalse(it.hasNext());
  }
}
