package io.sluice.runtime.job;

import io.sluice.runtime.storage.Storage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the server-owned queries (materialized views and jobs) in rounds, on one thread. A round
 * takes every stream append queued since the last one and hands it to each query reading that
 * stream; a view's changes reach the views and jobs over it in the same round. Then it commits
 * once: every query's state, results, sink writes and input positions.
 *
 * <p>This gives the properties dashboards and crash recovery need. A committed version of the
 * store is a consistent cut: every view reflects the same input positions (a round holds the
 * store's lock, so INSERTs commit between rounds, never during one). After a crash every query
 * resumes from the positions of the last round, and since the writes of that round committed
 * with them, nothing is lost or doubled. One thread is enough for a 2-core server and keeps
 * every query's operators single-threaded; a round is cut at {@link #ROUND_ROWS} rows so that
 * a large backfill never holds INSERTs back for long.
 */
public final class Maintainer implements AutoCloseable {
  static final Logger LOG = LoggerFactory.getLogger(Maintainer.class);

  /** Most stream rows one round processes; the rest of a large append waits for the next. */
  static final int ROUND_ROWS = 16_384;
  /** How often joins and processing-time operators are shown the clock when no rows come. */
  private static final long TICK_MILLIS = 100;

  private final Storage storage;
  private final Map<String, Pipeline> pipelines = new LinkedHashMap<>();
  private final Object queueLock = new Object();
  private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
  /** Deliveries queued, and deliveries processed and committed (guarded by queueLock). */
  private long enqueued;
  private long completed;
  private volatile long cut;
  private volatile boolean closed;
  private final Thread thread;

  /** Rows a stream gave one pipeline input; {@code first} is the position of rows[0]. */
  private record Delivery(Pipeline pipeline, int input, long first, List<Object[]> rows,
      long enqueuedAtMillis, long number) {}

  public Maintainer(Storage storage) {
    this.storage = storage;
    this.cut = storage.lastCommitted();
    this.thread = new Thread(this::run, "sluice-views");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Starts a pipeline: it reads its streams after the positions it last committed (all the
   * rows they retain, for a new one), then every append, and views over views from their rows
   * now (new) or their next changes (resumed).
   */
  public void start(Pipeline pipeline) {
    storage.transaction(() -> {
      synchronized (pipelines) {
        if (pipelines.containsKey(pipeline.name())) {
          throw new IllegalStateException(pipeline.name() + " is running already");
        }
        pipelines.put(pipeline.name(), pipeline);
      }
      pipeline.attach(this);
    });
    publishCut();
  }

  /** Stops and deletes a pipeline: its state, result and positions. */
  public void drop(String name) {
    storage.transaction(() -> {
      Pipeline p;
      synchronized (pipelines) {
        p = pipelines.remove(name);
      }
      if (p != null) {
        p.drop();
        storage.dropPrefix(p.progressMapName());
      }
    });
    publishCut();
  }

  /** The running pipelines, in start order. */
  public List<Pipeline> list() {
    synchronized (pipelines) {
      return new ArrayList<>(pipelines.values());
    }
  }

  public Pipeline find(String name) {
    synchronized (pipelines) {
      return pipelines.get(name);
    }
  }

  /** Marks {@code p} failed with {@code cause} in a transaction of its own (from any thread). */
  void failLater(Pipeline p, Throwable cause) {
    storage.transaction(() -> p.fail(cause));
  }

  /** Queues rows a stream gave a pipeline; called on the appending thread after its commit. */
  void enqueue(Pipeline p, int input, long first, List<Object[]> rows) {
    long now = System.currentTimeMillis();
    synchronized (queueLock) {
      queue.addLast(new Delivery(p, input, first, rows, now, ++enqueued));
      if (p.lagMillis() == 0) {
        p.pendingSince(now);
      }
      queueLock.notifyAll();
    }
  }

  /**
   * The committed version to read views at: waits (up to {@code waitMillis}) until every
   * append committed before this call has been processed, so a reader sees its own INSERTs;
   * past the wait, the newest cut, which is consistent but older.
   */
  public long readCut(long waitMillis) throws InterruptedException {
    long deadline = System.nanoTime() + waitMillis * 1_000_000;
    synchronized (queueLock) {
      long target = enqueued;
      while (completed < target && !closed) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          break;
        }
        queueLock.wait(left);
      }
    }
    return cut;
  }

  private void publishCut() {
    cut = Math.max(cut, storage.lastCommitted());
  }

  private void run() {
    long lastTick = 0;
    while (!closed) {
      try {
        synchronized (queueLock) {
          if (queue.isEmpty()) {
            queueLock.wait(TICK_MILLIS);
          }
        }
        if (closed) {
          return;
        }
        long now = System.nanoTime();
        boolean tick = now - lastTick >= TICK_MILLIS * 1_000_000;
        boolean work;
        synchronized (queueLock) {
          work = !queue.isEmpty();
        }
        if (work || (tick && !list().isEmpty())) {
          round(tick);
          if (tick) {
            lastTick = now;
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | Error e) {
        // A pipeline's own failures are caught where they happen; this is the maintainer's.
        LOG.error("A round of materialized views and jobs failed; retrying", e);
        sleepQuietly(1_000);
      }
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Takes queued deliveries up to {@link #ROUND_ROWS} rows, processes them, commits. */
  private void round(boolean tick) {
    long[] done = {-1};
    storage.transaction(() -> {
      // Taken under the store's lock: no append is between its commit and its queueing.
      List<Delivery> taken = take();
      Collection<Pipeline> running = list();
      for (Delivery d : taken) {
        if (running.contains(d.pipeline)) {
          d.pipeline.process(d.input, d.first, d.rows);
        }
        done[0] = d.number;
      }
      if (tick) {
        long now = System.nanoTime();
        for (Pipeline p : running) {
          p.tick(now);
        }
      }
    });
    publishCut();
    synchronized (queueLock) {
      if (done[0] >= 0) {
        // Deliveries are processed in queue order; a split one is put back at the front.
        Delivery next = queue.peekFirst();
        completed = next == null ? enqueued : next.number - 1;
      }
      Map<Pipeline, Long> oldest = new HashMap<>();
      for (Delivery d : queue) {
        oldest.putIfAbsent(d.pipeline, d.enqueuedAtMillis);
      }
      for (Pipeline p : list()) {
        p.pendingSince(oldest.getOrDefault(p, 0L));
      }
      queueLock.notifyAll();
    }
  }

  private List<Delivery> take() {
    List<Delivery> taken = new ArrayList<>();
    int rows = 0;
    synchronized (queueLock) {
      while (!queue.isEmpty() && rows < ROUND_ROWS) {
        Delivery d = queue.pollFirst();
        int room = ROUND_ROWS - rows;
        if (d.rows.size() > room) {
          taken.add(new Delivery(d.pipeline, d.input, d.first, d.rows.subList(0, room),
              d.enqueuedAtMillis, d.number - 1));
          queue.addFirst(new Delivery(d.pipeline, d.input, d.first + room,
              d.rows.subList(room, d.rows.size()), d.enqueuedAtMillis, d.number));
          rows += room;
          break;
        }
        taken.add(d);
        rows += d.rows.size();
      }
    }
    return taken;
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Pipeline p : list()) {
      p.closeDataflow();
    }
  }
}
