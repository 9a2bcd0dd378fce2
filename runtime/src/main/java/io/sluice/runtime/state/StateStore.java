package io.sluice.runtime.state;

/**
 * Where stateful operators keep their state: named maps, committed together as numbered
 * versions. A snapshot is a commit; a restore opens the store at a committed version.
 * One store belongs to one query and is used from one thread.
 */
public interface StateStore extends AutoCloseable {
  /** The map called {@code name}, created empty on first use. */
  <K, V> StateMap<K, V> map(String name);

  /** Makes every change since the last commit part of a new version, and returns it. */
  long commit();

  /** Discards every change since the last commit. */
  void abort();

  /** The last committed version (0 before the first commit). */
  long version();

  /** Entries across all maps, as a measure of state size. */
  long entries();

  @Override
  void close();
}
