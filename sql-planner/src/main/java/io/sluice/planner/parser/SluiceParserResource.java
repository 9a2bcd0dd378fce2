package io.sluice.planner.parser;

import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.runtime.Resources;
import org.apache.calcite.runtime.Resources.BaseMessage;
import org.apache.calcite.runtime.Resources.ExInst;

/**
 * Messages of the errors that Sluice's grammar raises itself (as opposed to JavaCC's "Encountered
 * ... Was expecting ..."). The parser wraps each with the position of the offending clause, so a
 * caller sees a {@link org.apache.calcite.sql.parser.SqlParseException} carrying line and column.
 */
public interface SluiceParserResource {
  SluiceParserResource RESOURCE = Resources.create(SluiceParserResource.class);

  @BaseMessage("CREATE OR REPLACE is not supported; DROP the object, then CREATE it again")
  ExInst<CalciteException> createOrReplaceNotSupported();

  @BaseMessage("Duplicate PRIMARY KEY: a table has one primary key, declared either after its "
      + "column or as PRIMARY KEY (column, ...)")
  ExInst<CalciteException> duplicatePrimaryKey();

  @BaseMessage("Duplicate WATERMARK: a stream has one watermark")
  ExInst<CalciteException> duplicateWatermark();

  @BaseMessage("Duplicate option ''{0}'' in WITH (...)")
  ExInst<CalciteException> duplicateOption(String key);

  @BaseMessage("SHOW {0} is not supported; SHOW lists STREAMS, TABLES, VIEWS, QUERIES or OPERATORS")
  ExInst<CalciteException> showNotSupported(String what);

  @BaseMessage("A stream needs at least one column")
  ExInst<CalciteException> streamWithoutColumns();

  @BaseMessage("A table needs at least one column")
  ExInst<CalciteException> tableWithoutColumns();

  @BaseMessage("Expected a character string literal such as ''value''")
  ExInst<CalciteException> characterStringExpected();
}
