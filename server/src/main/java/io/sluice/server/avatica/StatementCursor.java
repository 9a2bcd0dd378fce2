package io.sluice.server.avatica;

import io.sluice.runtime.driver.LiveQuery;
import io.sluice.runtime.driver.ResultBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.Meta;

/**
 * Serves a statement's result to fetches, frame by frame. A repeated fetch of the same offset
 * (the client retries after a lost response) gets the same frame again instead of losing rows.
 * An empty, not-done frame is never replayed: fetching its offset again waits for rows anew.
 */
abstract class StatementCursor implements AutoCloseable {
  private Meta.Frame last;

  /** The frame at {@code offset}, of at most {@code max} rows, waiting up to {@code waitMillis}. */
  final synchronized Meta.Frame fetch(long offset, int max, long waitMillis) {
    if (last != null && last.offset == offset && (last.done || last.rows.iterator().hasNext())) {
      return last;
    }
    last = next(offset, Math.max(1, max), waitMillis);
    return last;
  }

  abstract Meta.Frame next(long offset, int max, long waitMillis);

  @Override
  public void close() {}

  /** A bounded, complete result. */
  static final class Bounded extends StatementCursor {
    private final List<Object[]> rows;

    Bounded(List<Object[]> rows) {
      this.rows = rows;
    }

    @Override
    Meta.Frame next(long offset, int max, long waitMillis) {
      int from = (int) Math.min(offset, rows.size());
      int to = Math.min(rows.size(), from + max);
      return Meta.Frame.create(offset, to == rows.size(), new ArrayList<Object>(rows.subList(from, to)));
    }
  }

  /** A live query's result: rows as they arrive; a fetch waits a bounded time for them. */
  static final class Live extends StatementCursor {
    private final LiveQuery query;

    Live(LiveQuery query) {
      this.query = query;
    }

    @Override
    Meta.Frame next(long offset, int max, long waitMillis) {
      try {
        ResultBuffer.Poll poll = query.poll(max, waitMillis);
        return Meta.Frame.create(offset, poll.done(), new ArrayList<Object>(poll.rows()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Meta.Frame.create(offset, false, List.of());
      }
    }

    @Override
    public void close() {
      query.cancel();
    }
  }
}
