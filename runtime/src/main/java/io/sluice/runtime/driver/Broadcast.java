package io.sluice.runtime.driver;

import io.sluice.runtime.change.ChangeBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * One operator's output read by several: a plan that computes the same thing twice (q5 joins a
 * windowed count with the maximum of that same count) runs it once and hands each batch and
 * watermark to every reader, in the order they were added. Readers must not change the batch
 * or its rows, which no operator does.
 */
public final class Broadcast implements Output {
  private final List<Output> readers = new ArrayList<>();

  public Broadcast(Output first) {
    readers.add(first);
  }

  public void add(Output reader) {
    readers.add(reader);
  }

  @Override
  public void emit(ChangeBatch batch) {
    for (int i = 0, n = readers.size(); i < n; i++) {
      readers.get(i).emit(batch);
    }
  }

  @Override
  public void emitWatermark(long watermark) {
    for (int i = 0, n = readers.size(); i < n; i++) {
      readers.get(i).emitWatermark(watermark);
    }
  }
}
