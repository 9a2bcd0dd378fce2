package io.sluice.runtime.job;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.change.ChangeKind;
import io.sluice.runtime.storage.Storage;
import io.sluice.runtime.storage.Subscription;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Lock;

/**
 * A materialized view's sink: applies the result's changes to its {@link ResultTable}, hands
 * them at once to the views and jobs defined over this one (in the same epoch, so they commit
 * together), and, once the epoch commits, to live queries following the view.
 */
public final class ViewSink implements Sink, ChangeFeed {
  private final Storage storage;
  private final ResultTable result;
  private final boolean changelog;
  /** The maintainer's lock: held while it processes and flushes. */
  private final Lock epochs;
  private final Maintainer maintainer;
  private final String name;
  private final List<Listener> inline = new CopyOnWriteArrayList<>();
  private final List<Listener> followers = new CopyOnWriteArrayList<>();
  /** This epoch's changes and last watermark, for followers once it commits. */
  private ChangeBatch pending = new ChangeBatch(64);
  private long pendingWatermark = Long.MIN_VALUE;
  private volatile long watermark = Long.MIN_VALUE;
  /** The watermark as of the last flush: what a new follower, given the flushed rows, gets. */
  private volatile long flushedWatermark = Long.MIN_VALUE;
  private volatile RuntimeException failure;

  /**
   * @param name the view's name
   * @param maintainer the maintainer that runs the view (its lock, its in-memory store)
   */
  public ViewSink(Storage storage, String mapName, String name, boolean changelog,
      Maintainer maintainer) {
    this.storage = storage;
    this.result = new ResultTable(storage, mapName, maintainer.mirror(name));
    this.changelog = changelog;
    this.epochs = maintainer.epochLock();
    this.maintainer = maintainer;
    this.name = name;
  }

  public ResultTable result() {
    return result;
  }

  @Override
  public boolean changelog() {
    return changelog;
  }

  @Override
  public void write(ChangeBatch changes) {
    result.apply(changes);
    for (Listener l : inline) {
      l.changed(copy(changes));
    }
    for (int i = 0; i < changes.size(); i++) {
      pending.add(changes.kind(i), changes.row(i));
    }
  }

  @Override
  public void watermark(long wm) {
    watermark = wm;
    pendingWatermark = wm;
    for (Listener l : inline) {
      l.watermark(wm);
    }
  }

  @Override
  public void flush() {
    result.flush();
    flushedWatermark = watermark;
    if (pending.isEmpty() && pendingWatermark == Long.MIN_VALUE) {
      return;
    }
    ChangeBatch changes = pending;
    long wm = pendingWatermark;
    pending = new ChangeBatch(64);
    pendingWatermark = Long.MIN_VALUE;
    if (!followers.isEmpty()) {
      storage.afterCommit(() -> {
        for (Listener l : followers) {
          if (!changes.isEmpty()) {
            l.changed(copy(changes));
          }
          if (wm != Long.MIN_VALUE) {
            l.watermark(wm);
          }
        }
      });
    }
  }

  private static ChangeBatch copy(ChangeBatch b) {
    ChangeBatch c = new ChangeBatch(b.size());
    for (int i = 0; i < b.size(); i++) {
      c.add(b.kind(i), b.row(i));
    }
    return c;
  }

  @Override
  public long rows() {
    return result.size();
  }

  /**
   * A live query following the view: the rows of the last committed epoch, then each epoch's
   * changes once it commits.
   */
  @Override
  public Subscription subscribe(Listener listener) {
    return follow(listener, followers, true, false);
  }

  /**
   * For a view or job over this view: the rows now, this epoch's changes included, then every
   * change as it is made, so that both commit them in the same epoch. A reader resuming after a
   * restart already holds the rows, and asks for the changes only.
   */
  Subscription subscribeInline(Listener listener, boolean withRowsNow) {
    return follow(listener, inline, withRowsNow, true);
  }

  private Subscription follow(Listener listener, List<Listener> into, boolean withRows,
      boolean withEpoch) {
    // Between the maintainer's steps: no change is made while the rows are read and the
    // listener added, so every later change reaches it and none before does twice.
    epochs.lock();
    try {
      RuntimeException failed = failure;
      if (failed != null) {
        listener.failed(failed);
        return () -> {};
      }
      List<Object[]> now = withRows ? result.current(withEpoch) : List.of();
      if (!now.isEmpty()) {
        ChangeBatch snapshot = new ChangeBatch(now.size());
        for (Object[] row : now) {
          snapshot.add(ChangeKind.INSERT, row);
        }
        listener.changed(snapshot);
      }
      long wm = withEpoch ? watermark : flushedWatermark;
      if (wm != Long.MIN_VALUE) {
        listener.watermark(wm);
      }
      into.add(listener);
    } finally {
      epochs.unlock();
    }
    return () -> into.remove(listener);
  }

  /** The view failed or was dropped: its followers end with {@code error}. */
  void fail(RuntimeException error) {
    failure = error;
    for (Listener l : followers) {
      l.failed(error);
    }
    for (Listener l : inline) {
      l.failed(error);
    }
    followers.clear();
    inline.clear();
  }

  /** Why the view failed, or null. */
  public RuntimeException failure() {
    return failure;
  }

  @Override
  public void drop() {
    storage.dropPrefix(result.mapName());
    maintainer.dropMirror(result.mirrorName());
  }
}
