package io.sluice.runtime.agg;

import java.util.List;

/**
 * The aggregates of one GROUP BY, applied together to a group's accumulator row:
 * {@code [rows in the group (a long[1]), acc of call 0, acc of call 1, ...]}; accumulators are
 * changed in place where they can be, so the per-row path allocates nothing for counts. NULL arguments are skipped,
 * as SQL skips them; a row whose FILTER column is not TRUE is skipped by that call.
 */
public final class Aggregates {
  private final AggCall[] calls;

  public Aggregates(List<AggCall> calls) {
    this.calls = calls.toArray(new AggCall[0]);
  }

  public int size() {
    return calls.length;
  }

  /** A fresh accumulator row for a group with no rows. */
  public Object[] init() {
    Object[] accs = new Object[calls.length + 1];
    accs[0] = new long[1];
    for (int i = 0; i < calls.length; i++) {
      accs[i + 1] = calls[i].function().init();
    }
    return accs;
  }

  /**
   * Fresh accumulators followed by {@code key}, the state key they are stored under: an update
   * then puts with that stored key, and a lookup needs no key object of its own.
   */
  public Object[] initKeyed(Object key) {
    Object[] init = init();
    Object[] accs = java.util.Arrays.copyOf(init, init.length + 1);
    accs[init.length] = key;
    return accs;
  }

  /** The key accumulators made by {@link #initKeyed} are stored under. */
  public static Object storedKey(Object[] accs) {
    return accs[accs.length - 1];
  }

  /** Adds ({@code sign} 1) or retracts ({@code sign} -1) one input row. */
  public void apply(Object[] accs, Object[] row, int sign) {
    ((long[]) accs[0])[0] += sign;
    for (int i = 0; i < calls.length; i++) {
      AggCall c = calls[i];
      if (c.filter() >= 0 && !Boolean.TRUE.equals(row[c.filter()])) {
        continue;
      }
      Object value = c.argument() < 0 ? Boolean.TRUE : row[c.argument()];
      if (value == null) {
        continue;
      }
      AggFunction f = c.function();
      accs[i + 1] = sign > 0 ? f.add(accs[i + 1], value) : f.retract(accs[i + 1], value);
    }
  }

  /** Folds {@code other}'s rows into {@code accs} (two sessions becoming one). */
  public void merge(Object[] accs, Object[] other) {
    ((long[]) accs[0])[0] += ((long[]) other[0])[0];
    for (int i = 0; i < calls.length; i++) {
      accs[i + 1] = calls[i].function().merge(accs[i + 1], other[i + 1]);
    }
  }

  /** The number of rows in the group. */
  public static long rows(Object[] accs) {
    return ((long[]) accs[0])[0];
  }

  /** Writes the results into {@code out} from position {@code at}. */
  public void results(Object[] accs, Object[] out, int at) {
    for (int i = 0; i < calls.length; i++) {
      out[at + i] = calls[i].function().result(accs[i + 1]);
    }
  }
}
