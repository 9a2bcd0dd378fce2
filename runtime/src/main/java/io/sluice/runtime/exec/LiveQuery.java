package io.sluice.runtime.exec;

import io.sluice.runtime.state.StateStore;
import io.sluice.runtime.storage.StreamLog;
import io.sluice.runtime.storage.Subscription;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running continuous query whose results a client reads: a source subscription feeding a
 * pipeline that ends in a {@link ResultBuffer}. Rows are processed on the thread that appends
 * them to the source, under the source's lock, so operators see one batch at a time; the
 * client's fetches only take from the buffer. The query's state store closes with it.
 */
public final class LiveQuery implements AutoCloseable {
  /** Lifecycle; a query leaves RUNNING once and never returns. */
  public enum State { RUNNING, FINISHED, CANCELLED, FAILED }

  private final String id;
  private final String sql;
  private final Pipeline pipeline;
  private final ResultBuffer buffer;
  private final QueryMetrics metrics;
  private final StateStore stateStore;
  private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
  private final long startedAt = System.currentTimeMillis();
  private volatile Subscription subscription;
  private volatile long lastAccessNanos = System.nanoTime();

  public LiveQuery(String id, String sql, List<Operator> operators, ResultBuffer buffer,
      QueryMetrics metrics, StateStore state) {
    this.id = id;
    this.sql = sql;
    this.buffer = buffer;
    this.metrics = metrics;
    this.stateStore = state;
    this.pipeline = new Pipeline(operators, buffer);
    buffer.onEnd(() -> finish(State.FINISHED));
  }

  /** A source that pushes rows to the query from a thread of its own. */
  @FunctionalInterface
  public interface Producer {
    /** Pushes rows to {@code out} until done or until {@code stopped} turns true. */
    void run(Output out, java.util.function.BooleanSupplier stopped) throws Exception;
  }

  /**
   * Starts {@code producer} on a daemon thread feeding the pipeline; when it is done the
   * result ends once its rows are fetched.
   */
  public void start(Producer producer) {
    Thread t = new Thread(() -> {
      try {
        producer.run(pipeline, () -> state.get() != State.RUNNING);
        if (state.get() == State.RUNNING) {
          buffer.end();
          finish(State.FINISHED);
        }
      } catch (Exception | Error e) {
        failed(e);
      }
    }, "sluice-source-" + id);
    t.setDaemon(true);
    t.start();
  }

  /** Starts reading rows appended to {@code source} from now on. */
  public void start(StreamLog source) {
    subscription = source.subscribe(pipeline, this::failed);
    if (state.get() != State.RUNNING) {
      subscription.close();
    }
  }

  private void failed(Throwable error) {
    RuntimeException e = error instanceof RuntimeException r
        ? r : new IllegalStateException("live query failed: " + error, error);
    buffer.fail(e);
    finish(State.FAILED);
  }

  private void finish(State end) {
    if (state.compareAndSet(State.RUNNING, end)) {
      Subscription s = subscription;
      if (s != null) {
        s.close();
      }
      pipeline.close();
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

  public QueryMetrics metrics() {
    return metrics;
  }

  public long rowsEmitted() {
    return buffer.accepted();
  }

  public int rowsWaiting() {
    return buffer.waiting();
  }

  /** Nanoseconds (System.nanoTime) of the client's last fetch. */
  public long lastAccessNanos() {
    return lastAccessNanos;
  }
}
