package io.sluice.runtime.operator.window;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.change.ChangeKind;
import io.sluice.runtime.driver.Output;

/**
 * Hands an operator's output downstream in batches of at most {@link #ROWS} rows, so that a
 * watermark firing a million window groups sends a thousand ordinary batches instead of
 * building one huge one: downstream starts at once, and no batch needs an array too large for
 * the collector's young generation.
 */
final class Emitter {
  static final int ROWS = 1024;

  private final ChangeBatch out = new ChangeBatch(64);
  private Output downstream;

  void open(Output downstream) {
    this.downstream = downstream;
  }

  void add(ChangeKind kind, Object[] row) {
    out.add(kind, row);
    if (out.size() == ROWS) {
      flush();
    }
  }

  /** Sends what is collected, if anything. */
  void flush() {
    if (!out.isEmpty()) {
      downstream.emit(out);
      out.clear();
    }
  }
}
