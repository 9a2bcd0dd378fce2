package io.sluice.runtime.driver;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.change.ChangeKind;
import io.sluice.runtime.error.DataErrors;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import io.sluice.runtime.job.ChangeFeed;
import io.sluice.runtime.state.StateStore;
import io.sluice.runtime.storage.StreamLog;
import io.sluice.runtime.storage.Subscription;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running continuous query whose results a client reads: its sources (stream subscriptions or
 * generators) feed a {@link Dataflow} that ends in a {@link ResultBuffer}. An INSERT only queues
 * its committed rows in the query's inbox and returns; the inbox is drained on a thread of the
 * delivery executor, one drain at a time per query, so operators see one batch at a time and in
 * append order (the dataflow's lock still orders them against clock ticks). A query that falls
 * more than its buffer's capacity behind its streams fails rather than slowing the INSERTs.
 * The client's fetches only take from the buffer. The query's state store closes with it.
 */
public final class LiveQuery implements AutoCloseable {
  /** Lifecycle; a query leaves RUNNING once and never returns. */
  public enum State { RUNNING, FINISHED, CANCELLED, FAILED }

  private final String id;
  private final String sql;
  private final Dataflow dataflow;
  private final ResultBuffer buffer;
  private final QueryMetrics metrics;
  private final StateStore stateStore;
  private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
  private final long startedAt = System.currentTimeMillis();
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private final AtomicInteger runningProducers = new AtomicInteger();
  private final ConcurrentLinkedQueue<Appended> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicLong inboxRows = new AtomicLong();
  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile Executor delivery;
  private volatile long lastAccessNanos = System.nanoTime();

  /**
   * What a source gave dataflow input {@code input}, waiting to be processed: an append's rows,
   * or a view's changes ({@code changes} not null), or a view's watermark ({@code rows} and
   * {@code changes} null).
   */
  private record Appended(int input, List<Object[]> rows, ChangeBatch changes, long watermark) {
    int size() {
      return rows != null ? rows.size() : changes != null ? changes.size() : 0;
    }
  }

  /** Most rows one drain processes before it lets other queries' drains run. */
  private static final int DRAIN_SLICE_ROWS = 65_536;
  /** Most rows in one batch handed to the dataflow (consecutive appends are merged). */
  private static final int MAX_BATCH_ROWS = 8_192;

  /** @param dataflow the query's operators, already wired to end in {@code buffer} */
  public LiveQuery(String id, String sql, Dataflow dataflow, ResultBuffer buffer,
      QueryMetrics metrics, StateStore state) {
    this.id = id;
    this.sql = sql;
    this.buffer = buffer;
    this.metrics = metrics;
    this.stateStore = state;
    this.dataflow = dataflow;
    buffer.onEnd(() -> finish(State.FINISHED));
  }

  /** A source that pushes rows to the query from a thread of its own. */
  @FunctionalInterface
  public interface Producer {
    /** Pushes rows to {@code out} until done or until {@code stopped} turns true. */
    void run(Output out, java.util.function.BooleanSupplier stopped) throws Exception;
  }

  /** Where dataflow input i's rows come from. */
  public sealed interface Source {}

  /** Rows appended to a stream from now on; never ends by itself. */
  public record LogSource(StreamLog log) implements Source {}

  /** Rows a producer pushes from a thread of its own until it is done. */
  public record ProducedSource(Producer producer) implements Source {}

  /** A materialized view: its rows now, then its changes; never ends by itself. */
  public record FeedSource(ChangeFeed feed) implements Source {}

  /**
   * Starts reading {@code sources}, one per dataflow input in order; rows appended to a stream
   * are processed on {@code delivery}'s threads. When every source is a producer, the result
   * ends once all are done and their rows are fetched.
   */
  public void start(List<Source> sources, Executor delivery) {
    this.delivery = delivery;
    if (sources.size() != dataflow.inputCount()) {
      throw new IllegalArgumentException(sources.size() + " sources for a dataflow with "
          + dataflow.inputCount() + " inputs");
    }
    boolean endless = sources.stream().anyMatch(s -> !(s instanceof ProducedSource));
    for (int i = 0; i < sources.size(); i++) {
      Output input = dataflow.input(i);
      if (sources.get(i) instanceof LogSource l) {
        int index = i;
        subscriptions.add(l.log().subscribe(rows -> appended(index, rows), this::failed));
      } else if (sources.get(i) instanceof FeedSource f) {
        int index = i;
        subscriptions.add(f.feed().subscribe(new ChangeFeed.Listener() {
          @Override
          public void changed(ChangeBatch changes) {
            queue(new Appended(index, null, changes, 0));
          }

          @Override
          public void watermark(long watermark) {
            queue(new Appended(index, null, null, watermark));
          }

          @Override
          public void failed(RuntimeException error) {
            LiveQuery.this.failed(error);
          }
        }));
      } else if (sources.get(i) instanceof ProducedSource p) {
        runningProducers.incrementAndGet();
        startProducer(i, p.producer(), input, endless);
      }
    }
    if (state.get() != State.RUNNING) {
      subscriptions.forEach(Subscription::close);
    }
  }

  private void startProducer(int input, Producer producer, Output out, boolean endless) {
    Thread t = new Thread(() -> {
      try {
        producer.run(out, () -> state.get() != State.RUNNING);
        if (runningProducers.decrementAndGet() == 0 && !endless
            && state.get() == State.RUNNING) {
          buffer.end();
          finish(State.FINISHED);
        }
      } catch (Exception | Error e) {
        failed(e);
      }
    }, "sluice-source-" + id + "-" + input);
    t.setDaemon(true);
    t.start();
  }

  /** Queues an append's rows for input {@code input}; called on the appending thread. */
  private void appended(int input, List<Object[]> rows) {
    queue(new Appended(input, rows, null, 0));
  }

  private void queue(Appended appended) {
    if (state.get() != State.RUNNING) {
      return;
    }
    long behind = inboxRows.addAndGet(appended.size());
    if (behind > buffer.capacity()) {
      failed(new SluiceException(ErrorCode.QUERY_FAILED, "Live query " + id + " stopped: it"
          + " fell " + behind + " rows behind the streams it reads (limit " + buffer.capacity()
          + ", live.buffer.rows); give it a more selective WHERE clause, or raise"
          + " live.buffer.rows"));
      return;
    }
    inbox.add(appended);
    scheduleDrain();
  }

  private void scheduleDrain() {
    if (draining.compareAndSet(false, true)) {
      try {
        delivery.execute(this::drain);
      } catch (RuntimeException e) {
        draining.set(false);
        failed(e);
      }
    }
  }

  /**
   * Processes what the inbox holds, merging consecutive appends to one input into batches. Runs
   * on a delivery thread, never two at once for one query.
   */
  private void drain() {
    try {
      int done = 0;
      ChangeBatch batch = null;
      int batchInput = -1;
      Appended next;
      while (done < DRAIN_SLICE_ROWS && (next = inbox.poll()) != null) {
        inboxRows.addAndGet(-next.size());
        if (state.get() != State.RUNNING) {
          continue;
        }
        if (next.rows == null) {
          // A view's changes or watermark: after the rows before them, as they are.
          if (batch != null) {
            dataflow.input(batchInput).emit(batch);
            batch = null;
          }
          if (next.changes != null) {
            dataflow.input(next.input).emit(next.changes);
            done += next.changes.size();
          } else {
            dataflow.input(next.input).emitWatermark(next.watermark);
          }
          continue;
        }
        if (batch != null && (batchInput != next.input
            || batch.size() + next.rows.size() > MAX_BATCH_ROWS)) {
          dataflow.input(batchInput).emit(batch);
          batch = null;
        }
        if (batch == null) {
          batch = new ChangeBatch(Math.min(MAX_BATCH_ROWS, Math.max(16, next.rows.size())));
          batchInput = next.input;
        }
        for (Object[] row : next.rows) {
          batch.add(ChangeKind.INSERT, row);
        }
        done += next.rows.size();
      }
      if (batch != null && state.get() == State.RUNNING) {
        dataflow.input(batchInput).emit(batch);
      }
    } catch (RuntimeException | Error e) {
      failed(e);
    } finally {
      draining.set(false);
    }
    if (!inbox.isEmpty()) {
      scheduleDrain();
    } else {
      synchronized (inbox) {
        inbox.notifyAll();
      }
    }
  }

  /**
   * Waits up to {@code timeoutMillis} until the query has processed every row appended before
   * this call (so that its figures, SHOW QUERIES and SHOW OPERATORS, include them). Returns
   * whether it got there.
   */
  public boolean awaitProcessed(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    synchronized (inbox) {
      while ((inboxRows.get() > 0 || draining.get()) && state.get() == State.RUNNING) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        inbox.wait(Math.min(left, 10));
      }
    }
    return true;
  }

  /** Lets the dataflow see wall-clock time pass (for idle inputs); called periodically. */
  public void tick() {
    if (state.get() == State.RUNNING) {
      try {
        dataflow.idleCheck(System.nanoTime());
      } catch (RuntimeException e) {
        failed(e);
      }
    }
  }

  /**
   * Ends the query with {@code error}: bad data (a division by zero, a failed cast) as the
   * same user error a batch query gives, naming the query; anything else as internal.
   */
  private void failed(Throwable error) {
    SluiceException data = DataErrors.classify(error);
    RuntimeException e = data != null
        ? new SluiceException(data.code(), "Live query " + id + " stopped: " + data.getMessage(),
            error)
        : error instanceof RuntimeException r
            ? r : new IllegalStateException("live query failed: " + error, error);
    buffer.fail(e);
    finish(State.FAILED);
  }

  private void finish(State end) {
    if (state.compareAndSet(State.RUNNING, end)) {
      subscriptions.forEach(Subscription::close);
      inbox.clear();
      dataflow.close();
      stateStore.close();
    }
  }

  /** Takes the next rows for the client; see {@link ResultBuffer#poll}. */
  public ResultBuffer.Poll poll(int max, long timeoutMillis) throws InterruptedException {
    lastAccessNanos = System.nanoTime();
    try {
      return buffer.poll(max, timeoutMillis);
    } finally {
      lastAccessNanos = System.nanoTime();
    }
  }

  /** Ends the query with {@code why}: its client reads the rows so far, then the error. */
  public void stop(SluiceException why) {
    failed(why);
  }

  /** Stops the query: no more rows are read; the result ends. */
  public void cancel() {
    finish(State.CANCELLED);
    buffer.end();
  }

  @Override
  public void close() {
    cancel();
  }

  public String id() {
    return id;
  }

  public String sql() {
    return sql;
  }

  public State state() {
    return state.get();
  }

  public long startedAtMillis() {
    return startedAt;
  }

  /** The query's operators and their state sizes. */
  public List<Dataflow.Stage> stages() {
    return dataflow.stages();
  }

  public QueryMetrics metrics() {
    return metrics;
  }

  public long rowsEmitted() {
    return buffer.accepted();
  }

  /** Rows waiting: in the result for the client, and appended but not yet processed. */
  public int rowsWaiting() {
    return (int) Math.min(Integer.MAX_VALUE, buffer.waiting() + Math.max(0, inboxRows.get()));
  }

  /** Nanoseconds (System.nanoTime) of the client's last fetch. */
  public long lastAccessNanos() {
    return lastAccessNanos;
  }
}
