package io.sluice.server.engine;

import io.sluice.planner.Plan;
import io.sluice.planner.incremental.Emission;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.calcite.sql.SqlNode;

/**
 * Plans by statement text, for every session: a dashboard sends the same SQL again and again,
 * and planning it (Calcite's validation, optimization and code generation) costs milliseconds
 * each time. An entry is for one output mode and one catalog version: any CREATE or DROP moves
 * the version on, and a plan made before it is never used again. Least recently used entries
 * leave first. A plan is immutable and makes fresh operators or enumerators for each execution,
 * so sessions share it safely. Statements longer than {@link #MAX_SQL_CHARS} are not kept: a
 * large INSERT ... VALUES is sent once, and its plan holds all of its rows.
 */
final class PlanCache {
  private record Key(String sql, Emission mode) {}

  /** A cached statement: its parsed form (only to tell what kind of statement it is) and plan. */
  record Entry(SqlNode node, Plan plan, long catalogVersion) {}

  /** The longest statement text whose plan is kept; a dashboard's query is far shorter. */
  static final int MAX_SQL_CHARS = 16_384;

  private final Map<Key, Entry> entries;

  PlanCache(int capacity) {
    this.entries = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The plan of {@code sql} in {@code mode} made at {@code catalogVersion}, or null. */
  synchronized Entry get(String sql, Emission mode, long catalogVersion) {
    if (sql.length() > MAX_SQL_CHARS) {
      return null;
    }
    Key key = new Key(sql, mode);
    Entry e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (e.catalogVersion() != catalogVersion) {
      entries.remove(key);
      return null;
    }
    return e;
  }

  /** Keys being planned now, each with the lock its planning holds. */
  private final ConcurrentHashMap<Key, Object> planning = new ConcurrentHashMap<>();

  /**
   * The cached plan of {@code sql}, or the one {@code plan} makes, cached. One text is planned
   * once at a time: 200 dashboards that connect together and prepare the same query wait for
   * one planning, and share one plan (one generated class, compiled by the JIT once), instead
   * of planning 200 times.
   */
  Entry getOrPlan(String sql, Emission mode, long catalogVersion, Supplier<Entry> plan) {
    Entry cached = get(sql, mode, catalogVersion);
    if (cached != null) {
      return cached;
    }
    if (sql.length() > MAX_SQL_CHARS) {
      return plan.get();
    }
    Key key = new Key(sql, mode);
    Object lock = planning.computeIfAbsent(key, k -> new Object());
    try {
      synchronized (lock) {
        cached = get(sql, mode, catalogVersion);
        if (cached != null) {
          return cached;
        }
        Entry made = plan.get();
        put(sql, mode, made);
        return made;
      }
    } finally {
      planning.remove(key, lock);
    }
  }

  synchronized void put(String sql, Emission mode, Entry entry) {
    if (sql.length() > MAX_SQL_CHARS) {
      return;
    }
    entries.put(new Key(sql, mode), entry);
  }

  synchronized int size() {
    return entries.size();
  }
}
