package io.sluice.planner.incremental;

import io.sluice.planner.calcite.CatalogSchema;
import io.sluice.planner.calcite.Frontend;
import io.sluice.planner.catalog.Catalog;
import io.sluice.planner.catalog.ColumnDef;
import io.sluice.planner.catalog.StreamDef;
import io.sluice.planner.catalog.WatermarkDef;
import io.sluice.planner.parser.SluiceParser;
import io.sluice.runtime.storage.Retention;
import io.sluice.runtime.storage.Storage;
import io.sluice.runtime.storage.StreamLog;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A catalog with a stream {@code CLICKS(USER_ID BIGINT, URL VARCHAR, TS TIMESTAMP(3))} (watermark
 * on TS), one without a watermark, {@code RAW(X BIGINT, T TIMESTAMP(3))}, and a table
 * {@code USERS(ID BIGINT PRIMARY KEY, NAME VARCHAR)}; turns SQL into normalized logical
 * plans and runs single rules on them.
 */
public final class RuleFixture {
  public final Catalog catalog = new Catalog();
  public final Frontend frontend = new Frontend(catalog);
  private final Storage storage = Storage.inMemory();

  public RuleFixture() {
    RelDataTypeFactory tf = frontend.typeFactory();
    var ts = tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.TIMESTAMP, 3), true);
    var bigint = tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.BIGINT), true);
    var varchar = tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.VARCHAR), true);
    catalog.add(new StreamDef("CLICKS", List.of(new ColumnDef("USER_ID", bigint),
        new ColumnDef("URL", varchar), new ColumnDef("TS", ts)),
        new WatermarkDef(2, 2000, "TS - INTERVAL '2' SECOND"), Map.of(), "",
        StreamLog.open(storage, "CLICKS", Retention.UNLIMITED), null));
    catalog.add(new io.sluice.planner.catalog.TableDef("USERS", List.of(
        new ColumnDef("ID", tf.createSqlType(SqlTypeName.BIGINT)), new ColumnDef("NAME", varchar)),
        new int[] {0}, Map.of(), "", io.sluice.runtime.storage.KeyedTable.open(storage, "USERS",
            new int[] {0})));
    catalog.add(new StreamDef("RAW", List.of(new ColumnDef("X", bigint), new ColumnDef("T", ts)),
        null, Map.of(), "",
        StreamLog.open(storage, "RAW", Retention.UNLIMITED), null));
    catalog.add(new StreamDef("AUCTIONS", List.of(new ColumnDef("ID", bigint),
        new ColumnDef("TS", ts), new ColumnDef("EXPIRES", ts)),
        new WatermarkDef(1, 0, "TS"), Map.of(), "",
        StreamLog.open(storage, "AUCTIONS", Retention.UNLIMITED), null));
  }

  /** The normalized logical plan of a SELECT STREAM. */
  RelNode logical(String sql) throws Exception {
    Frontend.Validation v = frontend.validator(CatalogSchema.Mode.STREAMING);
    return IncrementalProgram.normalize(
        v.toRel(v.validate(SluiceParser.parseStatement(sql))).project());
  }

  PlanContext context() {
    return new PlanContext(catalog, frontend.typeFactory());
  }

  /** The node for {@code rel} if {@code rule} matches it with its inputs planned, else null. */
  PhysicalNode apply(IncrementalRule rule, RelNode rel) {
    List<PhysicalNode> inputs = IncrementalProgram.incrementalInputs(rel, context());
    return rule.matches(rel, inputs, context()) ? rule.rewrite(rel, inputs, context()) : null;
  }
}
