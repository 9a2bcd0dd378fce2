package io.sluice.runtime.connector.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JdbcTable} over an H2 file database: MERGE INTO ... KEY, and the generic dialect. */
class JdbcTableH2Test extends JdbcTableContract {
  @TempDir Path dir;

  @Override
  String url() {
    return "jdbc:h2:file:" + dir.resolve("external").toAbsolutePath();
  }

  @Override
  String user() {
    return "sa";
  }

  @Test
  void theGenericDialectUpdatesThenInserts() throws Exception {
    createTotals("totals_generic");
    exec("INSERT INTO totals_generic VALUES ('apple', 1), ('gone', 2)");
    try (JdbcTable t = new JdbcTable(totals("totals_generic", Duration.ZERO), Dialect.GENERIC)) {
      t.apply(List.of(row("apple", 3.0), row("pear", 4.0), row("pear", 5.0)),
          List.<Object[]>of(row("gone", null)));
      assertEquals(List.of("apple=3.0", "pear=5.0"),
          query("SELECT item, revenue FROM totals_generic ORDER BY item"));
    }
  }

  @Test
  void aUrlNoDriverAcceptsIsAUserError() {
    JdbcTableSpec spec = new JdbcTableSpec("jdbc:nosuch://host/db?password=secret", "t", null,
        null, List.of(new JdbcTableSpec.Column("K", JdbcColumnType.BIGINT, -1)), new int[] {0},
        Duration.ZERO, Duration.ofSeconds(1));
    SluiceException e = assertThrows(SluiceException.class, () -> JdbcTable.verify(spec));
    assertEquals(ErrorCode.INVALID_OPTION, e.code());
    assertTrue(e.getMessage().contains("accepts the URL jdbc:nosuch://host/db;"), e.getMessage());
    assertTrue(!e.getMessage().contains("secret"), "the URL's properties are not shown");
  }

  @Test
  void theLookupCacheKeepsTheMostRecentlyUsedKeys() {
    LookupCache cache = new LookupCache(Duration.ofMinutes(1).toNanos(), 2);
    cache.put(List.of("a"), row("a", 1.0), cache.generation());
    cache.put(List.of("b"), null, cache.generation());
    assertNull(cache.get(List.of("b")).row(), "a cached miss");
    assertArrayEquals(row("a", 1.0), cache.get(List.of("a")).row(), "a is now the most recent");
    cache.put(List.of("c"), row("c", 3.0), cache.generation());
    assertNull(cache.get(List.of("b")), "the least recently used key left");
    assertEquals(2, cache.size());
    long before = cache.generation();
    cache.invalidate(List.of(List.of("a")));
    cache.put(List.of("a"), row("a", 0.0), before);
    assertNull(cache.get(List.of("a")), "an answer older than a write is not cached");
  }
}
