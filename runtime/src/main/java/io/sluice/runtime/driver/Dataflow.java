package io.sluice.runtime.driver;

import io.sluice.runtime.change.ChangeBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A query's operators wired into a tree that ends in a sink, fed through one entry per source.
 * With one source the caller's thread (the source's) runs the operators; with several, entries
 * take the dataflow's lock so operators still see one batch at a time.
 */
public final class Dataflow implements AutoCloseable {
  /** One operator as SHOW OPERATORS lists it: what it is, and its state entries now. */
  public record Stage(String description, java.util.function.LongSupplier stateEntries) {}

  private final List<Output> inputs;
  private final List<Stage> stages;
  private final List<Runnable> closers;
  private final List<TwoInputOperator> joins;
  private final List<ProcessingTimeOperator> clocks;
  private final ReentrantLock lock = new ReentrantLock();

  private Dataflow(List<Output> inputs, List<Runnable> closers, List<TwoInputOperator> joins,
      List<ProcessingTimeOperator> clocks, List<Stage> stages) {
    this.clocks = List.copyOf(clocks);
    this.stages = List.copyOf(stages);
    this.closers = List.copyOf(closers);
    this.joins = List.copyOf(joins);
    List<Output> entries = new ArrayList<>();
    for (Output in : inputs) {
      // Ticks come from another thread than the source's: they need the lock too.
      entries.add(inputs.size() == 1 && clocks.isEmpty() ? in : locked(in));
    }
    this.inputs = List.copyOf(entries);
  }

  /** A chain of operators, first to last, ending in {@code sink}: one input. */
  public static Dataflow linear(List<Operator> operators, Output sink) {
    Builder b = new Builder();
    Output next = sink;
    for (int i = operators.size() - 1; i >= 0; i--) {
      next = b.operator(operators.get(i), next);
    }
    b.source(next);
    return b.build();
  }

  private Output locked(Output in) {
    return new Output() {
      @Override
      public void emit(ChangeBatch batch) {
        lock.lock();
        try {
          in.emit(batch);
        } finally {
          lock.unlock();
        }
      }

      @Override
      public void emitWatermark(long watermark) {
        lock.lock();
        try {
          in.emitWatermark(watermark);
        } finally {
          lock.unlock();
        }
      }
    };
  }

  /** The operators as described when wired, root first. */
  public List<Stage> stages() {
    return stages;
  }

  public int inputCount() {
    return inputs.size();
  }

  /** Where source {@code i}'s changes and watermarks go. */
  public Output input(int i) {
    return inputs.get(i);
  }

  /**
   * Lets every join see that wall-clock time passed ({@link TwoInputOperator#onIdleCheck}) and
   * moves processing time on. Skipped while a source holds the dataflow: then input is flowing,
   * and a tick must never wait on a source blocked by a full result buffer.
   */
  public void idleCheck(long nowNanos) {
    if ((joins.isEmpty() && clocks.isEmpty()) || !lock.tryLock()) {
      return;
    }
    try {
      for (TwoInputOperator j : joins) {
        j.onIdleCheck(nowNanos);
      }
      long now = System.currentTimeMillis();
      for (ProcessingTimeOperator c : clocks) {
        c.onTime(now);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    closers.forEach(Runnable::run);
  }

  /** Wires operators from the sink back to the sources. */
  public static final class Builder {
    private final List<Output> inputs = new ArrayList<>();
    private final List<Runnable> closers = new ArrayList<>();
    private final List<TwoInputOperator> joins = new ArrayList<>();
    private final List<ProcessingTimeOperator> clocks = new ArrayList<>();
    private final List<Stage> stages = new ArrayList<>();

    /** Describes the next operator, for SHOW OPERATORS. */
    public void stage(String description, java.util.function.LongSupplier stateEntries) {
      stages.add(new Stage(description, stateEntries));
    }

    /** Opens {@code op} sending to {@code downstream}; returns what feeds {@code op}. */
    public Output operator(Operator op, Output downstream) {
      op.open(downstream);
      closers.add(op::close);
      if (op instanceof ProcessingTimeOperator clock) {
        clocks.add(clock);
      }
      return new Output() {
        @Override
        public void emit(ChangeBatch batch) {
          op.process(batch);
        }

        @Override
        public void emitWatermark(long watermark) {
          op.onWatermark(watermark);
        }
      };
    }

    /** Opens {@code op} sending to {@code downstream}; returns what feeds its two sides. */
    public List<Output> twoInput(TwoInputOperator op, Output downstream) {
      op.open(downstream);
      closers.add(op::close);
      joins.add(op);
      return List.of(side(op, TwoInputOperator.LEFT), side(op, TwoInputOperator.RIGHT));
    }

    private static Output side(TwoInputOperator op, int side) {
      return new Output() {
        @Override
        public void emit(ChangeBatch batch) {
          op.process(side, batch);
        }

        @Override
        public void emitWatermark(long watermark) {
          op.onWatermark(side, watermark);
        }
      };
    }

    /** Registers the next source's entry; sources are numbered in registration order. */
    public void source(Output entry) {
      inputs.add(entry);
    }

    public Dataflow build() {
      return new Dataflow(inputs, closers, joins, clocks, stages);
    }
  }
}
