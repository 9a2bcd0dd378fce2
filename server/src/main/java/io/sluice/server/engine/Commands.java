package io.sluice.server.engine;

import io.sluice.planner.Plan;
import io.sluice.planner.calcite.SystemSchema;
import io.sluice.planner.ResultColumn;
import io.sluice.planner.incremental.Emission;
import io.sluice.planner.catalog.CatalogObject;
import io.sluice.planner.catalog.ColumnDef;
import io.sluice.planner.catalog.StreamDef;
import io.sluice.planner.catalog.TableDef;
import io.sluice.planner.catalog.ViewDef;
import io.sluice.planner.parser.SqlCreateStream;
import io.sluice.planner.parser.SqlCreateTable;
import io.sluice.planner.parser.SqlCreateView;
import io.sluice.planner.parser.SqlDropObject;
import io.sluice.planner.parser.ShowKind;
import io.sluice.planner.parser.SqlSetProperty;
import io.sluice.planner.parser.SqlShow;
import io.sluice.planner.parser.SqlStopQuery;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import io.sluice.runtime.driver.LiveQuery;
import io.sluice.runtime.job.Pipeline;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.apache.calcite.sql.SqlDescribeTable;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;

/**
 * Statements Sluice runs itself: DDL, SHOW, DESCRIBE, STOP QUERY, and the rendering of EXPLAIN.
 * Each has fixed result columns, known before it runs.
 */
final class Commands {
  private static final ResultColumn NAME = ResultColumn.varchar("NAME");

  private Commands() {}

  static boolean returnsRows(SqlNode node) {
    return node instanceof SqlShow || node instanceof SqlDescribeTable
        || node instanceof SqlExplain;
  }

  static List<ResultColumn> columns(SqlNode node) {
    if (node instanceof SqlExplain) {
      return List.of(ResultColumn.varchar("PLAN"));
    }
    if (node instanceof SqlDescribeTable) {
      return List.of(ResultColumn.varchar("COLUMN_NAME"), ResultColumn.varchar("TYPE"),
          ResultColumn.varchar("NULLABLE"), ResultColumn.varchar("KEY"),
          ResultColumn.varchar("WATERMARK"));
    }
    if (node instanceof SqlShow show) {
      return showColumns(show.what());
    }
    return List.of();
  }

  /** The columns SHOW gives for {@code what}, as the matching system table has them. */
  static List<ResultColumn> showColumns(ShowKind what) {
    return switch (what) {
      case STREAMS -> List.of(NAME, ResultColumn.varchar("CONNECTOR"),
          ResultColumn.bigint("ROWS_RETAINED"), ResultColumn.varchar("WATERMARK"),
          ResultColumn.bigint("LIVE_QUERIES"));
      case TABLES -> List.of(NAME, ResultColumn.bigint("ROWS"),
          ResultColumn.varchar("PRIMARY_KEY"));
      case VIEWS -> List.of(NAME, ResultColumn.varchar("KIND"), ResultColumn.varchar("STATE"),
          ResultColumn.bigint("ROW_COUNT"), timestamp("WATERMARK", true),
          ResultColumn.varchar("INPUT_POSITION"), ResultColumn.bigint("LAG_MS"),
          ResultColumn.bigint("STATE_ENTRIES"), ResultColumn.varchar("ERROR"),
          ResultColumn.varchar("QUERY"));
      case JOBS -> List.of(ResultColumn.varchar("ID"), ResultColumn.varchar("STATE"),
          ResultColumn.varchar("TARGET"), ResultColumn.bigint("ROWS_WRITTEN"),
          ResultColumn.bigint("PENDING_WRITES"),
          ResultColumn.varchar("INPUT_POSITION"), ResultColumn.bigint("LAG_MS"),
          ResultColumn.bigint("STATE_ENTRIES"), ResultColumn.varchar("ERROR"),
          timestamp("STARTED_AT", false), ResultColumn.varchar("SQL"));
      case OPERATORS -> List.of(ResultColumn.varchar("QUERY_ID"),
          ResultColumn.bigint("POSITION"), ResultColumn.varchar("OPERATOR"),
          ResultColumn.bigint("STATE_ENTRIES"));
      case QUERIES -> List.of(ResultColumn.varchar("ID"), ResultColumn.varchar("STATE"),
          ResultColumn.bigint("ROWS_EMITTED"), ResultColumn.bigint("ROWS_WAITING"),
          timestamp("WATERMARK", true), ResultColumn.bigint("LATE_ROWS"),
          ResultColumn.bigint("STATE_ENTRIES"), timestamp("STARTED_AT", false),
          ResultColumn.varchar("SQL"));
    };
  }

  /**
   * The system tables of the SLUICE schema: VIEWS, JOBS, QUERIES, STREAMS, TABLES, each what
   * SHOW gives for it.
   */
  static Map<String, SystemSchema.SystemTable> systemTables(Engine engine) {
    Map<String, SystemSchema.SystemTable> tables = new LinkedHashMap<>();
    for (ShowKind kind : List.of(ShowKind.VIEWS, ShowKind.JOBS, ShowKind.QUERIES,
        ShowKind.STREAMS, ShowKind.TABLES)) {
      tables.put(kind.name(), new SystemSchema.SystemTable(showColumns(kind),
          () -> showRows(engine, kind)));
    }
    return tables;
  }

  private static ResultColumn timestamp(String label, boolean nullable) {
    return new ResultColumn(label, Types.TIMESTAMP, "TIMESTAMP", 3, 0, nullable,
        java.sql.Timestamp.class.getName());
  }

  static StatementResult explain(Plan plan) {
    List<Object[]> rows = new ArrayList<>();
    for (String line : plan.explain().split("\n", -1)) {
      rows.add(new Object[] {line});
    }
    while (!rows.isEmpty() && ((String) rows.get(rows.size() - 1)[0]).isEmpty()) {
      rows.remove(rows.size() - 1);
    }
    return new StatementResult.Rows(List.of(ResultColumn.varchar("PLAN")), rows);
  }

  static StatementResult run(Engine engine, Session session, SqlNode node, String sql) {
    if (node instanceof SqlSetProperty set) {
      return set(session, set);
    }
    if (node instanceof SqlCreateStream s) {
      engine.create(engine.ddl().stream(s), sql);
      return new StatementResult.UpdateCount(0);
    }
    if (node instanceof SqlCreateTable t) {
      engine.create(engine.ddl().table(t), sql);
      return new StatementResult.UpdateCount(0);
    }
    if (node instanceof SqlCreateView v) {
      engine.createView(v, sql);
      return new StatementResult.UpdateCount(0);
    }
    if (node instanceof SqlDropObject d) {
      engine.drop(d.name().names.get(d.name().names.size() - 1),
          d.objectKind().name().replace('_', ' '), d.ifExists(), d.cascade());
      return new StatementResult.UpdateCount(0);
    }
    if (node instanceof SqlStopQuery stop && stop.job()) {
      String id = stop.queryId().getSimple().toLowerCase();
      if (!engine.stopJob(id)) {
        throw new SluiceException(ErrorCode.OBJECT_NOT_FOUND, "No job " + id
            + "; SHOW JOBS lists the running ones");
      }
      return new StatementResult.UpdateCount(0);
    }
    if (node instanceof SqlStopQuery stop) {
      String id = stop.queryId().getSimple().toLowerCase();
      if (!engine.queries().stop(id)) {
        throw new SluiceException(ErrorCode.OBJECT_NOT_FOUND, "No running query " + id
            + "; SHOW QUERIES lists the running ones");
      }
      return new StatementResult.UpdateCount(0);
    }
    if (node instanceof SqlDescribeTable d) {
      return describe(engine, d);
    }
    if (node instanceof SqlShow show) {
      return new StatementResult.Rows(columns(node), showRows(engine, show.what()));
    }
    throw new SluiceException(ErrorCode.UNSUPPORTED, "Statement " + node.getKind()
        + " is not supported; see README.md for the statements Sluice runs");
  }

  /** Session settings. Only {@code output.mode} exists so far. */
  private static StatementResult set(Session session, SqlSetProperty set) {
    String key = set.key().toLowerCase(Locale.ROOT);
    String value = set.value().trim().toLowerCase(Locale.ROOT);
    if (!key.equals("output.mode")) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "Unknown setting '" + set.key()
          + "'; settings: 'output.mode' ('append', 'update', 'complete' or 'auto')",
          set.keyPosition().getLineNum(), set.keyPosition().getColumnNum(), null);
    }
    switch (value) {
      case "append" -> session.outputMode(Emission.APPEND);
      case "update" -> session.outputMode(Emission.UPDATE);
      case "auto" -> session.outputMode(null);
      case "complete" -> session.outputMode(Emission.COMPLETE);
      default -> throw new SluiceException(ErrorCode.INVALID_OPTION, "output.mode must be"
          + " 'append', 'update', 'complete' or 'auto', not '" + set.value() + "'");
    }
    return new StatementResult.UpdateCount(0);
  }

  private static StatementResult describe(Engine engine, SqlDescribeTable d) {
    SqlIdentifier id = d.getTable();
    String name = id.names.get(id.names.size() - 1);
    CatalogObject o = engine.catalog().find(name).orElseThrow(() -> new SluiceException(
        ErrorCode.OBJECT_NOT_FOUND, "No stream or table named " + name
            + "; SHOW STREAMS and SHOW TABLES list what exists",
        id.getParserPosition().getLineNum(), id.getParserPosition().getColumnNum(), null));
    List<Object[]> rows = new ArrayList<>();
    List<ColumnDef> columns = o.columns();
    for (int i = 0; i < columns.size(); i++) {
      ColumnDef c = columns.get(i);
      final int ordinal = i;
      String key = "";
      String watermark = "";
      if (o instanceof TableDef t && Arrays.stream(t.primaryKey()).anyMatch(k -> k == ordinal)) {
        key = "PRIMARY KEY";
      }
      if (o instanceof StreamDef s && s.watermark() != null && s.watermark().column() == i) {
        watermark = s.watermark().expression();
      }
      rows.add(new Object[] {c.name(), c.type().getFullTypeString().replace(" NOT NULL", ""),
          c.nullable() ? "YES" : "NO", key, watermark});
    }
    return new StatementResult.Rows(columns(d), rows);
  }

  /** How long SHOW QUERIES and SHOW OPERATORS wait for queries to process committed rows. */
  private static final long SHOW_WAIT_MILLIS = 1_000;

  /**
   * Lets each live query process the rows committed before now (INSERTs return before live
   * queries process their rows), so that what SHOW reports includes them; a query still busy
   * after {@link #SHOW_WAIT_MILLIS} is shown as it is.
   */
  private static void awaitProcessed(Engine engine) {
    long deadline = System.nanoTime() + SHOW_WAIT_MILLIS * 1_000_000;
    try {
      for (LiveQuery q : engine.queries().list()) {
        q.awaitProcessed(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Long watermark(long wm) {
    return wm == Long.MIN_VALUE ? null : wm;
  }

  private static List<Object[]> showRows(Engine engine, ShowKind what) {
    List<Object[]> rows = new ArrayList<>();
    if (what == ShowKind.QUERIES || what == ShowKind.OPERATORS) {
      awaitProcessed(engine);
    }
    switch (what) {
      case STREAMS -> {
        for (CatalogObject o : engine.catalog().list()) {
          if (o instanceof StreamDef s) {
            rows.add(new Object[] {s.name(), s.connector(), (long) s.log().retainedCount(),
                s.watermark() == null ? null : s.columns().get(s.watermark().column()).name()
                    + " - " + s.watermark().delayMillis() + " ms",
                (long) s.log().subscriberCount()});
          }
        }
      }
      case TABLES -> {
        for (CatalogObject o : engine.catalog().list()) {
          if (o instanceof TableDef t) {
            List<String> key = new ArrayList<>();
            for (int k : t.primaryKey()) {
              key.add(t.columns().get(k).name());
            }
            long size = t.rows().size();
            rows.add(new Object[] {t.name(), size < 0 ? null : size, String.join(", ", key)});
          }
        }
      }
      case VIEWS -> {
        for (CatalogObject o : engine.catalog().list()) {
          if (o instanceof ViewDef v) {
            Pipeline p = v.pipeline();
            rows.add(p == null
                ? new Object[] {v.name(), v.kind(), null, null, null, null, null, null, null,
                    v.query()}
                : new Object[] {v.name(), v.kind(), p.state().name(), p.rows(),
                    watermark(p.watermark()), p.positions(), p.lagMillis(), p.stateEntries(),
                    p.error(), v.query()});
          }
        }
      }
      case JOBS -> {
        for (Pipeline p : engine.maintainer().list()) {
          if (p.kind() == Pipeline.Kind.JOB) {
            rows.add(new Object[] {p.name(), p.state().name(),
                engine.pipelines().target(p.name()), p.rows(), p.pendingWrites(), p.positions(),
                p.lagMillis(),
                p.stateEntries(), p.error(), p.createdAtMillis(), p.sql()});
          }
        }
      }
      case OPERATORS -> {
        for (LiveQuery q : engine.queries().list()) {
          long position = 0;
          for (var stage : q.stages()) {
            rows.add(new Object[] {q.id(), position++, stage.description(),
                stage.stateEntries().getAsLong()});
          }
        }
      }
      case QUERIES -> {
        for (LiveQuery q : engine.queries().list()) {
          long wm = q.metrics().watermark();
          rows.add(new Object[] {q.id(), q.state().name(), q.rowsEmitted(),
              (long) q.rowsWaiting(), wm == Long.MIN_VALUE ? null : wm, q.metrics().lateRows(),
              q.stages().stream().mapToLong(st -> st.stateEntries().getAsLong()).sum(),
              q.startedAtMillis(), q.sql()});
        }
      }
    }
    return rows;
  }
}
