package io.sluice.server.engine;

import io.sluice.planner.BatchPlan;
import io.sluice.planner.InsertPlan;
import io.sluice.planner.JobPlan;
import io.sluice.planner.LivePlan;
import io.sluice.planner.Plan;
import io.sluice.planner.QueryPlanner;
import io.sluice.planner.ResultColumn;
import io.sluice.planner.incremental.Emission;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;

/**
 * A client's conversation with the engine: prepares and executes statements. Statements are
 * planned at prepare time and planned again if the catalog changed since.
 */
public final class Session {
  /** What {@code INSERT INTO ... SELECT STREAM} returns: the id of the job it started. */
  private static final ResultColumn JOB_ID = ResultColumn.varchar("JOB_ID");

  private final Engine engine;
  private final String id;
  private volatile Emission outputMode;
  /**
   * The maintainer's count of queued appends after this session's last write: its reads of
   * materialized views wait until those are in them (read your own writes), and for nothing
   * else, so a dashboard that only reads never waits.
   */
  private volatile long writes;

  Session(Engine engine, String id) {
    this.engine = engine;
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The output mode live queries of this session must use, or null: each takes its own. */
  public Emission outputMode() {
    return outputMode;
  }

  void outputMode(Emission mode) {
    this.outputMode = mode;
  }

  /** Parses and plans one statement; user errors are {@link SluiceException}s. */
  public Prepared prepare(String sql) {
    long maxChars = engine.config().limits().statementChars();
    if (sql.length() > maxChars) {
      throw new SluiceException(ErrorCode.PROGRAM_LIMIT_EXCEEDED, "The statement has "
          + sql.length() + " characters, more than the " + maxChars + " one statement may have"
          + " (limits.statement.chars); split it into several statements (for many rows: a"
          + " prepared INSERT and executeBatch), or raise the limit in conf/sluice.properties");
    }
    PlanCache.Entry cached = engine.plans().get(sql, outputMode, engine.catalogVersion());
    if (cached != null) {
      return new Prepared(sql, cached, outputMode);
    }
    try {
      return new Prepared(sql, engine.parse(sql));
    } catch (StackOverflowError e) {
      // NestingLimit refuses what nests too deeply; this is the net under it.
      throw new SluiceException(ErrorCode.STATEMENT_TOO_COMPLEX, "The statement nests too"
          + " deeply to plan; split it, or move inner parts into subqueries or a WITH clause");
    }
  }

  /** Prepares and runs one statement. */
  public StatementResult execute(String sql) {
    return prepare(sql).execute(List.of(), 0);
  }

  /** A statement, parsed and (for queries and inserts) planned. */
  public final class Prepared {
    private final String sql;
    private final SqlNode node;
    private Plan plan;
    private long planVersion;
    private Emission planMode;
    /** Whether {@link #node} has been through planning once (and validation changed it). */
    private boolean planned;

    Prepared(String sql, SqlNode node) {
      this.sql = sql;
      this.node = node;
      if (isPlanned()) {
        replan();
      }
    }

    private boolean isPlanned() {
      return QueryPlanner.isQuery(node) || node instanceof SqlInsert
          || node instanceof SqlExplain;
    }

    /** A statement the engine's plan cache held. */
    Prepared(String sql, PlanCache.Entry cached, Emission mode) {
      this.sql = sql;
      this.node = cached.node();
      this.plan = cached.plan();
      this.planVersion = cached.catalogVersion();
      this.planMode = mode;
      this.planned = true;
    }

    /**
     * Plans the statement and caches the plan. A second planning (after DDL, or in another
     * output mode) parses the text again: Calcite's validation rewrites the tree it is given.
     */
    private void replan() {
      planVersion = engine.catalogVersion();
      planMode = outputMode;
      long version = planVersion;
      Emission mode = planMode;
      plan = engine.plans().getOrPlan(sql, mode, version, () -> {
        SqlNode toPlan = planned ? engine.parse(sql) : node;
        planned = true;
        return new PlanCache.Entry(node, engine.planner().plan(toPlan, mode), version);
      }).plan();
    }

    private Plan currentPlan() {
      if (engine.catalogVersion() != planVersion || planMode != outputMode) {
        replan();
      }
      return plan;
    }

    public String sql() {
      return sql;
    }

    /** Whether executing returns rows (a query, EXPLAIN, SHOW, DESCRIBE). */
    public boolean returnsRows() {
      if (node instanceof SqlInsert) {
        return currentPlan() instanceof JobPlan;
      }
      return isPlanned() || Commands.returnsRows(node);
    }

    /** The plan (null for statements Sluice runs itself). */
    public Plan plan() {
      return currentPlan();
    }

    /** The result's columns, known before executing; empty for statements without rows. */
    public List<ResultColumn> columns() {
      if (node instanceof SqlExplain) {
        return Commands.columns(node);
      }
      if (plan instanceof JobPlan) {
        return List.of(JOB_ID);
      }
      if (plan instanceof BatchPlan b) {
        return b.columns();
      }
      if (plan instanceof LivePlan l) {
        return l.changelog() ? led(ResultColumn.CHANGE_KIND, l.columns())
            : l.complete() ? led(ResultColumn.SNAPSHOT, l.columns()) : l.columns();
      }
      return Commands.columns(node);
    }

    public List<ResultColumn> parameters() {
      return plan == null ? List.of() : plan.parameters();
    }

    /**
     * Runs the statement. {@code maxRows} ends a query's result after that many rows
     * (0 = no limit).
     */
    public StatementResult execute(List<Object> parameterValues, long maxRows) {
      return execute(parameterValues, maxRows, new AtomicBoolean());
    }

    /**
     * Runs the statement; a batch query stops with SQLSTATE 57014 once {@code cancel} is set.
     * {@code maxRows} ends a query's result after that many rows (0 = no limit).
     */
    public StatementResult execute(List<Object> parameterValues, long maxRows,
        AtomicBoolean cancel) {
      checkParameters(parameterValues);
      if (node instanceof SqlExplain) {
        return Commands.explain(currentPlan());
      }
      if (!isPlanned()) {
        try {
          return Commands.run(engine, Session.this, node, sql);
        } finally {
          wrote();
        }
      }
      Plan p = currentPlan();
      if (p instanceof InsertPlan insert) {
        try {
          return new StatementResult.UpdateCount(
              insert.execute(parameterValues, engine.config().limits().statementRows()));
        } finally {
          wrote();
        }
      }
      if (p instanceof JobPlan job) {
        try {
          return new StatementResult.Rows(List.of(JOB_ID),
              List.<Object[]>of(new Object[] {engine.startJob(job, sql)}));
        } finally {
          wrote();
        }
      }
      if (p instanceof LivePlan live) {
        return new StatementResult.Live(columns(),
            engine.queries().start(live, parameterValues, maxRows, sql));
      }
      BatchPlan batch = (BatchPlan) p;
      long mine = writes;
      return new StatementResult.Rows(batch.columns(),
          batch.execute(parameterValues, maxRows, cancel, () -> engine.viewCut(mine)));
    }

    private void checkParameters(List<Object> parameterValues) {
      int expected = parameters().size();
      if (parameterValues.size() != expected) {
        throw new SluiceException(ErrorCode.INVALID_STATEMENT, "The statement has " + expected
            + " parameters but " + parameterValues.size() + " values were given");
      }
    }

    /**
     * Runs the statement once per parameter row (JDBC {@code executeBatch}). An INSERT writes
     * the rows of all of them in one commit: all or nothing. Returns each run's update count.
     */
    public long[] executeBatch(List<List<Object>> parameterRows) {
      parameterRows.forEach(this::checkParameters);
      long[] counts = new long[parameterRows.size()];
      if (isPlanned() && currentPlan() instanceof InsertPlan insert) {
        int[] inserted;
        try {
          inserted = insert.executeBatch(parameterRows, engine.config().limits().statementRows());
        } finally {
          wrote();
        }
        for (int i = 0; i < counts.length; i++) {
          counts[i] = inserted[i];
        }
        return counts;
      }
      for (int i = 0; i < counts.length; i++) {
        StatementResult r = execute(parameterRows.get(i), 0);
        counts[i] = r instanceof StatementResult.UpdateCount u ? u.count() : -1;
      }
      return counts;
    }
  }

  /** Notes a write: later reads of views wait for it (and what was queued before it). */
  private void wrote() {
    writes = engine.maintainer().queuedSoFar();
  }

  private static List<ResultColumn> led(ResultColumn first, List<ResultColumn> columns) {
    List<ResultColumn> out = new ArrayList<>(columns.size() + 1);
    out.add(first);
    out.addAll(columns);
    return out;
  }
}
