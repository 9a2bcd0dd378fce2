package io.sluice.runtime.driver;

import io.sluice.runtime.change.ChangeBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sink of a live query: rows wait here until the client fetches them. It ends the result
 * after {@code maxRows} rows. When the client stops fetching ({@code capacity} rows waiting) it
 * either fails the query, for sources fed by other sessions' INSERTs, which must never wait on
 * a slow reader; or, in blocking mode, for sources with a thread of their own (generators),
 * holds the producer back until the client catches up.
 */
public final class ResultBuffer implements Output {
  private final long maxRows;
  private final int capacity;
  private final boolean changelog;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final Condition drained = lock.newCondition();
  private volatile boolean blocking;
  private final ArrayDeque<Object[]> rows = new ArrayDeque<>();
  private long accepted;
  private boolean ended;
  private RuntimeException failure;
  private Runnable onEnd = () -> {};

  /**
   * @param maxRows end the result after this many rows (0 = no limit)
   * @param capacity most rows that may wait for the client
   * @param changelog prefix each row with its change kind ({@code +I}, {@code -U}, ...)
   */
  public ResultBuffer(long maxRows, int capacity, boolean changelog) {
    this.maxRows = maxRows <= 0 ? Long.MAX_VALUE : maxRows;
    this.capacity = capacity;
    this.changelog = changelog;
  }

  /** Makes {@link #emit} wait for room instead of failing the query (see the class comment). */
  public void blockWhenFull() {
    this.blocking = true;
  }

  /** Called once, on the emitting thread, when the result ends by itself (row limit reached). */
  public void onEnd(Runnable onEnd) {
    this.onEnd = onEnd;
  }

  /** One fetch: the rows taken, and whether the result has ended after them. */
  public record Poll(List<Object[]> rows, boolean done) {}

  @Override
  public void emit(ChangeBatch batch) {
    boolean reachedLimit = false;
    lock.lock();
    try {
      while (blocking && !ended && rows.size() >= capacity) {
        drained.awaitUninterruptibly();
      }
      if (ended) {
        return;
      }
      for (int i = 0, n = batch.size(); i < n && accepted < maxRows; i++) {
        Object[] row = batch.row(i);
        if (changelog) {
          Object[] withKind = new Object[row.length + 1];
          withKind[0] = batch.kind(i).code();
          System.arraycopy(row, 0, withKind, 1, row.length);
          row = withKind;
        }
        rows.addLast(row);
        accepted++;
      }
      if (accepted >= maxRows) {
        ended = true;
        reachedLimit = true;
      } else if (!blocking && rows.size() > capacity) {
        fail(new IllegalStateException(
            "live query stopped: " + rows.size() + " rows were waiting for the client to fetch"
                + " them (limit " + capacity + "); fetch faster or raise live.buffer.rows"));
      }
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
    if (reachedLimit) {
      onEnd.run();
    }
  }

  @Override
  public void emitWatermark(long watermark) {}

  /** Ends the result with an error that the next fetch reports. */
  public void fail(RuntimeException error) {
    lock.lock();
    try {
      if (!ended) {
        failure = error;
        ended = true;
      }
      arrived.signalAll();
      drained.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Ends the result normally: rows already waiting can still be fetched. */
  public void end() {
    lock.lock();
    try {
      ended = true;
      arrived.signalAll();
      drained.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes up to {@code max} rows, waiting up to {@code timeoutMillis} for the first one. Returns
   * an empty, not-done poll when nothing arrived in time. Throws the failure once rows that
   * arrived before it are taken.
   */
  public Poll poll(int max, long timeoutMillis) throws InterruptedException {
    lock.lock();
    try {
      long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      while (rows.isEmpty() && !ended && nanos > 0) {
        nanos = arrived.awaitNanos(nanos);
      }
      if (rows.isEmpty() && failure != null) {
        throw failure;
      }
      List<Object[]> out = new ArrayList<>(Math.min(max, rows.size()));
      while (out.size() < max && !rows.isEmpty()) {
        out.add(rows.pollFirst());
      }
      if (!out.isEmpty()) {
        drained.signalAll();
      }
      return new Poll(out, ended && rows.isEmpty() && failure == null);
    } finally {
      lock.unlock();
    }
  }

  public int waiting() {
    lock.lock();
    try {
      return rows.size();
    } finally {
      lock.unlock();
    }
  }

  /** Most rows that may wait for the client. */
  public int capacity() {
    return capacity;
  }

  public long accepted() {
    lock.lock();
    try {
      return accepted;
    } finally {
      lock.unlock();
    }
  }
}
