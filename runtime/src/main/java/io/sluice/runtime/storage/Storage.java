package io.sluice.runtime.storage;

import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Durable row storage of the memory connector: one H2 MVStore file in the data directory, one
 * map per stream or table. Writes are made durable by {@link #commitAll}, which runs a write and
 * an MVStore commit under one lock, so a statement's rows reach the file together or not at all.
 * Nothing else writes the file: MVStore's own background and memory-triggered saves are off,
 * because either would make a half-written statement durable (and visible after a crash).
 */
public final class Storage implements AutoCloseable {
  /** How long opening and closing may spend moving live data to shrink the file. */
  private static final int COMPACT_MILLIS = 2_000;

  private final MVStore store;
  private final ReentrantLock writeLock = new ReentrantLock();
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
        .compress()
        .open();
    // Every commit is appended at the end of the file. With free space reused, a commit written
    // into a hole was lost after kill -9 once the file had holes (from the ninth INSERT of a
    // kill-and-restart loop on, every acknowledged INSERT: recovery found an older chunk as
    // the newest). The file then grows with each commit until compacted: at open and close.
    store.setReuseSpace(false);
    store.compactFile(COMPACT_MILLIS);
    return new Storage(store, fsync);
  }

  /** A store that lives in memory only, for tests and embedded use. */
  public static Storage inMemory() {
    return new Storage(new MVStore.Builder().autoCommitDisabled().open(), false);
  }

  <K, V> MVMap<K, V> map(String name) {
    return store.openMap(name);
  }

  void removeMap(String name) {
    writeLock.lock();
    try {
      if (store.hasMap(name)) {
        store.removeMap(name);
        store.commit();
      }
    } finally {
      writeLock.unlock();
    }
  }

  /** Runs {@code write} and commits, so that all of its changes are durable together. */
  void commitAll(Runnable write) {
    writeLock.lock();
    try {
      try {
        write.run();
      } catch (RuntimeException | Error e) {
        store.rollback();
        throw e;
      }
      store.commit();
      if (fsync) {
        store.sync();
      }
    } finally {
      writeLock.unlock();
    }
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
