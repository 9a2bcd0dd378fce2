package io.sluice.runtime.connector.jdbc;

import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import io.sluice.runtime.storage.TableRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A table of an external database, through JDBC: the rows of a {@code jdbc} table. Batch scans
 * read it with a SELECT, stream-table joins look rows up by primary key (through a
 * {@link LookupCache} when {@code lookup.cache.ttl} is set), and writes are batched upserts by
 * key in one transaction.
 *
 * <p>A write that cannot reach the database is retried, whole, with a backoff from
 * {@link #FIRST_WAIT} doubling to {@link #MAX_WAIT}, until the spec's retry budget is spent; an
 * error of the statement itself (a constraint, a type) is not retried. Writes are idempotent
 * (an upsert of the same rows leaves the same table), so a job that re-sends rows after a failure
 * cannot duplicate them. Reads are not retried beyond opening a fresh connection once: a query
 * fails at once, with SQLSTATE 08006, while the database is down.
 *
 * <p>Thread-safe. Scans, lookups and writes each have a connection of their own, used by one
 * caller at a time (so a long scan does not hold up the lookups of a live join): concurrent
 * writes run one after another, each its own transaction, and a read sees the table as committed
 * before or after a concurrent write, never half of it.
 */
public final class JdbcTable implements TableRows, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcTable.class);
  /** Keys the lookup cache holds at most. */
  static final int LOOKUP_CACHE_ENTRIES = 10_000;
  static final Duration FIRST_WAIT = Duration.ofMillis(100);
  static final Duration MAX_WAIT = Duration.ofSeconds(5);

  private final JdbcTableSpec spec;
  private final Dialect dialect;
  private final ReopeningConnection scans;
  private final ReopeningConnection lookups;
  private final ReopeningConnection writer;
  /** Null when lookups are not cached. */
  private final LookupCache cache;

  /** A table over {@code spec}; connects on first use. */
  public JdbcTable(JdbcTableSpec spec) {
    this(spec, spec.dialect());
  }

  /** A table that writes as {@code dialect} does, whatever its URL (tests of GENERIC on H2). */
  JdbcTable(JdbcTableSpec spec, Dialect dialect) {
    this.spec = spec;
    this.dialect = dialect;
    this.scans = new ReopeningConnection(spec, true);
    this.lookups = new ReopeningConnection(spec, true);
    this.writer = new ReopeningConnection(spec, false);
    long ttl = spec.lookupCacheTtl().toNanos();
    this.cache = ttl > 0 ? new LookupCache(ttl, LOOKUP_CACHE_ENTRIES) : null;
  }

  /**
   * Connects once and checks that the external table exists with every column (and, for
   * PostgreSQL, a unique key on the key columns): what CREATE TABLE runs before it succeeds. A
   * database that cannot be reached fails within the driver's connect timeout.
   */
  public static void verify(JdbcTableSpec spec) {
    try (Connection c = ReopeningConnection.connect(spec)) {
      ExternalTable.resolve(c, spec);
    } catch (SQLException e) {
      throw JdbcErrors.isConnectionFailure(e)
          ? JdbcErrors.unreachable(spec, "check its table " + spec.table(), e, "")
          : JdbcErrors.refused(spec, "show its table " + spec.table(), e);
    }
  }

  /** Every row, read now. */
  @Override
  public List<Object[]> snapshot() {
    return read(scans, "read its table " + spec.table(), (c, t) -> {
      List<Object[]> rows = new ArrayList<>();
      try (ResultSet rs = scans.prepare(dialect.select(t)).executeQuery()) {
        while (rs.next()) {
          rows.add(t.read(rs));
        }
      }
      return rows;
    });
  }

  /** The row with this key, from the cache while it is fresh, else from the database. */
  @Override
  public Object[] lookup(Object... keyValues) {
    List<Object> key = Arrays.asList(keyValues.clone());
    long generation = 0;
    if (cache != null) {
      LookupCache.Hit hit = cache.get(key);
      if (hit != null) {
        return hit.row();
      }
      generation = cache.generation();
    }
    Object[] row = read(lookups, "look up a row of its table " + spec.table(), (c, t) -> {
      PreparedStatement ps = lookups.prepare(dialect.lookup(t));
      int[] k = t.key();
      for (int i = 0; i < k.length; i++) {
        t.bind(ps, i + 1, k[i], keyValues[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? t.read(rs) : null;
      }
    });
    if (cache != null) {
      cache.put(key, row, generation);
    }
    return row;
  }

  /**
   * Deletes, then upserts, by key, in one transaction of the external database; within the
   * call a later row for a key wins over an earlier one, and an upsert over a delete. Retried
   * while the database cannot be reached, within the retry budget.
   */
  @Override
  public void apply(List<Object[]> upserts, List<Object[]> deletes) {
    Map<List<Object>, Object[]> latest = new LinkedHashMap<>();
    for (Object[] row : upserts) {
      latest.put(key(row), row);
    }
    Map<List<Object>, Object[]> gone = new LinkedHashMap<>();
    for (Object[] row : deletes) {
      List<Object> k = key(row);
      if (!latest.containsKey(k)) {
        gone.put(k, row);
      }
    }
    if (latest.isEmpty() && gone.isEmpty()) {
      return;
    }
    String doing = "write " + (latest.size() + gone.size()) + " rows of its table "
        + spec.table();
    withRetries(doing, () -> writer.call((c, t) -> {
      try {
        if (!gone.isEmpty()) {
          dialect.deleteAll(writer, t, gone.values());
        }
        if (!latest.isEmpty()) {
          dialect.upsertAll(writer, t, latest.values());
        }
        c.commit();
        return null;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    }));
    if (cache != null) {
      List<List<Object>> written = new ArrayList<>(latest.keySet());
      written.addAll(gone.keySet());
      cache.invalidate(written);
    }
  }

  private List<Object> key(Object[] row) {
    int[] k = spec.primaryKey();
    Object[] values = new Object[k.length];
    for (int i = 0; i < k.length; i++) {
      values[i] = row[k[i]];
    }
    return Arrays.asList(values);
  }

  /** An external table is not counted: that would be a full scan of someone else's table. */
  @Override
  public long size() {
    return -1;
  }

  /** Closes the connections; the external table and its rows stay as they are. */
  @Override
  public void drop() {
    close();
  }

  @Override
  public void close() {
    scans.close();
    lookups.close();
    writer.close();
  }

  /** A read, with one more try on a fresh connection if the one it had was lost. */
  private <T> T read(ReopeningConnection on, String doing, ReopeningConnection.Work<T> work) {
    try {
      try {
        return on.call(work);
      } catch (SQLException e) {
        if (!JdbcErrors.isConnectionFailure(e)) {
          throw e;
        }
        // Often only the kept connection died (the database restarted): a new one may work.
        return on.call(work);
      }
    } catch (SQLException e) {
      throw JdbcErrors.isConnectionFailure(e) ? JdbcErrors.unreachable(spec, doing, e, "")
          : JdbcErrors.refused(spec, doing, e);
    }
  }

  private interface SqlCall {
    void run() throws SQLException;
  }

  /**
   * Runs {@code call} until it succeeds, it fails other than by a lost connection, or the retry
   * budget is spent: the first retry at once (a connection kept from before a restart of the
   * database fails once and a new one works), then after waits doubling from
   * {@link #FIRST_WAIT} to {@link #MAX_WAIT}, the last one cut to end with the budget.
   */
  private void withRetries(String doing, SqlCall call) {
    long start = System.nanoTime();
    long budget = spec.retryBudget().toNanos();
    long wait = 0;
    for (int attempt = 1; ; attempt++) {
      try {
        call.run();
        if (attempt > 1) {
          LOG.info("The database {} is back: wrote on attempt {}", spec.database(), attempt);
        }
        return;
      } catch (SQLException e) {
        if (!JdbcErrors.isConnectionFailure(e)) {
          throw JdbcErrors.refused(spec, doing, e);
        }
        long left = budget - (System.nanoTime() - start);
        if (left <= 0) {
          throw JdbcErrors.unreachable(spec, doing, e, " (tried " + attempt + " times in "
              + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms, the table's"
              + " 'sink.retry.budget' of " + spec.retryBudget().toMillis() + " ms)");
        }
        long sleep = Math.min(wait, left);
        LOG.warn("Cannot reach the database {} to {} (attempt {}): {}; retrying in {} ms",
            spec.database(), doing, attempt, e.getMessage(), sleep / 1_000_000);
        sleep(sleep);
        wait = wait == 0 ? FIRST_WAIT.toNanos() : Math.min(wait * 2, MAX_WAIT.toNanos());
      }
    }
  }

  private static void sleep(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SluiceException(ErrorCode.QUERY_CANCELLED, "Stopped while waiting for the"
          + " database to come back; nothing of the write was kept", e);
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // The connection is lost, and its transaction with it: nothing was committed.
    }
  }
}
