package io.sluice.runtime.job;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.change.ChangeKind;
import io.sluice.runtime.error.DataErrors;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import io.sluice.runtime.driver.Dataflow;
import io.sluice.runtime.driver.Output;
import io.sluice.runtime.state.StoredStateStore;
import io.sluice.runtime.storage.StreamLog;
import io.sluice.runtime.storage.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.h2.mvstore.MVMap;

/**
 * A continuous query the server owns: a materialized view or a job. Its dataflow reads streams
 * (from the position after the last one it committed) and views (their changes, in the same
 * epoch), and writes its sink. The {@link Maintainer} runs it in epochs; each epoch's {@link
 * #flush} writes the operators' changed state, the sink's writes and the input positions in one
 * transaction of the server's store.
 */
public final class Pipeline {
  /** What the server shows: a view's result is read; a job's is written elsewhere. */
  public enum Kind { VIEW, JOB }

  /** Lifecycle, as SHOW VIEWS and SHOW JOBS give it. */
  public enum State { BACKFILLING, RUNNING, FAILED }

  /** Where dataflow input i's rows come from. */
  public sealed interface Input {
    /** The name of the stream or view read. */
    String name();
  }

  /** A stream, read after the last committed position. */
  public record StreamInput(String name, StreamLog log) implements Input {}

  /** A materialized view, read as changes inside the epoch that makes them. */
  public record ViewInput(String name, ViewSink view) implements Input {}

  private static final String FAILED_KEY = "failed";

  private final String name;
  private final Kind kind;
  private final String sql;
  private final List<Input> inputs;
  private final Sink sink;
  private final StoredStateStore state;
  private final Dataflow dataflow;
  /** Per stream input ("input.i"), the last position processed; "failed" holds the error. */
  private final MVMap<String, Object> progress;
  private final long[] positions;
  /** The positions of the last flush: what readers of the view see. */
  private final long[] flushed;
  /** Per stream input, the position that ends the backfill (the last retained at creation). */
  private final long[] backfillEnd;
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final long createdAt = System.currentTimeMillis();
  private volatile State lifecycle;
  private volatile String error;
  private volatile SluiceException failure;
  private volatile long watermark = Long.MIN_VALUE;
  private volatile long oldestPendingMillis;
  /** Whether the failure is yet to be stored (at the next flush). */
  private boolean failureUnstored;

  /**
   * @param dataflow builds the query's operators over {@code state}, ending in the output given
   */
  public Pipeline(String name, Kind kind, String sql, List<Input> inputs, Sink sink,
      StoredStateStore state, MVMap<String, Object> progress,
      Function<Output, Dataflow> dataflow) {
    this.name = name;
    this.kind = kind;
    this.sql = sql;
    this.inputs = List.copyOf(inputs);
    this.sink = sink;
    this.state = state;
    this.progress = progress;
    this.positions = new long[inputs.size()];
    this.flushed = new long[inputs.size()];
    this.backfillEnd = new long[inputs.size()];
    for (int i = 0; i < positions.length; i++) {
      Object p = progress.get("input." + i);
      positions[i] = p == null ? -1 : (Long) p;
      flushed[i] = positions[i];
    }
    Object failed = progress.get(FAILED_KEY);
    this.lifecycle = failed == null ? State.BACKFILLING : State.FAILED;
    if (failed != null) {
      this.error = (String) failed;
      this.failure = failedError(error);
    }
    this.dataflow = dataflow.apply(new Output() {
      @Override
      public void emit(ChangeBatch batch) {
        sink.write(batch);
      }

      @Override
      public void emitWatermark(long wm) {
        watermark = wm;
        sink.watermark(wm);
      }
    });
  }

  private SluiceException failedError(String message) {
    return new SluiceException(ErrorCode.OBJECT_NOT_IN_STATE, (kind == Kind.VIEW ? "View "
        : "Job ") + name + " failed: " + message + "; " + (kind == Kind.VIEW
            ? "DROP VIEW " + name + " and create it again once the cause is fixed"
            : "STOP JOB " + name + " and start it again once the cause is fixed"));
  }

  /** Whether the pipeline has never committed an epoch (its inputs' rows are all new to it). */
  boolean isNew() {
    return !progress.containsKey("started");
  }

  /**
   * Subscribes to the inputs; called by the maintainer holding its epoch lock, inside a
   * transaction of the store (so no append is between its commit and its delivery).
   */
  void attach(Maintainer maintainer) {
    boolean fresh = isNew();
    if (lifecycle == State.FAILED) {
      return;
    }
    if (sink instanceof OutboxSink outbox) {
      // A database gone longer than the table's retry budget fails the job (stored at the
      // maintainer's next flush, like any other failure).
      outbox.start(e -> maintainer.failLater(this, e));
    }
    for (int i = 0; i < inputs.size(); i++) {
      int index = i;
      if (inputs.get(i) instanceof StreamInput s) {
        backfillEnd[i] = s.log().nextPosition() - 1;
        // The first call, made before subscribeAfter returns, is this pipeline's backlog.
        boolean[] backlog = {true};
        StreamLog.Resumed r = s.log().subscribeAfter(positions[i],
            (first, rows) -> maintainer.enqueue(this, index, first, rows, backlog[0]),
            e -> maintainer.failLater(this, e));
        backlog[0] = false;
        subscriptions.add(r.subscription());
        if (r.firstPosition() > positions[i] + 1 && !fresh) {
          // Retention dropped rows the pipeline never processed: say so, and go on.
          Maintainer.LOG.warn("{} {} resumed at position {} of {}: {} rows were dropped by the"
              + " stream's retention before it read them", kind, name, r.firstPosition(),
              s.name(), r.firstPosition() - positions[i] - 1);
        }
      } else if (inputs.get(i) instanceof ViewInput v) {
        backfillEnd[i] = -1;
        subscriptions.add(v.view().subscribeInline(new ChangeFeed.Listener() {
          @Override
          public void changed(ChangeBatch changes) {
            process(index, changes);
          }

          @Override
          public void watermark(long wm) {
            if (lifecycle != State.FAILED) {
              try {
                dataflow.input(index).emitWatermark(wm);
              } catch (RuntimeException | Error e) {
                fail(e);
              }
            }
          }

          @Override
          public void failed(RuntimeException e) {
            fail(new SluiceException(ErrorCode.OBJECT_NOT_IN_STATE, "the view " + v.name()
                + " it reads failed: " + e.getMessage(), e));
          }
        }, fresh));
      }
    }
    updateBackfill();
  }

  /** Processes rows of stream input {@code input} from position {@code first}. */
  void process(int input, long first, List<Object[]> rows) {
    if (lifecycle == State.FAILED) {
      return;
    }
    long last = first + rows.size() - 1;
    if (last <= positions[input]) {
      return; // processed and committed before (a backlog overlapping the committed position)
    }
    int skip = (int) Math.max(0, positions[input] + 1 - first);
    ChangeBatch batch = new ChangeBatch(rows.size() - skip);
    for (int i = skip; i < rows.size(); i++) {
      batch.add(ChangeKind.INSERT, rows.get(i));
    }
    process(input, batch);
    positions[input] = last;
    updateBackfill();
  }

  /**
   * Writes what the epoch changed: operator state, the sink's writes, input positions, a
   * failure. Only inside the epoch's transaction.
   */
  void flush() {
    if (!progress.containsKey("started")) {
      progress.put("started", 1L);
    }
    if (failureUnstored) {
      progress.put(FAILED_KEY, error);
      failureUnstored = false;
    }
    if (lifecycle == State.FAILED) {
      return; // what a failed pipeline did last is of no use, and may be half done
    }
    state.flush();
    sink.flush();
    for (int i = 0; i < positions.length; i++) {
      if (inputs.get(i) instanceof StreamInput) {
        Object stored = progress.get("input." + i);
        if (stored == null || (Long) stored != positions[i]) {
          progress.put("input." + i, positions[i]);
        }
        flushed[i] = positions[i];
      }
    }
  }

  private void process(int input, ChangeBatch batch) {
    if (lifecycle == State.FAILED) {
      return;
    }
    try {
      dataflow.input(input).emit(batch);
    } catch (RuntimeException | Error e) {
      fail(e);
    }
  }

  private void updateBackfill() {
    if (lifecycle != State.BACKFILLING) {
      return;
    }
    for (int i = 0; i < positions.length; i++) {
      if (positions[i] < backfillEnd[i]) {
        return;
      }
    }
    lifecycle = State.RUNNING;
  }

  /** Lets joins and processing-time operators see the clock. */
  void tick(long nowNanos) {
    if (lifecycle != State.FAILED) {
      try {
        dataflow.idleCheck(nowNanos);
      } catch (RuntimeException | Error e) {
        fail(e);
      }
    }
  }

  /**
   * Marks the pipeline failed with {@code cause}: it processes nothing more, the failure is
   * stored with its state (a restart keeps it failed), and the views over it fail too.
   */
  void fail(Throwable cause) {
    if (lifecycle == State.FAILED) {
      return;
    }
    SluiceException data = DataErrors.classify(cause);
    String message = data != null ? data.getMessage()
        : cause instanceof SluiceException s ? s.getMessage()
        : "internal error: " + cause;
    if (data == null && !(cause instanceof SluiceException)) {
      Maintainer.LOG.error("{} {} failed", kind, name, cause);
    } else {
      Maintainer.LOG.warn("{} {} failed: {}", kind, name, message);
    }
    error = message;
    failure = failedError(message);
    lifecycle = State.FAILED;
    failureUnstored = true;
    subscriptions.forEach(Subscription::close);
    subscriptions.clear();
    if (sink instanceof ViewSink v) {
      v.fail(failure);
    }
  }

  /** Unsubscribes and deletes its state and result (DROP VIEW, STOP JOB). */
  void drop() {
    subscriptions.forEach(Subscription::close);
    subscriptions.clear();
    if (sink instanceof ViewSink v) {
      v.fail(new SluiceException(ErrorCode.OBJECT_NOT_FOUND, "view " + name + " was dropped"));
    }
    dataflow.close();
    state.drop();
    sink.drop();
  }

  void closeDataflow() {
    subscriptions.forEach(Subscription::close);
    subscriptions.clear();
    dataflow.close();
    sink.close();
  }

  void pendingSince(long millis) {
    oldestPendingMillis = millis;
  }

  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  public String sql() {
    return sql;
  }

  public State state() {
    return lifecycle;
  }

  /** The error it failed with, or null. */
  public String error() {
    return error;
  }

  /** The user error reading a failed view gives (55000), or null. */
  public SluiceException failure() {
    return failure;
  }

  public Sink sink() {
    return sink;
  }

  public long rows() {
    return sink.rows();
  }

  public long watermark() {
    return watermark;
  }

  public long stateEntries() {
    return state.entries();
  }

  public long createdAtMillis() {
    return createdAt;
  }

  /**
   * The input positions its committed result reflects (what a read sees): "ORDERS:1234" per
   * stream, the last row of it in the result.
   */
  public String positions() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i) instanceof StreamInput s) {
        out.add(s.name() + ":" + flushed[i]);
      } else {
        out.add(inputs.get(i).name() + ":view");
      }
    }
    return String.join(", ", out);
  }

  /** Keys a job into another database has computed but not written there yet (0 otherwise). */
  public long pendingWrites() {
    return sink instanceof OutboxSink o ? o.pending() : 0;
  }

  /** Milliseconds since the oldest input it has not processed was committed (0: caught up). */
  public long lagMillis() {
    long since = oldestPendingMillis;
    return since == 0 ? 0 : Math.max(0, System.currentTimeMillis() - since);
  }

  /** The names of the streams and views it reads. */
  public List<String> reads() {
    return inputs.stream().map(Input::name).toList();
  }

  /** The name of the map holding its input positions (the maintainer drops it with it). */
  String progressMapName() {
    return progress.getName();
  }
}
