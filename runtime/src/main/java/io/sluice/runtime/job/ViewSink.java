package io.sluice.runtime.job;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.change.ChangeKind;
import io.sluice.runtime.storage.Storage;
import io.sluice.runtime.storage.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A materialized view's sink: applies the result's changes to its {@link ResultTable}, hands
 * them at once to the views defined over this one (in the same round, so they commit together),
 * and, once the round commits, to live queries following the view.
 */
public final class ViewSink implements Sink, ChangeFeed {
  private final Storage storage;
  private final ResultTable result;
  private final boolean changelog;
  private final List<Listener> inline = new CopyOnWriteArrayList<>();
  private final List<Listener> followers = new CopyOnWriteArrayList<>();
  /** This round's changes and last watermark, for followers once it commits. */
  private ChangeBatch pending;
  private long pendingWatermark = Long.MIN_VALUE;
  private volatile long watermark = Long.MIN_VALUE;
  private volatile RuntimeException failure;

  public ViewSink(Storage storage, String mapName, boolean changelog) {
    this.storage = storage;
    this.result = new ResultTable(storage, mapName);
    this.changelog = changelog;
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
    ChangeBatch copy = copy(changes);
    for (Listener l : inline) {
      l.changed(copy(copy));
    }
    if (!followers.isEmpty()) {
      if (pending == null) {
        pending = new ChangeBatch(copy.size());
        storage.afterCommit(this::publish);
      }
      for (int i = 0; i < copy.size(); i++) {
        pending.add(copy.kind(i), copy.row(i));
      }
    }
  }

  @Override
  public void watermark(long wm) {
    watermark = wm;
    for (Listener l : inline) {
      l.watermark(wm);
    }
    if (!followers.isEmpty()) {
      if (pending == null) {
        pending = new ChangeBatch(16);
        storage.afterCommit(this::publish);
      }
      pendingWatermark = wm;
    }
  }

  private void publish() {
    ChangeBatch changes = pending;
    long wm = pendingWatermark;
    pending = null;
    pendingWatermark = Long.MIN_VALUE;
    for (Listener l : followers) {
      if (!changes.isEmpty()) {
        l.changed(copy(changes));
      }
      if (wm != Long.MIN_VALUE) {
        l.watermark(wm);
      }
    }
  }

  private static ChangeBatch copy(ChangeBatch b) {
    ChangeBatch c = new ChangeBatch(b.size());
    for (int i = 0; i < b.size(); i++) {
      c.add(b.kind(i), b.row(i));
    }
    return c;
  }

  /** The result's watermark, or Long.MIN_VALUE before the first. */
  public long currentWatermark() {
    return watermark;
  }

  @Override
  public long rows() {
    return result.size();
  }

  @Override
  public Subscription subscribe(Listener listener) {
    return follow(listener, followers, true);
  }

  /**
   * Like {@link #subscribe}, for a view or job over this view: its changes arrive inside the
   * round that makes them, so both commit them together. A reader resuming after a restart
   * already holds the rows now, and asks for the changes only.
   */
  Subscription subscribeInline(Listener listener, boolean withRowsNow) {
    return follow(listener, inline, withRowsNow);
  }

  private Subscription follow(Listener listener, List<Listener> into, boolean withRowsNow) {
    // Under the store's lock, between rounds: the rows now are exactly the committed ones, and
    // every later change reaches the listener.
    storage.transaction(() -> {
      RuntimeException failed = failure;
      if (failed != null) {
        listener.failed(failed);
        return;
      }
      List<Object[]> now = withRowsNow ? result.current() : List.of();
      if (!now.isEmpty()) {
        ChangeBatch snapshot = new ChangeBatch(now.size());
        for (Object[] row : now) {
          snapshot.add(ChangeKind.INSERT, row);
        }
        listener.changed(snapshot);
      }
      if (watermark != Long.MIN_VALUE) {
        listener.watermark(watermark);
      }
      into.add(listener);
    });
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
    storage.dropPrefix(resultPrefix());
  }

  private String resultPrefix() {
    return result.mapName();
  }
}
