package io.sluice.server.avatica;

import io.sluice.planner.ResultColumn;
import io.sluice.planner.catalog.Catalog;
import io.sluice.planner.catalog.CatalogObject;
import io.sluice.planner.catalog.ColumnDef;
import io.sluice.server.engine.Engine;
import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MetaImpl;

/**
 * The answers to {@link java.sql.DatabaseMetaData}: the catalog's streams and tables with their
 * columns, the types Sluice stores, keywords and function lists. Streams are reported with
 * table type STREAM so clients can tell them from tables.
 */
final class Metadata {
  static final List<String> TABLE_TYPES = List.of("STREAM", "TABLE", "VIEW", "MATERIALIZED VIEW",
      "SYSTEM TABLE");

  private final Engine engine;
  private final String version;

  Metadata(Engine engine, String version) {
    this.engine = engine;
    this.version = version;
  }

  Map<Meta.DatabaseProperty, Object> databaseProperties() {
    Map<Meta.DatabaseProperty, Object> p = new EnumMap<>(Meta.DatabaseProperty.class);
    String[] parts = version.split("[.-]");
    p.put(Meta.DatabaseProperty.GET_DATABASE_PRODUCT_NAME, "Sluice");
    p.put(Meta.DatabaseProperty.GET_DATABASE_PRODUCT_VERSION, version);
    p.put(Meta.DatabaseProperty.GET_DATABASE_MAJOR_VERSION, number(parts, 0));
    p.put(Meta.DatabaseProperty.GET_DATABASE_MINOR_VERSION, number(parts, 1));
    p.put(Meta.DatabaseProperty.GET_DEFAULT_TRANSACTION_ISOLATION,
        java.sql.Connection.TRANSACTION_NONE);
    p.put(Meta.DatabaseProperty.GET_S_Q_L_KEYWORDS,
        "EMIT,SHOW,STREAM,STREAMS,WATERMARK,DESCRIPTOR,TUMBLE,HOP,SESSION,CUMULATE,QUERIES,STOP");
    p.put(Meta.DatabaseProperty.GET_NUMERIC_FUNCTIONS,
        "ABS,ACOS,ASIN,ATAN,ATAN2,CEILING,COS,COT,DEGREES,EXP,FLOOR,LOG,LOG10,MOD,PI,POWER,"
            + "RADIANS,RAND,ROUND,SIGN,SIN,SQRT,TAN,TRUNCATE");
    p.put(Meta.DatabaseProperty.GET_STRING_FUNCTIONS,
        "ASCII,CHAR,CHAR_LENGTH,CONCAT,INITCAP,LCASE,LEFT,LENGTH,LOWER,LTRIM,OVERLAY,POSITION,"
            + "REPEAT,REPLACE,RIGHT,RTRIM,SPACE,SUBSTRING,TRIM,UCASE,UPPER");
    p.put(Meta.DatabaseProperty.GET_SYSTEM_FUNCTIONS, "CAST,COALESCE,IFNULL,NULLIF,USER");
    p.put(Meta.DatabaseProperty.GET_TIME_DATE_FUNCTIONS,
        "CURRENT_DATE,CURRENT_TIME,CURRENT_TIMESTAMP,DAYOFMONTH,DAYOFWEEK,DAYOFYEAR,EXTRACT,"
            + "FLOOR,CEIL,HOUR,MINUTE,MONTH,QUARTER,SECOND,TIMESTAMPADD,TIMESTAMPDIFF,WEEK,YEAR");
    return p;
  }

  private static int number(String[] parts, int i) {
    try {
      return i < parts.length ? Integer.parseInt(parts[i]) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Whether {@code value} matches a JDBC LIKE pattern (null matches everything). */
  static boolean matches(Meta.Pat pattern, String value) {
    if (pattern == null || pattern.s == null) {
      return true;
    }
    StringBuilder regex = new StringBuilder();
    String s = pattern.s;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        regex.append(Pattern.quote(String.valueOf(s.charAt(++i))));
      } else if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
  }

  private List<CatalogObject> objects(Meta.Pat schema, Meta.Pat table) {
    List<CatalogObject> out = new ArrayList<>();
    if (!matches(schema, Catalog.SCHEMA)) {
      return out;
    }
    for (CatalogObject o : engine.catalog().list()) {
      if (matches(table, o.name())) {
        out.add(o);
      }
    }
    return out;
  }

  List<MetaImpl.MetaTable> tables(Meta.Pat schema, Meta.Pat table, List<String> types) {
    List<MetaImpl.MetaTable> out = new ArrayList<>();
    for (CatalogObject o : objects(schema, table)) {
      if (types == null || types.contains(o.kind())) {
        out.add(new MetaImpl.MetaTable(null, Catalog.SCHEMA, o.name(), o.kind()));
      }
    }
    return out;
  }

  List<MetaImpl.MetaColumn> columns(Meta.Pat schema, Meta.Pat table, Meta.Pat column) {
    List<MetaImpl.MetaColumn> out = new ArrayList<>();
    for (CatalogObject o : objects(schema, table)) {
      List<ColumnDef> columns = o.columns();
      for (int i = 0; i < columns.size(); i++) {
        ColumnDef c = columns.get(i);
        if (!matches(column, c.name())) {
          continue;
        }
        ResultColumn r = ResultColumn.of(c.name(), c.type());
        boolean text = r.jdbcType() == Types.VARCHAR || r.jdbcType() == Types.CHAR;
        Integer size = text
            ? Integer.valueOf(r.precision() > 0 ? r.precision() : TypeMapping.UNBOUNDED)
            : r.precision() > 0 ? Integer.valueOf(r.precision()) : null;
        Integer digits = r.jdbcType() == Types.DECIMAL || r.jdbcType() == Types.TIMESTAMP
            ? Integer.valueOf(r.scale()) : null;
        Integer radix = TypeMapping.isSigned(r.jdbcType()) ? Integer.valueOf(10) : null;
        out.add(new MetaImpl.MetaColumn(null, Catalog.SCHEMA, o.name(), c.name(), r.jdbcType(),
            r.typeName(), size, digits, radix,
            c.nullable() ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls,
            text ? size : null, i + 1, c.nullable() ? "YES" : "NO", "NO", "NO"));
      }
    }
    return out;
  }

  List<MetaImpl.MetaSchema> schemas(Meta.Pat schema) {
    return matches(schema, Catalog.SCHEMA)
        ? List.of(new MetaImpl.MetaSchema(null, Catalog.SCHEMA)) : List.of();
  }

  List<MetaImpl.MetaTableType> tableTypes() {
    return TABLE_TYPES.stream().map(MetaImpl.MetaTableType::new).toList();
  }

  List<MetaImpl.MetaTypeInfo> typeInfo() {
    short nullable = (short) DatabaseMetaData.typeNullable;
    short searchable = (short) DatabaseMetaData.typeSearchable;
    List<MetaImpl.MetaTypeInfo> types = new ArrayList<>();
    types.add(type("BOOLEAN", Types.BOOLEAN, 1, null, nullable, searchable, true, null));
    types.add(type("TINYINT", Types.TINYINT, 3, null, nullable, searchable, false, 10));
    types.add(type("SMALLINT", Types.SMALLINT, 5, null, nullable, searchable, false, 10));
    types.add(type("INTEGER", Types.INTEGER, 10, null, nullable, searchable, false, 10));
    types.add(type("BIGINT", Types.BIGINT, 19, null, nullable, searchable, false, 10));
    types.add(type("REAL", Types.REAL, 7, null, nullable, searchable, false, 10));
    types.add(type("FLOAT", Types.FLOAT, 15, null, nullable, searchable, false, 10));
    types.add(type("DOUBLE", Types.DOUBLE, 15, null, nullable, searchable, false, 10));
    types.add(type("DECIMAL", Types.DECIMAL, 19, null, nullable, searchable, false, 10));
    types.add(type("CHAR", Types.CHAR, 65536, "'", nullable, searchable, true, null));
    types.add(type("VARCHAR", Types.VARCHAR, TypeMapping.UNBOUNDED, "'", nullable, searchable,
        true, null));
    types.add(type("DATE", Types.DATE, 10, "DATE '", nullable, searchable, true, null));
    types.add(type("TIME", Types.TIME, 12, "TIME '", nullable, searchable, true, null));
    types.add(type("TIMESTAMP", Types.TIMESTAMP, 23, "TIMESTAMP '", nullable, searchable, true,
        null));
    return types;
  }

  private static MetaImpl.MetaTypeInfo type(String name, int jdbcType, int precision,
      String prefix, short nullable, short searchable, boolean unsigned, Integer radix) {
    return new MetaImpl.MetaTypeInfo(name, jdbcType, precision, prefix,
        prefix == null ? null : "'", nullable, jdbcType == Types.VARCHAR
            || jdbcType == Types.CHAR, searchable, unsigned, false, false, (short) 0,
        (short) (jdbcType == Types.DECIMAL ? 19 : jdbcType == Types.TIMESTAMP ? 3 : 0),
        radix == null ? 0 : radix);
  }
}
