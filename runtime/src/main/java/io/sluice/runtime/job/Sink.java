package io.sluice.runtime.job;

import io.sluice.runtime.change.ChangeBatch;

/**
 * Where a server-owned query's result goes: a materialized view's {@link ResultTable}, a
 * stream, a table. Called inside the query's round (a transaction of the server's store), so
 * what a sink in that store writes commits together with the query's state and input
 * positions: exactly once across crashes.
 */
public interface Sink {
  /** Writes a batch of the result's changes. May keep the rows, not the batch. */
  void write(ChangeBatch changes);

  /** The result's watermark moved. */
  default void watermark(long watermark) {}

  /** Rows written so far (for SHOW JOBS and SHOW VIEWS). */
  long rows();

  /** The query was dropped: delete what the sink keeps of its own. */
  default void drop() {}

  /** The server is stopping: end any thread of the sink's own. */
  default void close() {}
}
