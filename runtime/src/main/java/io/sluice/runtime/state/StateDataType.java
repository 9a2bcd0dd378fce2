package io.sluice.runtime.state;

import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;
import io.sluice.runtime.agg.AggFunctions;

/**
 * How the maps of views and jobs store their keys and values in the MVStore: {@link GroupKey}
 * and {@link WindowKey} (the keys of aggregates and windows, and of every view's result rows)
 * written value by value, everything else as H2's {@link ObjectDataType} writes it. H2 knows
 * neither key class, so it would write them with Java serialization, and size each at 10,000
 * bytes until it had written many (its guess for serialized objects): pages then held one or two
 * entries, a 1,000-row view was seven levels deep, and an epoch's flush spent most of its time
 * serializing. Aggregates' accumulators (arrays, running sums) are written field by field too:
 * a restart reads every state entry back. Each entry starts with a tag byte, so the kinds can
 * share a map.
 */
public final class StateDataType extends BasicDataType<Object> {
  /** The one instance; it keeps no state of its own (its delegate only learns sizes). */
  public static final StateDataType INSTANCE = new StateDataType();

  private static final byte OTHER = 0;
  private static final byte GROUP = 1;
  private static final byte WINDOW = 2;
  /** An Object[] (an aggregate's accumulators), its elements written as values. */
  private static final byte ARRAY = 3;
  /** A running sum (SUM, AVG, COUNT of a column): its four fields. */
  private static final byte SUM = 4;

  private final ObjectDataType values = new ObjectDataType();

  private StateDataType() {}

  @Override
  public Object[] createStorage(int size) {
    return new Object[size];
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public int compare(Object a, Object b) {
    if (a instanceof GroupKey ga && b instanceof GroupKey gb) {
      return ga.compareTo(gb);
    }
    if (a instanceof WindowKey wa && b instanceof WindowKey wb) {
      return wa.compareTo(wb);
    }
    return values.compare(a, b);
  }

  @Override
  public int getMemory(Object o) {
    if (o instanceof GroupKey g) {
      int n = 24 + 8 * g.size();
      for (int i = 0; i < g.size(); i++) {
        n += memory(g.get(i));
      }
      return n;
    }
    if (o instanceof WindowKey w) {
      return 40 + memory(w.group());
    }
    if (o instanceof Object[] a) {
      int n = 16 + 8 * a.length;
      for (Object v : a) {
        n += memory(v);
      }
      return n;
    }
    if (o instanceof AggFunctions.SumAcc) {
      return 64;
    }
    return values.getMemory(o);
  }

  private int memory(Object v) {
    return v == null ? 0 : v instanceof GroupKey || v instanceof Object[]
        || v instanceof AggFunctions.SumAcc ? getMemory(v) : values.getMemory(v);
  }

  @Override
  public void write(WriteBuffer buff, Object o) {
    if (o instanceof GroupKey g) {
      buff.put(GROUP);
      writeGroup(buff, g);
    } else if (o instanceof WindowKey w) {
      buff.put(WINDOW);
      buff.putVarLong(w.end()).putVarLong(w.start());
      writeValue(buff, w.group());
    } else {
      writeValue(buff, o);
    }
  }

  private void writeGroup(WriteBuffer buff, GroupKey g) {
    buff.putVarInt(g.size());
    for (int i = 0; i < g.size(); i++) {
      writeValue(buff, g.get(i));
    }
  }

  /**
   * A value, or a value inside a key or an array: a GroupKey nests (a window's group of several
   * columns), arrays (accumulators) and running sums are written element by element, and the
   * rest as H2 writes them.
   */
  private void writeValue(WriteBuffer buff, Object v) {
    if (v instanceof GroupKey g) {
      buff.put(GROUP);
      writeGroup(buff, g);
    } else if (v instanceof Object[] a) {
      buff.put(ARRAY);
      buff.putVarInt(a.length);
      for (Object e : a) {
        writeValue(buff, e);
      }
    } else if (v instanceof AggFunctions.SumAcc sum) {
      buff.put(SUM);
      buff.putVarLong(sum.count()).putVarLong(sum.exact()).putDouble(sum.approx());
      values.write(buff, sum.decimal());
    } else {
      buff.put(OTHER);
      values.write(buff, v);
    }
  }

  @Override
  public Object read(ByteBuffer buff) {
    byte tag = buff.get();
    if (tag == WINDOW) {
      long end = org.h2.mvstore.DataUtils.readVarLong(buff);
      long start = org.h2.mvstore.DataUtils.readVarLong(buff);
      return new WindowKey(end, start, readValue(buff));
    }
    return readTagged(tag, buff);
  }

  private GroupKey readGroup(ByteBuffer buff) {
    int n = org.h2.mvstore.DataUtils.readVarInt(buff);
    Object[] v = new Object[n];
    for (int i = 0; i < n; i++) {
      v[i] = readValue(buff);
    }
    return new GroupKey(v);
  }

  private Object readValue(ByteBuffer buff) {
    return readTagged(buff.get(), buff);
  }

  private Object readTagged(byte tag, ByteBuffer buff) {
    switch (tag) {
      case GROUP:
        return readGroup(buff);
      case ARRAY: {
        Object[] a = new Object[org.h2.mvstore.DataUtils.readVarInt(buff)];
        for (int i = 0; i < a.length; i++) {
          a[i] = readValue(buff);
        }
        return a;
      }
      case SUM: {
        long count = org.h2.mvstore.DataUtils.readVarLong(buff);
        long exact = org.h2.mvstore.DataUtils.readVarLong(buff);
        double approx = buff.getDouble();
        return new AggFunctions.SumAcc(count, exact, approx, (java.math.BigDecimal) values.read(buff));
      }
      default:
        return values.read(buff);
    }
  }
}
