package io.sluice.runtime.operator.window;

/**
 * Which event-time windows a row belongs to: tumbling (one fixed window), hopping (overlapping
 * windows every slide) or cumulating (windows growing by a step within a fixed span).
 * Windows are half-open: [start, end).
 */
public sealed interface WindowAssigner {
  /** Writes the windows containing {@code ts} into starts/ends; returns how many. */
  int assign(long ts, long[] starts, long[] ends);

  /** The most windows one row can belong to. */
  int maxWindows();

  /** {@code TUMBLE(..., size [, offset])}. */
  record Tumble(long size, long offset) implements WindowAssigner {
    @Override
    public int assign(long ts, long[] starts, long[] ends) {
      long start = ts - Math.floorMod(ts - offset, size);
      starts[0] = start;
      ends[0] = start + size;
      return 1;
    }

    @Override
    public int maxWindows() {
      return 1;
    }
  }

  /** {@code HOP(..., slide, size [, offset])}. */
  record Hop(long slide, long size, long offset) implements WindowAssigner {
    @Override
    public int assign(long ts, long[] starts, long[] ends) {
      long last = ts - Math.floorMod(ts - offset, slide);
      int n = 0;
      for (long start = last; start > ts - size; start -= slide) {
        starts[n] = start;
        ends[n] = start + size;
        n++;
      }
      return n;
    }

    @Override
    public int maxWindows() {
      return (int) ((size + slide - 1) / slide);
    }
  }

  /** {@code CUMULATE(..., step, size [, offset])}. */
  record Cumulate(long step, long size, long offset) implements WindowAssigner {
    @Override
    public int assign(long ts, long[] starts, long[] ends) {
      long start = ts - Math.floorMod(ts - offset, size);
      long firstEnd = start + (Math.floorDiv(ts - start, step) + 1) * step;
      int n = 0;
      for (long end = firstEnd; end <= start + size; end += step) {
        starts[n] = start;
        ends[n] = end;
        n++;
      }
      return n;
    }

    @Override
    public int maxWindows() {
      return (int) (size / step);
    }
  }
}
