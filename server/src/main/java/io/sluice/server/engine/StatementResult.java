package io.sluice.server.engine;

import io.sluice.planner.ResultColumn;
import io.sluice.runtime.driver.LiveQuery;
import java.util.List;

/** What executing a statement gives: an update count, bounded rows, or a live query. */
public sealed interface StatementResult {
  /** DDL and INSERT: how many rows changed (0 for DDL). */
  record UpdateCount(long count) implements StatementResult {}

  /** A bounded result, complete. */
  record Rows(List<ResultColumn> columns, List<Object[]> rows) implements StatementResult {}

  /** A live result: rows arrive as the query produces them. */
  record Live(List<ResultColumn> columns, LiveQuery query) implements StatementResult {}
}
