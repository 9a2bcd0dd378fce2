package io.sluice.planner.exec;

import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cancel flag of a running batch statement: set by whoever stops it (the client's cancel,
 * its query timeout, closing the statement); scans and the result loop check it for every row.
 */
public final class Cancellation {
  private Cancellation() {}

  /** Throws the cancellation error if {@code flag} is set; a null flag is never set. */
  public static void check(AtomicBoolean flag) {
    if (flag != null && flag.get()) {
      throw cancelled();
    }
  }

  /** The error a cancelled statement ends with (SQLSTATE 57014). */
  public static SluiceException cancelled() {
    return new SluiceException(ErrorCode.QUERY_CANCELLED, "The query was cancelled (by its"
        + " client's cancel or query timeout, or because its statement was closed); run it"
        + " again, with a longer timeout if it timed out");
  }
}
