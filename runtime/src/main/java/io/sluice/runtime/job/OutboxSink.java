package io.sluice.runtime.job;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.state.GroupKey;
import io.sluice.runtime.storage.Storage;
import io.sluice.runtime.storage.TableRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.h2.mvstore.MVMap;

/**
 * A job writing into a table of another database (the jdbc connector), through an outbox: each
 * epoch's changes are folded per key into a map in the server's store (committed with the
 * job's state and input positions), and a thread of the sink's own writes the outbox to the
 * database in batches of upserts and deletes, removing what it wrote. So a database that is down
 * holds back only this job, never the other views and jobs; its writes wait in the
 * outbox (one entry per key, however often the key changes) and are retried with backoff (by
 * the table, within its retry budget); and after a crash or restart the outbox, being durable,
 * is written again: upserts and deletes by key may be repeated without doubling anything.
 */
public final class OutboxSink implements Sink {
  /** The outbox value of a key to delete. */
  private static final Object[] DELETE = new Object[0];
  /** Most keys one write to the database takes. */
  private static final int WRITE_KEYS = 1_000;

  private final Storage storage;
  private final TableRows table;
  private final int[] key;
  private final MVMap<GroupKey, Object[]> outbox;
  private final String name;
  private final AtomicLong written = new AtomicLong();
  private final Object signal = new Object();
  /** Checks and folds each epoch's changes per key, then hands them to {@link #toOutbox}. */
  private final TableSink epoch;
  private volatile Consumer<Throwable> onFailure = e -> {};
  private volatile boolean closed;
  private Thread writer;

  /**
   * @param outboxMap the name of the outbox map in {@code storage}
   * @param check validates a row for the table (NOT NULL, lengths); throws a user error
   */
  public OutboxSink(Storage storage, String outboxMap, TableRows table, int[] key,
      Consumer<Object[]> check, String name) {
    this.storage = storage;
    this.table = table;
    this.key = key.clone();
    this.epoch = new TableSink(this::toOutbox, key, check);
    this.outbox = storage.map(outboxMap, io.sluice.runtime.state.StateDataType.INSTANCE);
    this.name = name;
  }

  /** Starts the writer; {@code onFailure} is told once the database stays down too long. */
  void start(Consumer<Throwable> failure) {
    this.onFailure = failure;
    writer = new Thread(this::writeLoop, "sluice-outbox-" + name);
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void write(ChangeBatch changes) {
    epoch.write(changes);
  }

  @Override
  public void flush() {
    epoch.flush();
  }

  /** An epoch's changes, folded per key, into the outbox; the writer is woken at the commit. */
  private void toOutbox(TableSink.Changes folded) {
    for (Object[] row : folded.upserts()) {
      outbox.put(GroupKey.of(row, key), row);
    }
    for (Object[] row : folded.deletes()) {
      outbox.put(GroupKey.of(row, key), DELETE);
    }
    storage.afterCommit(() -> {
      synchronized (signal) {
        signal.notifyAll();
      }
    });
  }

  private void writeLoop() {
    while (!closed) {
      try {
        List<Map.Entry<GroupKey, Object[]>> batch = new ArrayList<>();
        for (Map.Entry<GroupKey, Object[]> e : committed().entrySet()) {
          batch.add(Map.entry(e.getKey(), e.getValue()));
          if (batch.size() == WRITE_KEYS) {
            break;
          }
        }
        if (batch.isEmpty()) {
          synchronized (signal) {
            signal.wait(100);
          }
          continue;
        }
        List<Object[]> upserts = new ArrayList<>();
        List<Object[]> deletes = new ArrayList<>();
        for (Map.Entry<GroupKey, Object[]> e : batch) {
          if (e.getValue().length == 0) {
            deletes.add(e.getKey().toArray());
          } else {
            upserts.add(e.getValue());
          }
        }
        table.apply(upserts, deletes.isEmpty() ? List.of() : keyRows(deletes));
        written.addAndGet(batch.size());
        // Remove what was written, unless an epoch changed the key since: then that is next.
        storage.transaction(() -> {
          for (Map.Entry<GroupKey, Object[]> e : batch) {
            Object[] now = outbox.get(e.getKey());
            if (now != null && Arrays.equals(now, e.getValue())) {
              outbox.remove(e.getKey());
            }
          }
        });
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | Error e) {
        if (!closed) { // (a dropped job's writer ends here: its outbox is gone)
          // The table retried within its budget; the job fails and says why.
          closed = true;
          onFailure.accept(e);
        }
        return;
      }
    }
  }

  /** The outbox as last committed: what the epochs have made durable. */
  private MVMap<GroupKey, Object[]> committed() {
    MVMap<GroupKey, Object[]> at = storage.readAt(outbox.getName(), storage.lastCommitted());
    return at == null ? outbox : at;
  }

  /** Rows with the key values of {@code keys} in the key columns (what deletes read). */
  private List<Object[]> keyRows(List<Object[]> keys) {
    int width = 0;
    for (int k : key) {
      width = Math.max(width, k + 1);
    }
    List<Object[]> rows = new ArrayList<>(keys.size());
    for (Object[] values : keys) {
      Object[] row = new Object[width];
      for (int i = 0; i < key.length; i++) {
        row[key[i]] = values[i];
      }
      rows.add(row);
    }
    return rows;
  }

  /** Keys waiting to be written to the database. */
  public long pending() {
    return outbox.sizeAsLong();
  }

  @Override
  public long rows() {
    return written.get();
  }

  /**
   * Ends the writer without interrupting it (an interrupt during a commit would close the
   * store's file): it stops at its next wait, or after the write under way.
   */
  @Override
  public void close() {
    closed = true;
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  @Override
  public void drop() {
    close();
  }
}
