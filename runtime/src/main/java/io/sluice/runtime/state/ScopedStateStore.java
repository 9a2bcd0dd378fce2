package io.sluice.runtime.state;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One operator's view of its query's store: map names are prefixed with the operator's scope,
 * so two operators of one query (two aggregates, the two sides of a self-join) never share a
 * map. Commits, versions and closing belong to the query's store, not to a view.
 */
public final class ScopedStateStore implements StateStore {
  private final StateStore store;
  private final String scope;
  private final List<StateMap<?, ?>> maps = new CopyOnWriteArrayList<>();

  public ScopedStateStore(StateStore store, String scope) {
    this.store = store;
    this.scope = scope;
  }

  @Override
  public <K, V> StateMap<K, V> map(String name) {
    StateMap<K, V> map = store.map(scope + "/" + name);
    maps.add(map);
    return map;
  }

  @Override
  public long commit() {
    return store.commit();
  }

  @Override
  public void abort() {
    store.abort();
  }

  @Override
  public long version() {
    return store.version();
  }

  /** Entries in this view's maps only: one operator's state size. */
  @Override
  public long entries() {
    long n = 0;
    for (StateMap<?, ?> m : maps) {
      n += m.size();
    }
    return n;
  }

  /** A view closes nothing: the query closes its store once. */
  @Override
  public void close() {}
}
