package io.sluice.runtime.job;

import io.sluice.runtime.state.GroupKey;
import io.sluice.runtime.state.StateDataType;
import io.sluice.runtime.storage.Storage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the server-owned queries (materialized views and jobs) in epochs, on one thread. It
 * takes the stream appends queued since it last looked and hands each to every query reading
 * that stream (a view's changes reach the views and jobs over it at once); operators work in
 * memory, as a live query's do. When nothing more is queued (or {@link #EPOCH_MILLIS} have
 * passed), it ends the epoch: one transaction of the server's store writes every query's
 * changed state, its result or sink writes, and its input positions, and commits.
 *
 * <p>This gives the properties dashboards and crash recovery need. The appends of one INSERT
 * are queued for all its readers under the store's lock, and taken under it, so every epoch
 * ends with all views at the same input positions: a committed version of the store is a
 * consistent cut, which is what reads of views take. After a crash every query resumes from
 * the positions of its last epoch, and since its writes committed with them, nothing is lost
 * or doubled. INSERTs never wait for processing, only for an epoch's short flush. One thread
 * is enough for a 2-core server and keeps every query's operators single-threaded.
 */
public final class Maintainer implements AutoCloseable {
  static final Logger LOG = LoggerFactory.getLogger(Maintainer.class);

  /** Most stream rows one step processes; a larger append (a backfill) is split. */
  static final int STEP_ROWS = 16_384;
  /** Longest an epoch runs under steady input before it is flushed (and visible). */
  static final long EPOCH_MILLIS = 50;
  /** Shortest time between two flushes: each is a commit, appended to the store's file. */
  static final long MIN_FLUSH_MILLIS = 20;
  /** How often joins and processing-time operators are shown the clock when no rows come. */
  private static final long TICK_MILLIS = 100;

  private final Storage storage;
  private final Map<String, Pipeline> pipelines = new LinkedHashMap<>();
  /** Held while processing and flushing; starting, dropping and following views take it. */
  private final ReentrantLock epochLock = new ReentrantLock();
  private final Object queueLock = new Object();
  private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
  /** Deliveries queued, processed, and made visible by a flush (guarded by queueLock). */
  private long enqueued;
  private long processed;
  private long completed;
  private volatile ViewCut cut = ViewCut.EMPTY;
  /** In memory: each view's result as readers see it, versioned by epoch (see ViewCut). */
  private final MVStore mirrors = new MVStore.Builder().autoCommitDisabled().open();
  private volatile boolean closed;
  private final Thread thread;

  /**
   * Rows a stream gave one pipeline input; {@code first} is the position of rows[0]. The
   * deliveries of one INSERT to its several readers share one {@code rows} list; a
   * {@code backlog} (the rows a new or resumed pipeline catches up on) is its reader's alone.
   */
  private record Delivery(Pipeline pipeline, int input, long first, List<Object[]> rows,
      long enqueuedAtMillis, long number, boolean backlog) {}

  /** Failures reported from other threads, handled by the maintainer's (under its lock). */
  private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> failures =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  public Maintainer(Storage storage) {
    this.storage = storage;
    this.thread = new Thread(this::run, "sluice-views");
    thread.setDaemon(true);
    thread.start();
  }

  /** The in-memory map that mirrors view {@code name}'s result for readers (created empty). */
  MVMap<GroupKey, Long> mirror(String name) {
    epochLock.lock();
    try {
      String mapName = "view." + name;
      if (mirrors.hasMap(mapName)) {
        mirrors.removeMap(mapName); // a view of this name dropped before
      }
      return mirrors.openMap(mapName, new MVMap.Builder<GroupKey, Long>()
          .keyType(stateType()).valueType(stateType()));
    } finally {
      epochLock.unlock();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> org.h2.mvstore.type.DataType<T> stateType() {
    return (org.h2.mvstore.type.DataType<T>) (org.h2.mvstore.type.DataType<?>)
        StateDataType.INSTANCE;
  }

  void dropMirror(String mapName) {
    if (mirrors.hasMap(mapName)) {
      mirrors.removeMap(mapName);
    }
  }

  /** The lock held while epochs are processed and flushed. */
  public Lock epochLock() {
    return epochLock;
  }

  /**
   * Starts a pipeline: it reads its streams after the positions it last committed (all the
   * rows they retain, for a new one), then every append, and views over views from their rows
   * now (new) or their next changes (resumed).
   */
  public void start(Pipeline pipeline) {
    epochLock.lock();
    try {
      synchronized (pipelines) {
        if (pipelines.containsKey(pipeline.name())) {
          throw new IllegalStateException(pipeline.name() + " is running already");
        }
        pipelines.put(pipeline.name(), pipeline);
      }
      try {
        storage.transaction(() -> pipeline.attach(this));
      } catch (RuntimeException | Error e) {
        synchronized (pipelines) {
          pipelines.remove(pipeline.name());
        }
        pipeline.closeDataflow();
        throw e;
      }
      flushLocked();
    } finally {
      epochLock.unlock();
    }
  }

  /** Stops and deletes a pipeline: its state, result and positions. */
  public void drop(String name) {
    epochLock.lock();
    try {
      Pipeline p;
      synchronized (pipelines) {
        p = pipelines.remove(name);
      }
      if (p != null) {
        storage.transaction(() -> {
          p.drop();
          storage.dropPrefix(p.progressMapName());
        });
      }
    } finally {
      epochLock.unlock();
    }
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

  /** Queues rows a stream gave a pipeline; called on the appending thread after its commit. */
  void enqueue(Pipeline p, int input, long first, List<Object[]> rows, boolean backlog) {
    long now = System.currentTimeMillis();
    synchronized (queueLock) {
      queue.addLast(new Delivery(p, input, first, rows, now, ++enqueued, backlog));
      if (p.lagMillis() == 0) {
        p.pendingSince(now);
      }
      queueLock.notifyAll();
    }
  }

  /**
   * Marks {@code p} failed with {@code cause}, from any thread (an INSERT's, holding the store's
   * lock; an outbox writer's): the maintainer's thread does it, under its lock, and stores it at
   * its next flush.
   */
  void failLater(Pipeline p, Throwable cause) {
    failures.add(() -> p.fail(cause));
    synchronized (queueLock) {
      queueLock.notifyAll();
    }
  }

  /**
   * How many appends have been queued so far: a session's INSERT is flushed into the views once
   * {@link #readCut(long, long)} with the count taken after it returns.
   */
  public long queuedSoFar() {
    synchronized (queueLock) {
      return enqueued;
    }
  }

  /**
   * The committed version to read views at, once the first {@code appends} queued appends are
   * in it (waiting up to {@code waitMillis}); so a session reads its own writes without waiting
   * for everyone else's.
   */
  public ViewCut readCut(long appends, long waitMillis) throws InterruptedException {
    long deadline = System.nanoTime() + waitMillis * 1_000_000;
    synchronized (queueLock) {
      long target = Math.min(appends, enqueued);
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

  private void run() {
    long lastTick = System.nanoTime();
    long lastFlush = System.nanoTime();
    long epochStart = 0;
    boolean unflushed = false;
    while (!closed) {
      try {
        boolean empty;
        synchronized (queueLock) {
          if (queue.isEmpty() && failures.isEmpty()) {
            long wait = unflushed
                ? Math.max(1, MIN_FLUSH_MILLIS - (System.nanoTime() - lastFlush) / 1_000_000)
                : TICK_MILLIS;
            queueLock.wait(wait);
          }
          empty = queue.isEmpty();
        }
        if (closed) {
          return;
        }
        long now = System.nanoTime();
        boolean tick = now - lastTick >= TICK_MILLIS * 1_000_000;
        if (empty && !tick && !unflushed && failures.isEmpty()) {
          continue;
        }
        epochLock.lock();
        try {
          Runnable failure;
          while ((failure = failures.poll()) != null) {
            failure.run();
            unflushed = true;
          }
          if (!empty) {
            if (!unflushed) {
              epochStart = now;
            }
            step();
            unflushed = true;
          }
          if (tick) {
            lastTick = now;
            for (Pipeline p : list()) {
              p.tick(now);
            }
            unflushed = true;
          }
          boolean drained;
          synchronized (queueLock) {
            drained = queue.isEmpty();
          }
          long sinceFlush = (System.nanoTime() - lastFlush) / 1_000_000;
          if (unflushed && ((drained && sinceFlush >= MIN_FLUSH_MILLIS)
              || (System.nanoTime() - epochStart) / 1_000_000 >= EPOCH_MILLIS)) {
            flushLocked();
            lastFlush = System.nanoTime();
            unflushed = false;
          }
        } finally {
          epochLock.unlock();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | Error e) {
        // A pipeline's own failures are caught where they happen; this is the maintainer's.
        LOG.error("An epoch of materialized views and jobs failed; retrying", e);
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

  /** Takes queued appends (whole ones: an append's rows for every reader) and processes them. */
  private void step() {
    List<Delivery> taken = new ArrayList<>();
    // Under the store's lock: an INSERT's rows are queued for all its readers in its commit's
    // hook, which holds the lock, so the rows are taken for all readers or for none.
    storage.locked(() -> taken.addAll(take()));
    List<Pipeline> running = list();
    for (Delivery d : taken) {
      if (running.contains(d.pipeline)) {
        d.pipeline.process(d.input, d.first, d.rows);
      }
    }
    synchronized (queueLock) {
      Delivery next = queue.peekFirst();
      processed = next == null ? enqueued : next.number - 1;
    }
  }

  /**
   * Takes deliveries up to about {@link #STEP_ROWS} rows, never part of an INSERT: its
   * deliveries to all its readers are taken together (a step's end may flush, and every view
   * of a cut must be at the same position). A backlog, one reader's alone, is taken a slice at
   * a time.
   */
  private List<Delivery> take() {
    List<Delivery> taken = new ArrayList<>();
    int rows = 0;
    synchronized (queueLock) {
      while (!queue.isEmpty()) {
        Delivery d = queue.peekFirst();
        boolean sameAppend = !taken.isEmpty() && taken.get(taken.size() - 1).rows == d.rows;
        if (rows >= STEP_ROWS && !sameAppend) {
          break;
        }
        queue.pollFirst();
        if (d.backlog && d.rows.size() > STEP_ROWS) {
          taken.add(new Delivery(d.pipeline, d.input, d.first, d.rows.subList(0, STEP_ROWS),
              d.enqueuedAtMillis, d.number - 1, true));
          queue.addFirst(new Delivery(d.pipeline, d.input, d.first + STEP_ROWS,
              d.rows.subList(STEP_ROWS, d.rows.size()), d.enqueuedAtMillis, d.number, true));
          break;
        }
        taken.add(d);
        rows += d.rows.size();
      }
    }
    return taken;
  }

  /** Ends the epoch: writes every pipeline's changes and commits; holding the epoch lock. */
  private void flushLocked() {
    long done;
    synchronized (queueLock) {
      done = processed;
    }
    storage.transaction(() -> {
      for (Pipeline p : list()) {
        try {
          p.flush();
        } catch (RuntimeException | Error e) {
          // One pipeline that cannot write (a value its sink refuses) fails alone; the epoch
          // of the others commits.
          p.fail(e);
        }
      }
    });
    mirrors.commit();
    // The roots now are the ones just committed (only a flush, under the epoch lock, changes
    // the mirrors): a read-only map of each is that epoch's result, for as long as it is read.
    long version = mirrors.getCurrentVersion();
    Map<String, MVMap<GroupKey, Long>> results = new HashMap<>();
    for (Pipeline p : list()) {
      if (p.sink() instanceof ViewSink v) {
        results.put(p.name(), v.result().snapshot(version));
      }
    }
    cut = new ViewCut(version, Map.copyOf(results));
    synchronized (queueLock) {
      completed = Math.max(completed, done);
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

  @Override
  public void close() {
    // Not interrupted: an interrupt during a flush's file write would close the store's file.
    closed = true;
    synchronized (queueLock) {
      queueLock.notifyAll();
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    epochLock.lock();
    try {
      flushLocked();
      for (Pipeline p : list()) {
        p.closeDataflow();
      }
      mirrors.close();
    } finally {
      epochLock.unlock();
    }
  }
}
