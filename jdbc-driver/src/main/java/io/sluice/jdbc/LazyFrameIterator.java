package io.sluice.jdbc;

import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;

import org.apache.calcite.avatica.Meta;

/**
 * Iterates the rows of a result set, fetching the next frame only when the consumer asks for a
 * row that has not arrived. Unlike Avatica's own fetch iterator it never fetches ahead, so each
 * row of a live query reaches the consumer as soon as the server has sent it.
 *
 * <p>Invariants: {@code offset} is the number of rows handed out; since a frame is fetched only
 * once the previous one is used up, it is also the offset of the next row the server must send.
 * Once {@code done} is set, no further fetch happens. A frame with no rows that is not the last
 * means "nothing yet": the iterator fetches again.
 */
final class LazyFrameIterator implements Iterator<Object> {

  /** Where frames after the first come from. */
  @FunctionalInterface
  interface FrameSource {
    /** Returns the frame that starts at {@code offset}, or null if there are no more rows. */
    Meta.Frame fetch(long offset);
  }

  private final FrameSource source;
  private final BooleanSupplier cancelled;
  private Iterator<Object> rows;
  private boolean done;
  private long offset;

  /**
   * Creates an iterator that starts with {@code firstFrame} (none yet if null).
   *
   * @param cancelled true once the statement has been cancelled: iteration then ends at once
   */
  LazyFrameIterator(Meta.Frame firstFrame, FrameSource source, BooleanSupplier cancelled) {
    Meta.Frame first = firstFrame == null ? Meta.Frame.MORE : firstFrame;
    this.source = source;
    this.cancelled = cancelled;
    this.rows = first.rows.iterator();
    this.done = first.done;
  }

  @Override
  public boolean hasNext() {
    if (cancelled.getAsBoolean()) {
      finish();
      return false;
    }
    while (!rows.hasNext()) {
      if (done) {
        return false;
      }
      Meta.Frame frame = source.fetch(offset);
      if (frame == null || cancelled.getAsBoolean()) {
        finish();
        return false;
      }
      rows = frame.rows.iterator();
      done = frame.done;
    }
    return true;
  }

  @Override
  public Object next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    offset++;
    return rows.next();
  }

  private void finish() {
    rows = Collections.emptyIterator();
    done = true;
  }
}
