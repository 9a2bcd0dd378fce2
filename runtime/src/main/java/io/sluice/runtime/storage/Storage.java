package io.sluice.runtime.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Durable row storage of the memory connector: one H2 MVStore file in the data directory, one
 * map per stream or table. Writes are made durable by {@link #transaction}, which runs a write and
 * an MVStore commit under one lock, so a statement's rows reach the file together or not at all.
 * Nothing else writes the file: MVStore's own background and memory-triggered saves are off,
 * because either would make a half-written statement durable (and visible after a crash).
 */
public final class Storage implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Storage.class);
  /** How long opening and closing may spend moving live data to shrink the file. */
  private static final int COMPACT_MILLIS = 2_000;

  /**
   * Committed versions kept readable after newer ones: a snapshot read that opened a version
   * reads it to the end while this many more commits happen (each keeps its changed pages in
   * memory until then).
   */
  private static final int VERSIONS_KEPT = 64;

  private final MVStore store;
  private final ReentrantLock writeLock = new ReentrantLock();
  /** What runs after the current transaction commits (guarded by writeLock). */
  private final List<Runnable> afterCommit = new ArrayList<>();
  private final boolean fsync;

  private Storage(MVStore store, boolean fsync) {
    this.store = store;
    this.fsync = fsync;
  }

  /** Opens (or creates) the store file. {@code fsync} forces each commit to disk. */
  public static Storage open(Path file, boolean fsync) {
    MVStore store = new MVStore.Builder()
        .fileName(file.toString())
        .autoCommitDisabled()
        // 0 turns off saving when unsaved changes pass a size; a large statement would
        // otherwise reach the file in parts, and a crash would keep a prefix of it.
        .autoCommitBufferSize(0)
        // Views' and jobs' state is read back at each flush: keep more of it in memory than
        // H2's default 16 MB.
        .cacheSize(64)
        .compress()
        .open();
    // Every commit is appended at the end of the file. With free space reused, a commit written
    // into a hole was lost after kill -9 once the file had holes (from the ninth INSERT of a
    // kill-and-restart loop on, every acknowledged INSERT: recovery found an older chunk as
    // the newest). The file then grows with each commit until compacted: at open and close.
    store.setReuseSpace(false);
    store.setVersionsToKeep(VERSIONS_KEPT);
    store.compactFile(COMPACT_MILLIS);
    return new Storage(store, fsync);
  }

  /** A store that lives in memory only, for tests and embedded use. */
  public static Storage inMemory() {
    MVStore store = new MVStore.Builder().autoCommitDisabled().open();
    store.setVersionsToKeep(VERSIONS_KEPT);
    return new Storage(store, false);
  }

  /** The map {@code name}, created empty on first use; write it only inside a transaction. */
  public <K, V> MVMap<K, V> map(String name) {
    return store.openMap(name);
  }

  /**
   * The map {@code name} of a view's or job's state or result, its keys and values written as
   * {@code type} writes them; created empty on first use; written only inside a transaction.
   */
  public <K, V> MVMap<K, V> map(String name, org.h2.mvstore.type.DataType<Object> type) {
    return store.openMap(name, new MVMap.Builder<K, V>().keyType(cast(type)).valueType(cast(type)));
  }

  @SuppressWarnings("unchecked")
  private static <T> org.h2.mvstore.type.DataType<T> cast(org.h2.mvstore.type.DataType<Object> t) {
    return (org.h2.mvstore.type.DataType<T>) (org.h2.mvstore.type.DataType<?>) t;
  }

  /** Whether the map {@code name} exists. */
  public boolean hasMap(String name) {
    return store.hasMap(name);
  }

  void removeMap(String name) {
    transaction(() -> {
      if (store.hasMap(name)) {
        store.removeMap(name);
      }
    });
  }

  /**
   * Runs {@code write} and commits, so that all of its changes are durable together. A
   * transaction opened inside another (on the same thread) joins it: the outer one commits, so
   * a job's writes to a stream or table and its input position commit as one. If {@code write}
   * throws, the outermost transaction rolls everything back. Lock order: the store's lock is
   * taken before any stream's or table's own.
   */
  public void transaction(Runnable write) {
    writeLock.lock();
    try {
      if (writeLock.getHoldCount() > 1) {
        write.run();
        return;
      }
      try {
        write.run();
      } catch (RuntimeException | Error e) {
        afterCommit.clear();
        store.rollback();
        throw e;
      }
      store.commit();
      if (fsync) {
        store.sync();
      }
      List<Runnable> hooks = new ArrayList<>(afterCommit);
      afterCommit.clear();
      for (Runnable hook : hooks) {
        try {
          hook.run();
        } catch (RuntimeException | Error e) {
          // The transaction committed; one reader's failure must not keep the others from
          // their rows (readers detach themselves on failure; this is the net under that).
          LOG.error("A reader failed on rows just committed; the others go on", e);
        }
      }
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Runs {@code hook} once the current transaction commits, still holding the store's lock (so
   * hooks run in commit order); dropped if it rolls back. Only inside a transaction.
   */
  public void afterCommit(Runnable hook) {
    if (!writeLock.isHeldByCurrentThread()) {
      throw new IllegalStateException("afterCommit outside a transaction");
    }
    afterCommit.add(hook);
  }

  /**
   * Runs {@code action} holding the store's lock, without a commit: what must not interleave
   * with a transaction (taking the rows its commit queued for several readers) but writes
   * nothing.
   */
  public void locked(Runnable action) {
    writeLock.lock();
    try {
      action.run();
    } finally {
      writeLock.unlock();
    }
  }

  /** The last committed version: what {@link #readAt} reads are consistent as of. */
  public long lastCommitted() {
    return store.getCurrentVersion() - 1;
  }

  /**
   * The map {@code name} as it was committed in {@code version}, read-only, or null if the map
   * did not exist then. Committed versions stay readable while the store is open, since no
   * commit reuses the file space of an earlier one.
   */
  public <K, V> MVMap<K, V> readAt(String name, long version) {
    if (!store.hasMap(name)) {
      return null;
    }
    MVMap<K, V> map = store.openMap(name);
    try {
      return map.openVersion(version);
    } catch (IllegalArgumentException | IllegalStateException e) {
      return null; // created after that version
    }
  }

  /** Removes every map whose name starts with {@code prefix}, in one commit. */
  public void dropPrefix(String prefix) {
    transaction(() -> {
      for (String name : store.getMapNames()) {
        if (name.startsWith(prefix)) {
          store.removeMap(name);
        }
      }
    });
  }

  /** Removes the stream's or table's rows from disk (after DROP). */
  public void drop(String mapName) {
    removeMap(mapName);
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (!store.isClosed()) {
        store.commit();
        store.compactFile(COMPACT_MILLIS);
        store.close();
      }
    } finally {
      writeLock.unlock();
    }
  }
}
