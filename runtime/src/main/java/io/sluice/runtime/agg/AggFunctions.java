package io.sluice.runtime.agg;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** The aggregate functions: COUNT, SUM, MIN, MAX, AVG, and DISTINCT forms of them. */
public final class AggFunctions {
  private AggFunctions() {}

  /** COUNT(x) or COUNT(*): the accumulator is a long[1], counted in place. */
  public static AggFunction count() {
    return new AggFunction() {
      @Override
      public Object init() {
        return new long[1];
      }

      @Override
      public Object add(Object acc, Object value) {
        ((long[]) acc)[0]++;
        return acc;
      }

      @Override
      public Object retract(Object acc, Object value) {
        ((long[]) acc)[0]--;
        return acc;
      }

      @Override
      public Object merge(Object acc, Object other) {
        ((long[]) acc)[0] += ((long[]) other)[0];
        return acc;
      }

      @Override
      public Object result(Object acc) {
        return ((long[]) acc)[0];
      }
    };
  }

  /**
   * A running sum and the number of values in it (SUM of no values is NULL). Public for the
   * state store's encoding ({@code StateDataType}), which writes its four fields as they are.
   */
  public static final class SumAcc implements Serializable {
    private static final long serialVersionUID = 1L;
    long count;
    long exact;
    double approx;
    BigDecimal decimal = BigDecimal.ZERO;

    public SumAcc() {}

    /** The accumulator with these fields, as {@link #fields} gave them. */
    public SumAcc(long count, long exact, double approx, BigDecimal decimal) {
      this.count = count;
      this.exact = exact;
      this.approx = approx;
      this.decimal = decimal;
    }

    public long count() {
      return count;
    }

    public long exact() {
      return exact;
    }

    public double approx() {
      return approx;
    }

    public BigDecimal decimal() {
      return decimal;
    }
  }

  private static void accumulate(SumAcc a, Object value, int sign) {
    a.count += sign;
    if (value instanceof BigDecimal d) {
      a.decimal = sign > 0 ? a.decimal.add(d) : a.decimal.subtract(d);
    } else if (value instanceof Double || value instanceof Float) {
      a.approx += sign * ((Number) value).doubleValue();
    } else {
      a.exact += sign * ((Number) value).longValue();
    }
  }

  private static Object total(SumAcc a, NumberKind kind) {
    return switch (kind) {
      case FLOAT, DOUBLE -> kind.fromDouble(a.approx);
      case DECIMAL -> a.decimal.add(BigDecimal.valueOf(a.exact));
      default -> kind.fromLong(a.exact);
    };
  }

  /** The aggregates over a running sum: they add and retract alike, and differ in result. */
  private abstract static class SumBased implements AggFunction {
    @Override
    public Object init() {
      return new SumAcc();
    }

    @Override
    public Object add(Object acc, Object value) {
      accumulate((SumAcc) acc, value, 1);
      return acc;
    }

    @Override
    public Object retract(Object acc, Object value) {
      accumulate((SumAcc) acc, value, -1);
      return acc;
    }

    @Override
    public Object merge(Object acc, Object other) {
      SumAcc a = (SumAcc) acc;
      SumAcc b = (SumAcc) other;
      a.count += b.count;
      a.exact += b.exact;
      a.approx += b.approx;
      a.decimal = a.decimal.add(b.decimal);
      return acc;
    }
  }

  /** SUM, returning {@code kind}. */
  public static AggFunction sum(NumberKind kind) {
    return new SumBased() {
      @Override
      public Object result(Object acc) {
        SumAcc a = (SumAcc) acc;
        return a.count == 0 ? null : total(a, kind);
      }
    };
  }

  /** SUM that is 0, not NULL, over no values (Calcite's {@code $SUM0}). */
  public static AggFunction sum0(NumberKind kind) {
    return new SumBased() {
      @Override
      public Object result(Object acc) {
        return total((SumAcc) acc, kind);
      }
    };
  }

  /** AVG, returning {@code kind} (exact kinds divide as integers; DECIMAL keeps {@code scale}). */
  public static AggFunction avg(NumberKind kind, int scale) {
    return new SumBased() {
      @Override
      public Object result(Object acc) {
        SumAcc a = (SumAcc) acc;
        if (a.count == 0) {
          return null;
        }
        Object sum = kind == NumberKind.DECIMAL ? total(a, kind)
            : kind.isExact() ? (Object) a.exact : (Object) a.approx;
        return kind.divide(sum, a.count, scale);
      }
    };
  }

  /**
   * MIN or MAX over a multiset of values, so that retracting the current extreme finds the
   * next one. Append-only inputs could keep one value; the multiset serves both.
   */
  public static AggFunction extreme(boolean max) {
    return new AggFunction() {
      @Override
      public Object init() {
        return new TreeMap<Object, Long>();
      }

      @Override
      @SuppressWarnings("unchecked")
      public Object add(Object acc, Object value) {
        ((TreeMap<Object, Long>) acc).merge(value, 1L, Long::sum);
        return acc;
      }

      @Override
      @SuppressWarnings("unchecked")
      public Object retract(Object acc, Object value) {
        TreeMap<Object, Long> m = (TreeMap<Object, Long>) acc;
        m.computeIfPresent(value, (k, n) -> n == 1 ? null : n - 1);
        return acc;
      }

      @Override
      @SuppressWarnings("unchecked")
      public Object merge(Object acc, Object other) {
        TreeMap<Object, Long> m = (TreeMap<Object, Long>) acc;
        ((TreeMap<Object, Long>) other).forEach((v, n) -> m.merge(v, n, Long::sum));
        return acc;
      }

      @Override
      @SuppressWarnings("unchecked")
      public Object result(Object acc) {
        TreeMap<Object, Long> m = (TreeMap<Object, Long>) acc;
        return m.isEmpty() ? null : max ? m.lastKey() : m.firstKey();
      }
    };
  }

  /** MIN or MAX of an append-only input: one value. */
  public static AggFunction appendOnlyExtreme(boolean max) {
    return new AggFunction() {
      @Override
      public Object init() {
        return new Object[] {null};
      }

      @Override
      @SuppressWarnings({"unchecked", "rawtypes"})
      public Object add(Object acc, Object value) {
        Object[] a = (Object[]) acc;
        if (a[0] == null) {
          a[0] = value;
        } else {
          int c = ((Comparable) value).compareTo(a[0]);
          if (max ? c > 0 : c < 0) {
            a[0] = value;
          }
        }
        return acc;
      }

      @Override
      public Object retract(Object acc, Object value) {
        throw new UnsupportedOperationException("append-only MIN/MAX cannot retract");
      }

      @Override
      public Object merge(Object acc, Object other) {
        Object v = ((Object[]) other)[0];
        return v == null ? acc : add(acc, v);
      }

      @Override
      public Object result(Object acc) {
        return ((Object[]) acc)[0];
      }
    };
  }

  /** {@code f(DISTINCT x)}: counts each value, and feeds {@code f} a value's first and last. */
  public static AggFunction distinct(AggFunction f) {
    return new AggFunction() {
      @Override
      public Object init() {
        return new Object[] {new HashMap<Object, Long>(), f.init()};
      }

      @Override
      @SuppressWarnings("unchecked")
      public Object add(Object acc, Object value) {
        Object[] a = (Object[]) acc;
        Map<Object, Long> seen = (Map<Object, Long>) a[0];
        if (seen.merge(value, 1L, Long::sum) == 1L) {
          a[1] = f.add(a[1], value);
        }
        return acc;
      }

      @Override
      @SuppressWarnings("unchecked")
      public Object retract(Object acc, Object value) {
        Object[] a = (Object[]) acc;
        Map<Object, Long> seen = (Map<Object, Long>) a[0];
        Long n = seen.get(value);
        if (n != null) {
          if (n == 1) {
            seen.remove(value);
            a[1] = f.retract(a[1], value);
          } else {
            seen.put(value, n - 1);
          }
        }
        return acc;
      }

      @Override
      @SuppressWarnings("unchecked")
      public Object merge(Object acc, Object other) {
        Object[] a = (Object[]) acc;
        Map<Object, Long> seen = (Map<Object, Long>) a[0];
        for (Map.Entry<Object, Long> e : ((Map<Object, Long>) ((Object[]) other)[0]).entrySet()) {
          if (seen.merge(e.getKey(), e.getValue(), Long::sum).equals(e.getValue())) {
            a[1] = f.add(a[1], e.getKey());
          }
        }
        return acc;
      }

      @Override
      public Object result(Object acc) {
        return f.result(((Object[]) acc)[1]);
      }
    };
  }
}
