package io.sluice.runtime.job;

import io.sluice.runtime.change.ChangeBatch;

/**
 * Where a server-owned query's result goes: a materialized view's {@link ResultTable}, a
 * stream, a table. {@link #write} takes the result's changes as the query makes them; {@link
 * #flush}, at the end of each epoch inside the transaction that also writes the query's state
 * and input positions, makes them durable. So what a sink in the server's store writes commits
 * together with the positions: exactly once across crashes.
 */
public interface Sink {
  /** Takes a batch of the result's changes (in memory until the flush). May keep the rows. */
  void write(ChangeBatch changes);

  /** Writes what the epoch gave; only inside the epoch's transaction. */
  void flush();

  /** The result's watermark moved. */
  default void watermark(long watermark) {}

  /** Rows written so far (for SHOW JOBS and SHOW VIEWS). */
  long rows();

  /** The query was dropped: delete what the sink keeps of its own. */
  default void drop() {}

  /** The server is stopping: end any thread of the sink's own. */
  default void close() {}
}
