package io.sluice.planner.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDescribeTable;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSelectKeyword;
import org.apache.calcite.sql.SqlSetOption;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.Litmus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sluice's statements through {@link SluiceParser}, and Calcite's own statements beside them. */
class SluiceParserTest {

  // ---------------------------------------------------------------- CREATE STREAM

  @Test void createStreamWithWatermarkAndOptions() throws SqlParseException {
    SqlCreateStream stream = parse(SqlCreateStream.class,
        "CREATE STREAM IF NOT EXISTS bids (\n"
            + "  auction BIGINT NOT NULL, bidder BIGINT, price BIGINT, ts TIMESTAMP(3),\n"
            + "  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND\n"
            + ") WITH ('connector' = 'kafka', 'topic' = 'bids', 'format' = 'json')");

    assertEquals(List.of("BIDS"), stream.name().names);
    assertTrue(stream.ifNotExists());
    assertEquals(SqlKind.OTHER_DDL, stream.getKind());
    assertEquals(List.of("AUCTION", "BIDDER", "PRICE", "TS"), columnNames(stream.columns()));

    SqlColumnDef auction = stream.columns().get(0);
    assertFalse(auction.nullable());
    assertEquals(Boolean.FALSE, auction.type().getNullable());
    assertEquals(SqlTypeName.BIGINT.name(), auction.type().getTypeName().getSimple());
    assertEquals(new SqlParserPos(2, 3, 2, 25), auction.getParserPosition());
    SqlColumnDef ts = stream.columns().get(3);
    assertTrue(ts.nullable());
    assertEquals("TIMESTAMP(3)", SluiceParser.unparse(ts.type()));

    SqlWatermark watermark = stream.watermark();
    assertNotNull(watermark);
    assertEquals("TS", watermark.column().getSimple());
    assertEquals(SqlKind.MINUS, watermark.expression().getKind());
    assertEquals("\"TS\" - INTERVAL '5' SECOND", SluiceParser.unparse(watermark.expression()));

    assertEquals(List.of("connector=kafka", "topic=bids", "format=json"),
        options(stream.options()));
    assertEquals(new SqlParserPos(4, 9, 4, 19), stream.options().get(0).keyPosition());
  }

  @Test void createStreamMinimal() throws SqlParseException {
    SqlCreateStream stream = parse(SqlCreateStream.class, "create stream s (a int)");
    assertFalse(stream.ifNotExists());
    assertNull(stream.watermark());
    assertTrue(stream.options().isEmpty());
    assertEquals(List.of("A"), columnNames(stream.columns()));
  }

  @Test void watermarkMayComeBeforeColumnsAndIsUnparsedLast() throws SqlParseException {
    SqlCreateStream stream = parse(SqlCreateStream.class,
        "CREATE STREAM s (WATERMARK FOR ts AS ts, ts TIMESTAMP)");
    assertEquals(List.of("TS"), columnNames(stream.columns()));
    assertEquals("CREATE STREAM \"S\" (\"TS\" TIMESTAMP, WATERMARK FOR \"TS\" AS \"TS\")",
        SluiceParser.unparse(stream));
  }

  @Test void optionsKeepTheirWrittenOrder() throws SqlParseException {
    SqlCreateStream stream = parse(SqlCreateStream.class,
        "CREATE STREAM s (a INT) WITH ('z' = '1', 'a' = '2', 'm.n' = '3', 'B' = '4', 'b' = '5')");
    List<String> expected = List.of("z=1", "a=2", "m.n=3", "B=4", "b=5");
    assertEquals(expected, options(stream.options()));
    SqlCreateStream again = parse(SqlCreateStream.class, SluiceParser.unparse(stream));
    assertEquals(expected, options(again.options()));
  }

  @Test void optionValuesAreUnescaped() throws SqlParseException {
    SqlCreateStream stream = parse(SqlCreateStream.class,
        "CREATE STREAM s (a INT) WITH ('path' = 'it''s here', 'multi' = 'a' 'b', "
            + "'unicode' = U&'caf\\00e9')");
    assertEquals(List.of("path=it's here", "multi=ab", "unicode=café"),
        options(stream.options()));
    assertEquals(List.of("path=it's here", "multi=ab", "unicode=café"),
        options(parse(SqlCreateStream.class, SluiceParser.unparse(stream)).options()));
  }

  // ---------------------------------------------------------------- CREATE TABLE

  @Test void createTableWithColumnPrimaryKey() throws SqlParseException {
    SqlCreateTable table = parse(SqlCreateTable.class,
        "CREATE TABLE rates (currency VARCHAR NOT NULL PRIMARY KEY, rate DOUBLE)");
    assertEquals("RATES", table.name().getSimple());
    assertFalse(table.ifNotExists());
    assertEquals(SqlKind.CREATE_TABLE, table.getKind());
    assertEquals(List.of("CURRENCY", "RATE"), columnNames(table.columns()));
    assertFalse(table.columns().get(0).nullable());
    assertTrue(table.columns().get(1).nullable());
    assertEquals(List.of("CURRENCY"), names(table.primaryKey()));
    assertTrue(table.options().isEmpty());
  }

  @Test void createTableWithTablePrimaryKeyAndOptions() throws SqlParseException {
    SqlCreateTable table = parse(SqlCreateTable.class,
        "CREATE TABLE IF NOT EXISTS s.positions (account BIGINT, symbol VARCHAR(8), qty INT, "
            + "PRIMARY KEY (account, symbol)) WITH ('connector' = 'memory')");
    assertEquals(List.of("S", "POSITIONS"), table.name().names);
    assertTrue(table.ifNotExists());
    assertEquals(List.of("ACCOUNT", "SYMBOL"), names(table.primaryKey()));
    assertEquals(List.of("connector=memory"), options(table.options()));
  }

  @Test void createTableWithoutPrimaryKey() throws SqlParseException {
    SqlCreateTable table = parse(SqlCreateTable.class, "CREATE TABLE t (a INT)");
    assertTrue(table.primaryKey().isEmpty());
  }

  @Test void columnAndTablePrimaryKeyTogetherIsAnError() {
    String sql = "CREATE TABLE t (a INT PRIMARY KEY, b INT, PRIMARY KEY (a, b))";
    SqlParseException e = parseError(sql);
    assertPosition(e, 1, sql.indexOf("PRIMARY KEY (") + 1);
    assertTrue(e.getMessage().startsWith("Duplicate PRIMARY KEY"), e.getMessage());
  }

  @Test void twoColumnPrimaryKeysIsAnError() {
    String sql = "CREATE TABLE t (\n  a INT PRIMARY KEY,\n  b INT PRIMARY KEY)";
    assertPosition(parseError(sql), 3, 9);
  }

  // ---------------------------------------------------------------- CREATE VIEW

  @Test void createView() throws SqlParseException {
    SqlCreateView view = parse(SqlCreateView.class, "CREATE VIEW v AS SELECT a FROM t");
    assertFalse(view.materialized());
    assertFalse(view.ifNotExists());
    assertEquals(SqlKind.CREATE_VIEW, view.getKind());
    assertEquals("V", view.name().getSimple());
    assertNull(view.columnList());
    assertTrue(view.options().isEmpty());
    assertInstanceOf(SqlSelect.class, view.query());
  }

  @Test void createMaterializedViewOverTumble() throws SqlParseException {
    SqlCreateView view = parse(SqlCreateView.class,
        "CREATE MATERIALIZED VIEW IF NOT EXISTS top_bids (ws, we, auction, max_price) "
            + "WITH ('retention' = '1 hour') AS\n"
            + "SELECT window_start, window_end, auction, MAX(price) AS max_price\n"
            + "FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))\n"
            + "GROUP BY window_start, window_end, auction\n"
            + "ORDER BY max_price DESC");
    assertTrue(view.materialized());
    assertTrue(view.ifNotExists());
    assertEquals(SqlKind.CREATE_MATERIALIZED_VIEW, view.getKind());
    assertEquals(List.of("WS", "WE", "AUCTION", "MAX_PRICE"), names(view.columnList()));
    assertEquals(List.of("retention=1 hour"), options(view.options()));
    SqlOrderBy orderBy = assertInstanceOf(SqlOrderBy.class, view.query());
    assertInstanceOf(SqlSelect.class, orderBy.query);
  }

  // ---------------------------------------------------------------- DROP, SHOW, STOP, SET

  @Test void dropEachKind() throws SqlParseException {
    assertDrop("DROP STREAM bids", SqlObjectKind.STREAM, false, SqlKind.OTHER_DDL);
    assertDrop("DROP TABLE IF EXISTS bids", SqlObjectKind.TABLE, true, SqlKind.DROP_TABLE);
    assertDrop("drop view bids", SqlObjectKind.VIEW, false, SqlKind.DROP_VIEW);
    assertDrop("DROP MATERIALIZED VIEW IF EXISTS bids", SqlObjectKind.MATERIALIZED_VIEW, true,
        SqlKind.DROP_MATERIALIZED_VIEW);
  }

  @Test void showEachKind() throws SqlParseException {
    assertEquals(ShowKind.STREAMS, parse(SqlShow.class, "SHOW STREAMS").what());
    assertEquals(ShowKind.TABLES, parse(SqlShow.class, "show tables").what());
    assertEquals(ShowKind.VIEWS, parse(SqlShow.class, "Show Views").what());
    assertEquals(ShowKind.QUERIES, parse(SqlShow.class, "SHOW QUERIES").what());
    assertEquals(ShowKind.OPERATORS, parse(SqlShow.class, "show operators").what());
  }

  @Test void showOfSomethingElseSaysWhatIsSupported() {
    SqlParseException e = parseError("SHOW DATABASES");
    assertPosition(e, 1, 6);
    assertTrue(e.getMessage().contains("STREAMS, TABLES, VIEWS, QUERIES or OPERATORS"),
        e.getMessage());
  }

  @Test void stopQuery() throws SqlParseException {
    assertEquals("Q1", parse(SqlStopQuery.class, "STOP QUERY q1").queryId().getSimple());
    assertEquals("q1", parse(SqlStopQuery.class, "STOP QUERY \"q1\"").queryId().getSimple());
  }

  @Test void setQuotedKeyIsASetProperty() throws SqlParseException {
    SqlSetProperty set = parse(SqlSetProperty.class, "SET 'trigger.interval' = '1 second'");
    assertEquals("trigger.interval", set.key());
    assertEquals("1 second", set.value());
    assertEquals(new SqlParserPos(1, 5, 1, 22), set.keyPosition());
  }

  @Test void setIdentifierKeyStaysCalcitesSetOption() throws SqlParseException {
    SqlSetOption set = parse(SqlSetOption.class, "SET trigger_interval = 'x'");
    SqlIdentifier name = assertInstanceOf(SqlIdentifier.class, set.name());
    assertEquals("TRIGGER_INTERVAL", name.getSimple());
  }

  // ---------------------------------------------------------------- Calcite's own statements

  @Test void selectStreamStillParses() throws SqlParseException {
    SqlSelect select = parse(SqlSelect.class,
        "SELECT STREAM auction, price FROM bids WHERE price > 100");
    assertTrue(select.isKeywordPresent(SqlSelectKeyword.STREAM));
    assertFalse(parse(SqlSelect.class, "SELECT auction FROM bids")
        .isKeywordPresent(SqlSelectKeyword.STREAM));
  }

  @Test void tumbleTableFunctionStillParses() throws SqlParseException {
    SqlSelect select = parse(SqlSelect.class,
        "SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), "
            + "INTERVAL '10' SECOND)) GROUP BY window_start");
    SqlCall collection = assertInstanceOf(SqlCall.class, select.getFrom());
    assertEquals(SqlKind.COLLECTION_TABLE, collection.getKind());
    SqlCall tumble = collection.operand(0);
    assertEquals("TUMBLE", tumble.getOperator().getName());
    assertEquals(3, tumble.operandCount());
  }

  @Test void calciteStatementsStillParse() throws SqlParseException {
    assertInstanceOf(SqlInsert.class, SluiceParser.parseStatement(
        "INSERT INTO bids VALUES (1, 7, 150, TIMESTAMP '2026-01-01 10:00:00')"));
    assertInstanceOf(SqlInsert.class,
        SluiceParser.parseStatement("INSERT INTO big_bids SELECT STREAM * FROM bids"));
    assertEquals("BIDS", parse(SqlDescribeTable.class, "DESCRIBE bids").getTable().getSimple());
    assertEquals("BIDS",
        parse(SqlDescribeTable.class, "DESCRIBE TABLE bids").getTable().getSimple());
    SqlExplain explain = parse(SqlExplain.class, "EXPLAIN PLAN FOR SELECT * FROM bids");
    assertInstanceOf(SqlSelect.class, explain.getExplicandum());
    assertInstanceOf(SqlWith.class,
        SluiceParser.parseStatement("WITH x AS (SELECT 1 AS a) SELECT a FROM x"));
  }

  @Test void newKeywordsStayUsableAsIdentifiers() throws SqlParseException {
    String words = "streams, watermark, show, query, queries, stop, tables, views, materialized, "
        + "if";
    List<String> upper = List.of("STREAMS", "WATERMARK", "SHOW", "QUERY", "QUERIES", "STOP",
        "TABLES", "VIEWS", "MATERIALIZED", "IF");

    SqlSelect select = parse(SqlSelect.class, "SELECT " + words + " FROM show");
    assertEquals(upper, select.getSelectList().stream()
        .map(n -> ((SqlIdentifier) n).getSimple()).collect(Collectors.toList()));
    assertEquals("SHOW", ((SqlIdentifier) select.getFrom()).getSimple());

    SqlCreateStream stream = parse(SqlCreateStream.class, "CREATE STREAM streams ("
        + words.replace(",", " INT,") + " INT, watermark2 TIMESTAMP, "
        + "WATERMARK FOR watermark AS watermark)");
    assertEquals("STREAMS", stream.name().getSimple());
    assertEquals(11, stream.columns().size());
    assertEquals(upper, columnNames(stream.columns()).subList(0, 10));
    assertEquals("WATERMARK", stream.watermark().column().getSimple());

    assertEquals("IF", parse(SqlCreateTable.class, "CREATE TABLE if (a INT)").name().getSimple());
    SqlDropObject drop = parse(SqlDropObject.class, "DROP TABLE IF EXISTS if");
    assertTrue(drop.ifExists());
    assertEquals("IF", drop.name().getSimple());
    assertEquals("QUERY", parse(SqlStopQuery.class, "STOP QUERY query").queryId().getSimple());
  }

  // ---------------------------------------------------------------- round trips

  @ParameterizedTest
  @ValueSource(strings = {
      "CREATE STREAM IF NOT EXISTS bids (auction BIGINT NOT NULL, price BIGINT, "
          + "ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) "
          + "WITH ('connector' = 'kafka', 'topic' = 'it''s', 'b' = 'x', 'a' = 'y')",
      "CREATE STREAM \"mixedCase\" (\"Col\" VARCHAR(10) NULL, d DECIMAL(10, 2) ARRAY)",
      "CREATE TABLE rates (currency VARCHAR PRIMARY KEY, rate DOUBLE NOT NULL)",
      "CREATE TABLE IF NOT EXISTS s.t (a INT, b INT, PRIMARY KEY (a, b)) WITH ('k' = 'v')",
      "CREATE VIEW v AS SELECT a FROM t WHERE b > 1",
      "CREATE VIEW v AS WITH x AS (SELECT 1 AS a) SELECT a FROM x ORDER BY a DESC LIMIT 3",
      "CREATE MATERIALIZED VIEW IF NOT EXISTS mv (x, y) WITH ('k' = 'v') AS "
          + "SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), "
          + "INTERVAL '10' SECOND)) GROUP BY window_start",
      "DROP STREAM bids",
      "DROP MATERIALIZED VIEW IF EXISTS s.mv",
      "SHOW QUERIES",
      "STOP QUERY \"q-1\"",
      "SET 'trigger' = '1 second'",
      "SELECT STREAM * FROM bids",
  })
  void unparseRoundTrips(String sql) throws SqlParseException {
    SqlNode first = SluiceParser.parseStatement(sql);
    String text = SluiceParser.unparse(first);
    SqlNode second = SluiceParser.parseStatement(text);
    assertEquals(first.getClass(), second.getClass());
    assertTrue(first.equalsDeep(second, Litmus.IGNORE), () -> sql + "\nvs\n" + text);
    assertEquals(text, SluiceParser.unparse(second));
    assertFalse(first.toString().isEmpty());
  }

  @Test void equalityNoticesFlagsAndOptions() throws SqlParseException {
    assertNotEqualDeep("CREATE STREAM s (a INT)", "CREATE STREAM IF NOT EXISTS s (a INT)");
    assertNotEqualDeep("CREATE STREAM s (a INT)", "CREATE STREAM s (a INT NOT NULL)");
    assertNotEqualDeep("CREATE TABLE t (a INT) WITH ('k' = 'v')",
        "CREATE TABLE t (a INT) WITH ('k' = 'w')");
    assertNotEqualDeep("CREATE VIEW v AS SELECT 1", "CREATE MATERIALIZED VIEW v AS SELECT 1");
    assertNotEqualDeep("DROP VIEW v", "DROP TABLE v");
    assertNotEqualDeep("SHOW VIEWS", "SHOW TABLES");
  }

  @Test void cloneKeepsTheNodeClass() throws SqlParseException {
    for (String sql : List.of("CREATE STREAM s (a INT, WATERMARK FOR a AS a) WITH ('k' = 'v')",
        "CREATE TABLE t (a INT PRIMARY KEY)", "CREATE MATERIALIZED VIEW v AS SELECT 1",
        "DROP STREAM s", "SHOW STREAMS", "STOP QUERY q", "SET 'k' = 'v'")) {
      SqlNode node = SluiceParser.parseStatement(sql);
      SqlNode copy = node.clone(SqlParserPos.ZERO);
      assertFalse(copy instanceof SqlBasicCall, sql);
      assertEquals(node.getClass(), copy.getClass());
      assertTrue(node.equalsDeep(copy, Litmus.IGNORE), sql);
    }
  }

  // ---------------------------------------------------------------- scripts and errors

  @Test void parsesAScriptOfStatements() throws SqlParseException {
    SqlNodeList statements = SluiceParser.parseStatements(
        "CREATE STREAM bids (price BIGINT);\n"
            + "SET 'trigger' = '1 second';\n"
            + "SELECT STREAM price FROM bids;\n"
            + "SHOW QUERIES;\n"
            + "STOP QUERY q1;\n"
            + "DROP STREAM bids;");
    assertEquals(List.of(SqlCreateStream.class, SqlSetProperty.class, SqlSelect.class,
            SqlShow.class, SqlStopQuery.class, SqlDropObject.class),
        statements.stream().map(Object::getClass).collect(Collectors.toList()));
  }

  @Test void missingClosingParenthesisReportsLineAndColumn() {
    SqlParseException e = parseError("CREATE STREAM bids (\n"
        + "  auction BIGINT,\n"
        + "  price BIGINT\n"
        + "WITH ('connector' = 'memory')");
    assertPosition(e, 4, 1);
    assertTrue(e.getMessage().contains("Encountered \"WITH\" at line 4, column 1"),
        e.getMessage());
  }

  @Test void grammarErrorsCarryTheirPosition() {
    assertPosition(parseError("CREATE OR REPLACE STREAM s (a INT)"), 1, 1);
    assertPosition(parseError("CREATE STREAM s (WATERMARK FOR ts AS ts)"), 1, 17);
    assertPosition(parseError(
        "CREATE STREAM s (ts TIMESTAMP, WATERMARK FOR ts AS ts, WATERMARK FOR ts AS ts)"), 1, 56);
    SqlParseException duplicate =
        parseError("CREATE STREAM s (a INT) WITH ('k' = '1', 'k' = '2')");
    assertPosition(duplicate, 1, 42);
    assertEquals("Duplicate option 'k' in WITH (...)", duplicate.getMessage());
    assertPosition(parseError("CREATE STREAM s (a INT) WITH ('k' = 1)"), 1, 37);
    assertPosition(parseError("SET 'k' = X'00'"), 1, 11);
    assertPosition(parseError("STOP QUERY 42"), 1, 12);
  }

  // ---------------------------------------------------------------- helpers

  private static <T extends SqlNode> T parse(Class<T> expected, String sql)
      throws SqlParseException {
    return assertInstanceOf(expected, SluiceParser.parseStatement(sql));
  }

  private static SqlParseException parseError(String sql) {
    return assertThrows(SqlParseException.class, () -> SluiceParser.parseStatement(sql));
  }

  private static void assertPosition(SqlParseException e, int line, int column) {
    assertNotNull(e.getPos(), e.getMessage());
    assertEquals(line + ":" + column, e.getPos().getLineNum() + ":" + e.getPos().getColumnNum(),
        e.getMessage());
  }

  private static void assertDrop(String sql, SqlObjectKind kind, boolean ifExists,
      SqlKind sqlKind) throws SqlParseException {
    SqlDropObject drop = parse(SqlDropObject.class, sql);
    assertEquals(kind, drop.objectKind());
    assertEquals(ifExists, drop.ifExists());
    assertEquals("BIDS", drop.name().getSimple());
    assertEquals(sqlKind, drop.getKind());
  }

  private static void assertNotEqualDeep(String a, String b) throws SqlParseException {
    assertFalse(SluiceParser.parseStatement(a)
        .equalsDeep(SluiceParser.parseStatement(b), Litmus.IGNORE), a + " vs " + b);
  }

  private static List<String> columnNames(List<SqlColumnDef> columns) {
    return columns.stream().map(c -> c.name().getSimple()).collect(Collectors.toList());
  }

  private static List<String> names(List<SqlIdentifier> identifiers) {
    return identifiers.stream().map(SqlIdentifier::getSimple).collect(Collectors.toList());
  }

  private static List<String> options(List<SqlOption> options) {
    return options.stream().map(o -> o.key() + "=" + o.value()).collect(Collectors.toList());
  }
}
