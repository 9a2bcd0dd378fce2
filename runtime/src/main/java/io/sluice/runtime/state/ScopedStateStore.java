package io.sluice.runtime.state;

/**
 * One operator's view of its query's store: map names are prefixed with the operator's scope,
 * so two operators of one query (two aggregates, the two sides of a self-join) never share a
 * map. Commits, versions and closing belong to the query's store, not to a view.
 */
public final class ScopedStateStore implements StateStore {
  private final StateStore store;
  private final String scope;

  public ScopedStateStore(StateStore store, String scope) {
    this.store = store;
    this.scope = scope;
  }

  @Override
  public <K, V> StateMap<K, V> map(String name) {
    return store.map(scope + "/" + name);
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

  @Override
  public long entries() {
    return store.entries();
  }

  /** A view closes nothing: the query closes its store once. */
  @Override
  public void close() {}
}
