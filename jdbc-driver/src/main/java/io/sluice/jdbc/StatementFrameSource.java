package io.sluice.jdbc;

import java.util.Collections;
import java.util.function.BooleanSupplier;

import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.remote.Service;

/**
 * Fetches the frames of one statement's result from the server.
 *
 * <p>If the server lost the statement it is re-created and the fetch repeated, as Avatica's
 * {@code MetaImpl.FetchIterator} does; if the server then has no results for it (it restarted),
 * the result ends with SQLSTATE 08006 (Avatica would ask {@code syncResults} to resume them,
 * which Sluice never does). A cancelled statement is never recovered: its fetch ends the result instead, whatever the server
 * answered. A fetch that cannot reach the server ends the result with SQLSTATE 08006; an
 * error the server sent (08006 when it restarted and lost the result) is passed on. Invariant: at most {@value #MAX_RECOVERIES} recoveries in a row, then it gives up.
 */
final class StatementFrameSource implements LazyFrameIterator.FrameSource {

  static final int MAX_RECOVERIES = 5;
  /** SQLSTATE "connection failure". */
  static final String SQLSTATE_CONNECTION_FAILURE = "08006";

  private final Meta meta;
  private final AvaticaStatement statement;
  private final int fetchSize;
  private final BooleanSupplier cancelled;

  StatementFrameSource(Meta meta, AvaticaStatement statement, int fetchSize,
      BooleanSupplier cancelled) {
    this.meta = meta;
    this.statement = statement;
    this.fetchSize = fetchSize;
    this.cancelled = cancelled;
  }

  @Override
  public Meta.Frame fetch(long offset) {
    for (int recoveries = 0; ; recoveries++) {
      if (recoveries > MAX_RECOVERIES) {
        throw new IllegalStateException("Statement " + statement.handle.id
            + " keeps disappearing on the server; gave up after " + MAX_RECOVERIES
            + " attempts to recover it");
      }
      try {
        return meta.fetch(statement.handle, offset, fetchSize);
      } catch (NoSuchStatementException e) {
        if (cancelled.getAsBoolean()) {
          return null;
        }
        reset();
      } catch (MissingResultsException e) {
        if (cancelled.getAsBoolean()) {
          return null;
        }
        throw resultsLost();
      } catch (ServerUnreachableException e) {
        if (cancelled.getAsBoolean()) {
          return null;
        }
        throw lost(e);
      } catch (AvaticaClientRuntimeException e) {
        if (cancelled.getAsBoolean()) {
          return null;
        }
        throw e;
      } catch (RuntimeException e) {
        if (cancelled.getAsBoolean()) {
          return null;
        }
        throw lost(e);
      }
    }
  }

  /** The error for a fetch that could not reach the server: the result is cut off. */
  private static AvaticaClientRuntimeException lost(RuntimeException e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return new AvaticaClientRuntimeException("Lost the connection to the Sluice server while"
        + " reading this result (" + cause + "); the server stops a live query whose client is"
        + " gone, so run the query again once the server is back",
        Service.ErrorResponse.UNKNOWN_ERROR_CODE, SQLSTATE_CONNECTION_FAILURE,
        AvaticaSeverity.ERROR, Collections.emptyList(), null);
  }

  /**
   * The error for a statement the server knows without its results: it restarted (or dropped
   * the statement) while they were being read. Sluice never resumes a result at an offset, so
   * the driver does not ask it to ({@code syncResults}).
   */
  private static AvaticaClientRuntimeException resultsLost() {
    return new AvaticaClientRuntimeException("The server no longer has this result (it"
        + " restarted while the result was being read); its rows cannot be resumed: run the"
        + " query again", Service.ErrorResponse.UNKNOWN_ERROR_CODE, SQLSTATE_CONNECTION_FAILURE,
        AvaticaSeverity.ERROR, Collections.emptyList(), null);
  }

  private void reset() {
    if (!(statement instanceof ResettableStatement)) {
      throw new IllegalStateException("Statement " + statement.handle.id
          + " is gone on the server and cannot be re-created");
    }
    ((ResettableStatement) statement).resetHandle();
  }
}
