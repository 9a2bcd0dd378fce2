package io.sluice.runtime.operator.window;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.change.ChangeKind;

/** What the windowed aggregates read first from each input row: its event time. */
final class EventTime {
  private EventTime() {}

  /**
   * Change {@code i}'s event time, or null if it has none (no window holds it). Windowed
   * aggregates take appends only: anything else is a planning error, not a user's.
   */
  static Long of(ChangeBatch batch, int i, int timeColumn) {
    if (batch.kind(i) != ChangeKind.INSERT) {
      throw new IllegalStateException("a windowed aggregate takes inserts only");
    }
    return (Long) batch.row(i)[timeColumn];
  }
}
