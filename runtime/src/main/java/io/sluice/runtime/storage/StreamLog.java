package io.sluice.runtime.storage;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.h2.mvstore.MVMap;

/**
 * A memory-connector stream: the rows it retains (durable in {@link Storage}, mirrored in memory
 * for scans) and its live subscribers. Appends are totally ordered: a subscriber sees every row
 * appended after it subscribed, once, in append order; a scan sees whole statements only.
 * Subscribers are handed an append's rows after its commit and must only queue them: an append
 * never waits for a live query to process what it wrote.
 */
public final class StreamLog {
  private final Storage storage;
  private final String mapName;
  private final MVMap<Long, Object[]> map;
  private final Clock clock;
  private final Object lock = new Object();
  private final ArrayDeque<Retained> retained = new ArrayDeque<>();
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final Retention retention;
  private long nextSeq;

  private record Retained(long seq, long appendedAt, Object[] row) {}

  private record Subscriber(PositionedReader reader, Consumer<Throwable> onFailure) {}

  /** Takes the rows of each append, in append order, on the appending thread. */
  @FunctionalInterface
  public interface Reader {
    /**
     * Called once per append with its committed rows (unmodifiable; the rows must not be
     * changed). Must return quickly and never block: queue the rows, process them elsewhere.
     */
    void appended(List<Object[]> rows);
  }

  /**
   * Takes the rows of each append with the position of its first row: rows are numbered from
   * 0 in append order, and the numbers are durable, so a reader that records the last position
   * it processed can resume after it ({@link #subscribeAfter}).
   */
  @FunctionalInterface
  public interface PositionedReader {
    /** As {@link Reader#appended}; {@code first} is the position of {@code rows.get(0)}. */
    void appended(long first, List<Object[]> rows);
  }

  StreamLog(Storage storage, String mapName, Retention retention, Clock clock) {
    this.storage = storage;
    this.mapName = mapName;
    this.map = storage.map(mapName);
    this.retention = retention;
    this.clock = clock;
    for (Map.Entry<Long, Object[]> e : map.entrySet()) {
      Object[] stored = e.getValue();
      int n = stored.length - 1;
      Object[] row = new Object[n];
      System.arraycopy(stored, 0, row, 0, n);
      retained.addLast(new Retained(e.getKey(), (Long) stored[n], row));
      nextSeq = e.getKey() + 1;
    }
  }

  /** Opens the stream stored under {@code name}, loading the rows it retains. */
  public static StreamLog open(Storage storage, String name, Retention retention) {
    return new StreamLog(storage, "stream." + name, retention, Clock.systemUTC());
  }

  /**
   * Appends rows durably, all or none, then hands them to every subscriber. Returns once the
   * rows are committed to the store; subscribers process them on threads of their own.
   */
  public void append(List<Object[]> rows) {
    if (rows.isEmpty()) {
      return;
    }
    // The store's lock before the log's: a job's round holds the store's while it appends.
    storage.transaction(() -> {
      synchronized (lock) {
        long now = clock.millis();
        long seq = nextSeq;
        for (Object[] row : rows) {
          Object[] stored = new Object[row.length + 1];
          System.arraycopy(row, 0, stored, 0, row.length);
          stored[row.length] = now;
          map.put(seq++, stored);
        }
        evict(now, rows.size());
        long first = nextSeq;
        for (Object[] row : rows) {
          retained.addLast(new Retained(nextSeq++, now, row));
        }
        trimMemory(now);
        if (!subscribers.isEmpty()) {
          // A copy: the caller may reuse its list, and readers process the rows later.
          List<Object[]> committed = Collections.unmodifiableList(new ArrayList<>(rows));
          storage.afterCommit(() -> deliver(first, committed));
        }
      }
    });
  }

  private void deliver(long first, List<Object[]> committed) {
    for (Subscriber s : subscribers) {
      try {
        s.reader.appended(first, committed);
      } catch (RuntimeException | Error e) {
        // A failing live query must not fail the insert or other queries: detach it.
        subscribers.remove(s);
        s.onFailure.accept(e);
      }
    }
  }

  /** Removes from the store what retention drops once {@code incoming} more rows are kept. */
  private void evict(long now, int incoming) {
    Retention r = retention;
    long excess = retained.size() + (long) incoming - r.maxRows();
    long oldest = r.oldestAllowedMillis(now);
    for (Retained old : retained) {
      if (excess <= 0 && old.appendedAt >= oldest) {
        break;
      }
      map.remove(old.seq);
      excess--;
    }
  }

  private void trimMemory(long now) {
    Retention r = retention;
    long oldest = r.oldestAllowedMillis(now);
    while (!retained.isEmpty()
        && (retained.size() > r.maxRows() || retained.peekFirst().appendedAt < oldest)) {
      retained.pollFirst();
    }
  }

  /** The rows retained now, oldest first. */
  public List<Object[]> snapshot() {
    synchronized (lock) {
      trimMemory(clock.millis());
      List<Object[]> rows = new ArrayList<>(retained.size());
      for (Iterator<Retained> it = retained.iterator(); it.hasNext(); ) {
        rows.add(it.next().row);
      }
      return rows;
    }
  }

  public int retainedCount() {
    synchronized (lock) {
      return retained.size();
    }
  }

  /**
   * Hands every append from now on to {@code reader}, on the appending thread. If the reader
   * throws, it is detached and {@code onFailure} is told why.
   */
  public Subscription subscribe(Reader reader, Consumer<Throwable> onFailure) {
    Subscriber s = new Subscriber((first, rows) -> reader.appended(rows), onFailure);
    synchronized (lock) {
      subscribers.add(s);
    }
    return () -> subscribers.remove(s);
  }

  /**
   * Hands {@code reader} the retained rows after position {@code after} (all of them for -1),
   * as one append, then every append from now on: no row missed or given twice between the
   * two. Returns the subscription and the first position the log still had (greater than
   * {@code after + 1} when retention dropped rows the reader never saw).
   */
  public Resumed subscribeAfter(long after, PositionedReader reader,
      Consumer<Throwable> onFailure) {
    Subscriber s = new Subscriber(reader, onFailure);
    Resumed[] resumed = new Resumed[1];
    // Under the store's lock too: an append's rows are retained before its commit hands them
    // to subscribers, and a subscriber added in between would be given them twice.
    storage.transaction(() -> {
      synchronized (lock) {
        trimMemory(clock.millis());
        List<Object[]> backlog = new ArrayList<>();
        long first = -1;
        for (Retained r : retained) {
          if (r.seq > after) {
            if (first < 0) {
              first = r.seq;
            }
            backlog.add(r.row);
          }
        }
        if (!backlog.isEmpty()) {
          reader.appended(first, Collections.unmodifiableList(backlog));
        }
        subscribers.add(s);
        long oldest = retained.isEmpty() ? nextSeq : retained.peekFirst().seq;
        resumed[0] = new Resumed(() -> subscribers.remove(s), Math.max(oldest, after + 1));
      }
    });
    return resumed[0];
  }

  /** A subscription, and the first position it delivers from. */
  public record Resumed(Subscription subscription, long firstPosition) {}

  /** The position the next appended row gets. */
  public long nextPosition() {
    synchronized (lock) {
      return nextSeq;
    }
  }

  public int subscriberCount() {
    return subscribers.size();
  }

  /** Deletes the stream's rows from the store; the log must not be used afterwards. */
  public void drop() {
    // The store's lock first, as append takes them.
    storage.transaction(() -> {
      synchronized (lock) {
        subscribers.clear();
        retained.clear();
        storage.drop(mapName);
      }
    });
  }
}
