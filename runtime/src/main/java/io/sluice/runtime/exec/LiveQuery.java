package io.sluice.runtime.exec;

import io.sluice.runtime.error.DataErrors;
import io.sluice.runtime.error.SluiceException;
import io.sluice.runtime.state.StateStore;
import io.sluice.runtime.storage.StreamLog;
import io.sluice.runtime.storage.Subscription;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running continuous query whose results a client reads: its sources (stream subscriptions or
 * generators) feed a {@link Dataflow} that ends in a {@link ResultBuffer}. Rows are processed on
 * the thread that appends them to a source, under the source's lock (and the dataflow's, when
 * there are several sources), so operators see one batch at a time; the client's fetches only
 * take from the buffer. The query's state store closes with it.
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
  private volatile long lastAccessNanos = System.nanoTime();

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

  /**
   * Starts reading {@code sources}, one per dataflow input in order. When every source is a
   * producer, the result ends once all are done and their rows are fetched.
   */
  public void start(List<Source> sources) {
    if (sources.size() != dataflow.inputCount()) {
      throw new IllegalArgumentException(sources.size() + " sources for a dataflow with "
          + dataflow.inputCount() + " inputs");
    }
    boolean endless = sources.stream().anyMatch(LogSource.class::isInstance);
    for (int i = 0; i < sources.size(); i++) {
      Output input = dataflow.input(i);
      if (sources.get(i) instanceof LogSource l) {
        subscriptions.add(l.log().subscribe(input, this::failed));
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

  public int rowsWaiting() {
    return buffer.waiting();
  }

  /** Nanoseconds (System.nanoTime) of the client's last fetch. */
  public long lastAccessNanos() {
    return lastAccessNanos;
  }
}
