package io.sluice.planner.ddl;

import io.sluice.planner.calcite.CatalogSchema;
import io.sluice.planner.calcite.Errors;
import io.sluice.planner.calcite.Frontend;
import io.sluice.planner.catalog.ColumnDef;
import io.sluice.planner.catalog.StreamDef;
import io.sluice.planner.catalog.WatermarkDef;
import io.sluice.planner.parser.SluiceParser;
import io.sluice.planner.parser.SqlColumnDef;
import io.sluice.planner.parser.SqlCreateStream;
import io.sluice.planner.parser.SqlCreateTable;
import io.sluice.planner.parser.SqlOption;
import io.sluice.planner.parser.SqlWatermark;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import io.sluice.runtime.storage.Retention;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.SqlParserUtil;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * Checks CREATE STREAM and CREATE TABLE and turns them into {@link ObjectSpec}s: column types
 * Sluice can store, a watermark on a TIMESTAMP column, a primary key of existing columns, and
 * WITH options the connector knows.
 */
public final class DdlTranslator {
  /** Column types a stream or table can hold. */
  private static final Set<SqlTypeName> STORABLE = EnumSet.of(SqlTypeName.BOOLEAN,
      SqlTypeName.TINYINT, SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT,
      SqlTypeName.REAL, SqlTypeName.FLOAT, SqlTypeName.DOUBLE, SqlTypeName.DECIMAL,
      SqlTypeName.CHAR, SqlTypeName.VARCHAR, SqlTypeName.DATE, SqlTypeName.TIME,
      SqlTypeName.TIMESTAMP);

  /** Options of the memory connector, and of the nexmark generator. */
  private static final Set<String> MEMORY_STREAM_OPTIONS =
      Set.of("connector", "retention.rows", "retention.age", StreamDef.IDLE_TIMEOUT,
          StreamDef.LATE_ROWS);
  private static final Set<String> NEXMARK_OPTIONS = Set.of("connector", "kind", "events",
      "rate", "base.time", "seed", "extra", "disorder", "rate.limit", StreamDef.IDLE_TIMEOUT,
      StreamDef.LATE_ROWS);
  private static final Set<String> TABLE_OPTIONS = Set.of("connector");
  private static final Set<String> STREAM_CONNECTORS = Set.of("memory", "nexmark");
  private static final Set<String> TABLE_CONNECTORS = Set.of("memory", JdbcTables.CONNECTOR);

  private final Frontend frontend;
  private final Retention defaultRetention;

  public DdlTranslator(Frontend frontend, Retention defaultRetention) {
    this.frontend = frontend;
    this.defaultRetention = defaultRetention;
  }

  public ObjectSpec stream(SqlCreateStream node) {
    String name = simpleName(node.name());
    List<ColumnDef> columns = columns(node.columns(), List.of());
    boolean nexmark = node.options().stream().anyMatch(o -> o.key().equalsIgnoreCase("connector")
        && o.value().equalsIgnoreCase("nexmark"));
    Map<String, String> options = options(node.options(),
        nexmark ? NEXMARK_OPTIONS : MEMORY_STREAM_OPTIONS, nexmark ? "nexmark stream" : "stream",
        STREAM_CONNECTORS);
    WatermarkDef watermark = node.watermark() == null ? null : watermark(node.watermark(), columns);
    String idle = options.get(StreamDef.IDLE_TIMEOUT);
    if (idle != null && (Durations.parse(idle) == null || Durations.parse(idle).isNegative())) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "Option '" + StreamDef.IDLE_TIMEOUT
          + "' must be a duration such as '5 s' or '1 minute' (how long the stream may send"
          + " nothing before it stops holding back the watermark of a join), not '" + idle + "'");
    }
    String late = options.get(StreamDef.LATE_ROWS);
    if (late != null) {
      if (!late.matches("[A-Za-z_][A-Za-z0-9_]*") || late.equalsIgnoreCase(name)) {
        throw new SluiceException(ErrorCode.INVALID_OPTION, "Option '" + StreamDef.LATE_ROWS
            + "' names the stream to create for late rows, such as '" + name.toLowerCase(Locale.ROOT)
            + "_late', not '" + late + "'");
      }
      if (watermark == null) {
        throw new SluiceException(ErrorCode.INVALID_OPTION, "Option '" + StreamDef.LATE_ROWS
            + "' needs event time: declare WATERMARK FOR <column> AS ... so rows can be late");
      }
      options.put(StreamDef.LATE_ROWS, late.toUpperCase(Locale.ROOT));
    }
    return new ObjectSpec(name, true, columns, new int[0], watermark, retention(options),
        options, node.ifNotExists(), nexmark ? NexmarkOptions.source(options, columns) : null);
  }

  /**
   * The stream that keeps {@code stream}'s late rows, or null if it keeps none: its columns,
   * then the id of the query that found the row late and the watermark it was behind.
   */
  public ObjectSpec lateRows(ObjectSpec stream) {
    String name = stream.options().get(StreamDef.LATE_ROWS);
    if (name == null) {
      return null;
    }
    RelDataTypeFactory types = frontend.typeFactory();
    List<ColumnDef> columns = new ArrayList<>(stream.columns());
    columns.add(new ColumnDef("QUERY_ID", types.createTypeWithNullability(
        types.createSqlType(SqlTypeName.VARCHAR), true)));
    columns.add(new ColumnDef("LATE_WATERMARK", types.createTypeWithNullability(
        types.createSqlType(SqlTypeName.TIMESTAMP, 3), true)));
    return new ObjectSpec(name, true, columns, new int[0], null, stream.retention(), Map.of(),
        false, null);
  }

  public ObjectSpec table(SqlCreateTable node) {
    String name = simpleName(node.name());
    List<String> keyNames = new ArrayList<>();
    for (SqlIdentifier id : node.primaryKey()) {
      keyNames.add(id.getSimple());
    }
    if (keyNames.isEmpty()) {
      throw error(ErrorCode.INVALID_STATEMENT, "Table " + name + " needs a primary key: add"
          + " PRIMARY KEY after a column or PRIMARY KEY (col, ...) to the column list", node.name());
    }
    List<ColumnDef> columns = columns(node.columns(), keyNames);
    int[] key = new int[keyNames.size()];
    for (int i = 0; i < key.length; i++) {
      key[i] = indexOf(columns, keyNames.get(i));
      if (key[i] < 0) {
        throw error(ErrorCode.COLUMN_NOT_FOUND, "Primary key column " + keyNames.get(i)
            + " is not a column of " + name, node.primaryKey().get(i));
      }
    }
    boolean jdbc = node.options().stream().anyMatch(o -> o.key().equalsIgnoreCase("connector")
        && o.value().equalsIgnoreCase(JdbcTables.CONNECTOR));
    Map<String, String> options = options(node.options(),
        jdbc ? JdbcTables.OPTIONS : TABLE_OPTIONS, jdbc ? "jdbc table" : "table",
        TABLE_CONNECTORS);
    if (jdbc) {
      JdbcTables.check(options);
    }
    return new ObjectSpec(name, false, columns, key, null, null, options, node.ifNotExists(),
        null);
  }

  private static String simpleName(SqlIdentifier id) {
    if (!id.isSimple()) {
      throw error(ErrorCode.INVALID_STATEMENT, "Name " + id + " has a schema; objects live in"
          + " one schema, so write the name alone", id);
    }
    return id.getSimple();
  }

  private List<ColumnDef> columns(List<SqlColumnDef> defs, List<String> notNull) {
    SqlValidator validator = frontend.validator(CatalogSchema.Mode.BATCH).validator();
    List<ColumnDef> columns = new ArrayList<>();
    for (SqlColumnDef def : defs) {
      String name = def.name().getSimple();
      if (indexOf(columns, name) >= 0) {
        throw error(ErrorCode.INVALID_STATEMENT, "Column " + name + " is declared twice",
            def.name());
      }
      RelDataType declared;
      try {
        declared = def.type().deriveType(validator);
      } catch (CalciteContextException e) {
        throw error(ErrorCode.INVALID_STATEMENT, "Unknown type "
            + def.type().getTypeName().getSimple() + " for column " + name + "; use one of "
            + Errors.TYPE_NAMES, def.type());
      }
      RelDataType type = validator.getTypeFactory().createTypeWithNullability(declared,
          def.nullable() && !notNull.contains(name));
      if (!STORABLE.contains(type.getSqlTypeName())) {
        throw error(ErrorCode.UNSUPPORTED, "Column " + name + " has type " + type.getFullTypeString()
            + ", which streams and tables cannot hold yet; use one of BOOLEAN, integer types,"
            + " DOUBLE, DECIMAL, VARCHAR, DATE, TIME, TIMESTAMP", def.type());
      }
      columns.add(new ColumnDef(name, type));
    }
    return columns;
  }

  private static int indexOf(List<ColumnDef> columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static WatermarkDef watermark(SqlWatermark w, List<ColumnDef> columns) {
    String column = w.column().getSimple();
    int index = indexOf(columns, column);
    if (index < 0) {
      throw error(ErrorCode.COLUMN_NOT_FOUND, "WATERMARK FOR names " + column
          + ", which is not a column of the stream", w.column());
    }
    if (columns.get(index).type().getSqlTypeName() != SqlTypeName.TIMESTAMP) {
      throw error(ErrorCode.INVALID_STATEMENT, "WATERMARK FOR needs a TIMESTAMP column, but "
          + column + " is " + columns.get(index).type().getFullTypeString(), w.column());
    }
    SqlNode e = w.expression();
    long delay;
    if (e instanceof SqlIdentifier id && id.getSimple().equals(column)) {
      delay = 0;
    } else if (e.getKind() == SqlKind.MINUS && e instanceof SqlBasicCall call
        && call.operand(0) instanceof SqlIdentifier id && id.getSimple().equals(column)
        && call.operand(1) instanceof SqlIntervalLiteral interval) {
      delay = SqlParserUtil.intervalToMillis(
          (SqlIntervalLiteral.IntervalValue) interval.getValue());
      if (delay < 0) {
        throw error(ErrorCode.INVALID_STATEMENT, "A watermark cannot run ahead of event time;"
            + " write " + column + " - INTERVAL '5' SECOND with a positive interval", e);
      }
    } else {
      throw error(ErrorCode.UNSUPPORTED, "WATERMARK expression must be " + column + " or "
          + column + " - INTERVAL '<n>' <unit>, for example " + column
          + " - INTERVAL '5' SECOND", e);
    }
    return new WatermarkDef(index, delay, SluiceParser.unparse(e));
  }

  private static Map<String, String> options(List<SqlOption> given, Set<String> known,
      String what, Set<String> connectors) {
    Map<String, String> options = new LinkedHashMap<>();
    for (SqlOption o : given) {
      String key = o.key().toLowerCase(Locale.ROOT);
      if (!known.contains(key)) {
        throw new SluiceException(ErrorCode.INVALID_OPTION, "Unknown " + what + " option '"
            + o.key() + "'; a " + (what.contains(" ") ? "" : "memory ") + what + " takes " + String.join(", ",
                known.stream().sorted().map(k -> "'" + k + "'").toList()),
            o.keyPosition().getLineNum(), o.keyPosition().getColumnNum(), null);
      }
      if (options.put(key, o.value()) != null) {
        throw new SluiceException(ErrorCode.INVALID_OPTION, "Option '" + o.key()
            + "' is given twice", o.keyPosition().getLineNum(), o.keyPosition().getColumnNum(),
            null);
      }
      if (key.equals("connector") && !connectors.contains(o.value().toLowerCase(Locale.ROOT))) {
        String kind = what.substring(what.lastIndexOf(' ') + 1);
        throw new SluiceException(ErrorCode.INVALID_OPTION, "Unknown connector '" + o.value()
            + "' for a " + kind + "; known connectors for a " + kind + ": "
            + String.join(", ", connectors.stream().sorted().toList())
            + (o.value().equalsIgnoreCase(JdbcTables.CONNECTOR)
                ? " (a jdbc table maps a table of an external database: CREATE TABLE ... WITH"
                    + " ('connector' = 'jdbc', 'url' = ...))" : ""),
            o.keyPosition().getLineNum(), o.keyPosition().getColumnNum(), null);
      }
    }
    return options;
  }

  private Retention retention(Map<String, String> options) {
    long rows = defaultRetention.maxRows();
    Duration age = defaultRetention.maxAge();
    String r = options.get("retention.rows");
    if (r != null) {
      try {
        rows = Long.parseLong(r.trim());
      } catch (NumberFormatException e) {
        rows = -1;
      }
      if (rows < 0) {
        throw new SluiceException(ErrorCode.INVALID_OPTION, "Option 'retention.rows' must be a"
            + " number of rows (0 or more), not '" + r + "'");
      }
    }
    String a = options.get("retention.age");
    if (a != null) {
      age = Durations.parse(a);
      if (age == null || age.isNegative()) {
        throw new SluiceException(ErrorCode.INVALID_OPTION, "Option 'retention.age' must be a"
            + " duration such as '10 minutes', '1h' or 'PT30S', not '" + a + "'");
      }
    }
    return new Retention(rows, age);
  }

  private static SluiceException error(ErrorCode code, String message, SqlNode at) {
    SqlParserPos pos = at == null ? SqlParserPos.ZERO : at.getParserPosition();
    return new SluiceException(code, message, pos.getLineNum(), pos.getColumnNum(), null);
  }
}
