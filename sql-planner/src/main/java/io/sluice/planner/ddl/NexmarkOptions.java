package io.sluice.planner.ddl;

import io.sluice.planner.catalog.ColumnDef;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import io.sluice.runtime.connector.nexmark.NexmarkConfig;
import io.sluice.runtime.connector.nexmark.NexmarkGenerator;
import io.sluice.runtime.connector.nexmark.NexmarkSource;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The {@code nexmark} connector's options: {@code 'kind'} (person, auction or bid),
 * {@code 'events'} (all kinds counted, default 1,000,000), {@code 'rate'} (events per second of
 * event time, default 10,000,000), {@code 'base.time'} (default 2015-07-15 00:00:00),
 * {@code 'seed'} (default 0: the reference events; another seed makes other random choices),
 * {@code 'extra'} ({@code 'full'}, the reference padding of about 200 / 500 / 100 bytes per
 * person / auction / bid, {@code 'short'}, 6 to 9 characters, or {@code 'none'}; default full),
 * {@code 'disorder'} (the out-of-order group size, default 1: in order; not a multiple of 953,
 * which would repeat event ids) and {@code 'rate.limit'} (rows per wall-clock second for live
 * queries, default 0: as fast as possible). The columns must have the kind's types, in order.
 */
final class NexmarkOptions {
  private static final Map<String, List<SqlTypeName>> SCHEMAS = Map.of(
      "person", List.of(SqlTypeName.BIGINT, SqlTypeName.VARCHAR, SqlTypeName.VARCHAR,
          SqlTypeName.VARCHAR, SqlTypeName.VARCHAR, SqlTypeName.VARCHAR, SqlTypeName.TIMESTAMP,
          SqlTypeName.VARCHAR),
      "auction", List.of(SqlTypeName.BIGINT, SqlTypeName.VARCHAR, SqlTypeName.VARCHAR,
          SqlTypeName.BIGINT, SqlTypeName.BIGINT, SqlTypeName.TIMESTAMP, SqlTypeName.TIMESTAMP,
          SqlTypeName.BIGINT, SqlTypeName.BIGINT, SqlTypeName.VARCHAR),
      "bid", List.of(SqlTypeName.BIGINT, SqlTypeName.BIGINT, SqlTypeName.BIGINT,
          SqlTypeName.VARCHAR, SqlTypeName.VARCHAR, SqlTypeName.TIMESTAMP, SqlTypeName.VARCHAR));

  private NexmarkOptions() {}

  static NexmarkSource source(Map<String, String> options, List<ColumnDef> columns) {
    String kind = options.getOrDefault("kind", "").toLowerCase(Locale.ROOT);
    List<SqlTypeName> schema = SCHEMAS.get(kind);
    if (schema == null) {
      throw invalid("Option 'kind' of a nexmark stream must be 'person', 'auction' or 'bid'");
    }
    boolean matches = columns.size() == schema.size();
    for (int i = 0; matches && i < schema.size(); i++) {
      matches = columns.get(i).type().getSqlTypeName() == schema.get(i);
    }
    if (!matches) {
      throw new SluiceException(ErrorCode.INVALID_STATEMENT, "A nexmark " + kind + " stream has"
          + " columns of types " + schema + " in this order (see NEXMARK.md); this one has "
          + columns.stream().map(c -> c.type().getSqlTypeName()).toList());
    }
    long events = number(options, "events", 1_000_000);
    long rate = number(options, "rate", 10_000_000);
    if (rate <= 0) {
      throw invalid("Option 'rate' must be a positive number of events per second");
    }
    long base = NexmarkConfig.DEFAULT_BASE_TIME;
    String b = options.get("base.time");
    if (b != null) {
      try {
        base = Timestamp.valueOf(b.trim()).toLocalDateTime()
            .toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
      } catch (IllegalArgumentException e) {
        throw invalid("Option 'base.time' must be a timestamp like '2015-07-15 00:00:00', not '"
            + b + "'");
      }
    }
    int k = switch (kind) {
      case "person" -> NexmarkGenerator.PERSON;
      case "auction" -> NexmarkGenerator.AUCTION;
      default -> NexmarkGenerator.BID;
    };
    String x = options.getOrDefault("extra", "full").trim().toLowerCase(Locale.ROOT);
    NexmarkConfig.Extra extra = switch (x) {
      case "full" -> NexmarkConfig.Extra.FULL;
      case "short" -> NexmarkConfig.Extra.SHORT;
      case "none" -> NexmarkConfig.Extra.NONE;
      default -> throw invalid("Option 'extra' of a nexmark stream must be 'full', 'short' or"
          + " 'none', not '" + options.get("extra") + "'");
    };
    long disorder;
    try {
      disorder = number(options, "disorder", 1);
    } catch (SluiceException e) {
      disorder = 0;
    }
    if (disorder < 1 || disorder > Integer.MAX_VALUE || disorder % 953 == 0) {
      throw invalid("Option 'disorder' (the out-of-order group size) must be a whole number from"
          + " 1 to " + Integer.MAX_VALUE + " and not a multiple of 953 (that would repeat event"
          + " ids), not '" + options.get("disorder") + "'");
    }
    return new NexmarkSource(new NexmarkConfig(0, events, rate, base, 1,
        number(options, "seed", 0), extra, (int) disorder), k, number(options, "rate.limit", 0));
  }

  private static long number(Map<String, String> options, String key, long dflt) {
    String v = options.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v.trim().replace("_", ""));
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw invalid("Option '" + key + "' must be a whole number of 0 or more, not '" + v + "'");
    }
  }

  private static SluiceException invalid(String message) {
    return new SluiceException(ErrorCode.INVALID_OPTION, message);
  }
}
