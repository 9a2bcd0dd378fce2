package io.sluice.runtime.storage;

/** A live reader of a stream; closing it stops delivery. */
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
