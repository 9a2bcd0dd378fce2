package io.sluice.runtime.job;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.storage.Subscription;

/**
 * A result that others can follow: a materialized view's rows now, then every change to them.
 * {@code SELECT STREAM * FROM a_view} and views over views read one.
 */
public interface ChangeFeed {
  /** Takes the changes of one feed, on the feed's thread; must only queue them. */
  interface Listener {
    /** A batch of changes; the batch is the listener's to keep. */
    void changed(ChangeBatch changes);

    /** Every later change has an event time at or after {@code watermark}. */
    void watermark(long watermark);

    /** The feed ended with an error (its view failed or was dropped). */
    void failed(RuntimeException error);
  }

  /**
   * Hands {@code listener} the current rows as inserts, then every committed change, with no
   * change missed or given twice between the two.
   */
  Subscription subscribe(Listener listener);

  /** Whether the changes revise earlier rows (update mode) rather than only add rows. */
  boolean changelog();
}
