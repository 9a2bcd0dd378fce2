package io.sluice.planner.parser;

import io.sluice.planner.parser.impl.SluiceSqlParserImpl;

import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Entry point to Sluice's SQL parser: Calcite's grammar plus Sluice's DDL, SHOW, STOP QUERY and
 * {@code SET 'key' = 'value'}. Identifiers are quoted with double quotes; unquoted ones are
 * converted to upper case and matched case-insensitively. Errors are Calcite's
 * {@link SqlParseException}, whose {@code getPos()} gives line and column (1-based).
 */
public final class SluiceParser {
  private static final SqlParser.Config CONFIG = SqlParser.config()
      .withParserFactory(SluiceSqlParserImpl.FACTORY)
      .withQuoting(Quoting.DOUBLE_QUOTE)
      .withUnquotedCasing(Casing.TO_UPPER)
      .withQuotedCasing(Casing.UNCHANGED)
      .withCaseSensitive(false)
      .withConformance(SqlConformanceEnum.DEFAULT)
      .withIdentifierMaxLength(128);

  private SluiceParser() {
  }

  /** The parser configuration; planners and validators should match its casing rules. */
  public static SqlParser.Config config() {
    return CONFIG;
  }

  /** Parses one or more statements separated by semicolons (a trailing one is allowed). */
  public static SqlNodeList parseStatements(String sql) throws SqlParseException {
    return SqlParser.create(sql, CONFIG).parseStmtList();
  }

  /** Parses exactly one statement. */
  public static SqlNode parseStatement(String sql) throws SqlParseException {
    return SqlParser.create(sql, CONFIG).parseStmt();
  }

  /**
   * Writes a statement back as SQL that this parser reads to an equal statement. Use this rather
   * than {@code toString()}, which quotes identifiers with back-ticks (Calcite's ANSI dialect).
   */
  public static String unparse(SqlNode node) {
    return node.toSqlString(CalciteSqlDialect.DEFAULT).getSql();
  }
}
