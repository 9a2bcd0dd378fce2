package io.sluice.runtime.exec;

import io.sluice.runtime.change.ChangeBatch;
import java.util.List;

/**
 * A chain of operators ending in a sink. Feeding the pipeline feeds its first operator;
 * each operator's output is the next operator's input.
 */
public final class Pipeline implements Output, AutoCloseable {
  private final List<Operator> operators;
  private final Output head;

  public Pipeline(List<Operator> operators, Output sink) {
    this.operators = List.copyOf(operators);
    Output next = sink;
    for (int i = this.operators.size() - 1; i >= 0; i--) {
      Operator op = this.operators.get(i);
      op.open(next);
      next = asOutput(op);
    }
    this.head = next;
  }

  private static Output asOutput(Operator op) {
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

  @Override
  public void emit(ChangeBatch batch) {
    head.emit(batch);
  }

  @Override
  public void emitWatermark(long watermark) {
    head.emitWatermark(watermark);
  }

  @Override
  public void close() {
    for (Operator op : operators) {
      op.close();
    }
  }
}
