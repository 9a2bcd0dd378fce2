package io.sluice.runtime.state;

import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How the maps of views and jobs store their keys and values in the MVStore: {@link GroupKey}
 * and {@link WindowKey} (the keys of aggregates and windows, and of every view's result rows)
 * written value by value, everything else as H2's {@link ObjectDataType} writes it. H2 knows
 * neither key class, so it would write them with Java serialization, and size each at 10,000
 * bytes until it had written many (its guess for serialized objects): pages then held one or two
 * entries, a 1,000-row view was seven levels deep, and an epoch's flush spent most of its time
 * serializing. Each entry starts with a tag byte, so the three kinds can share a map.
 */
public final class StateDataType extends BasicDataType<Object> {
  /** The one instance; it keeps no state of its own (its delegate only learns sizes). */
  public static final StateDataType INSTANCE = new StateDataType();

  private static final byte OTHER = 0;
  private static final byte GROUP = 1;
  private static final byte WINDOW = 2;

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
    return values.getMemory(o);
  }

  private int memory(Object v) {
    return v == null ? 0 : v instanceof GroupKey g ? getMemory(g) : values.getMemory(v);
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
      buff.put(OTHER);
      values.write(buff, o);
    }
  }

  private void writeGroup(WriteBuffer buff, GroupKey g) {
    buff.putVarInt(g.size());
    for (int i = 0; i < g.size(); i++) {
      writeValue(buff, g.get(i));
    }
  }

  /** A value inside a key: a GroupKey nests (a window's group of several columns). */
  private void writeValue(WriteBuffer buff, Object v) {
    if (v instanceof GroupKey g) {
      buff.put(GROUP);
      writeGroup(buff, g);
    } else {
      buff.put(OTHER);
      values.write(buff, v);
    }
  }

  @Override
  public Object read(ByteBuffer buff) {
    byte tag = buff.get();
    if (tag == GROUP) {
      return readGroup(buff);
    }
    if (tag == WINDOW) {
      long end = org.h2.mvstore.DataUtils.readVarLong(buff);
      long start = org.h2.mvstore.DataUtils.readVarLong(buff);
      return new WindowKey(end, start, readValue(buff));
    }
    return values.read(buff);
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
    return buff.get() == GROUP ? readGroup(buff) : values.read(buff);
  }
}
