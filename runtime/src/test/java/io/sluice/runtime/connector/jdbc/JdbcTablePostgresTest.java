package io.sluice.runtime.connector.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JdbcTable} over a real PostgreSQL server (INSERT ... ON CONFLICT), started once for the
 * class, and stopped and started again to test the write's retries.
 */
class JdbcTablePostgresTest extends JdbcTableContract {
  @TempDir static Path dir;
  private static TestPostgres pg;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = TestPostgres.start(dir.resolve("pg"));
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  @Override
  String url() {
    return pg.url();
  }

  @Override
  String user() {
    return "postgres";
  }

  @Test
  void aWriteWaitsForTheDatabaseToComeBack() throws Exception {
    createTotals("totals_retry");
    try (JdbcTable t = new JdbcTable(totals("totals_retry", Duration.ZERO))) {
      t.upsert(List.<Object[]>of(row("before", 1.0)));
      assertArrayEquals(row("before", 1.0), t.lookup("before")); // both connections are open
      pg.stop();
      CompletableFuture<Void> write;
      try {
        write = CompletableFuture.runAsync(
            () -> t.apply(List.<Object[]>of(row("during", 2.0)),
                List.<Object[]>of(row("before", null))));
        Thread.sleep(1_500);
        assertTrue(!write.isDone(), "still retrying while the database is down");
      } finally {
        pg.restart();
      }
      write.get(20, TimeUnit.SECONDS);
      assertEquals(List.of("during=2.0"), query("SELECT item, revenue FROM totals_retry"));
      assertArrayEquals(row("during", 2.0), t.lookup("during"), "a lookup reconnects at once");
    }
  }

  @Test
  void aWriteGivesUpWhenItsBudgetIsSpent() throws Exception {
    createTotals("totals_budget");
    JdbcTableSpec spec = spec("totals_budget", Duration.ZERO, Duration.ofSeconds(1),
        new int[] {0}, new JdbcTableSpec.Column("ITEM", JdbcColumnType.VARCHAR, -1),
        new JdbcTableSpec.Column("REVENUE", JdbcColumnType.DOUBLE, -1));
    try (JdbcTable t = new JdbcTable(spec)) {
      pg.stop();
      try {
        long start = System.nanoTime();
        SluiceException e = assertThrows(SluiceException.class,
            () -> t.upsert(List.<Object[]>of(row("lost", 1.0))));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 1_000 && millis < 5_000, "gave up after the 1 s budget: " + millis);
        assertEquals(ErrorCode.CONNECTION_FAILURE, e.code());
        assertEquals("08006", e.sqlState());
        assertTrue(e.getMessage().startsWith("Cannot reach the database " + pg.url()
            + " to write 1 rows of its table totals_budget (tried "), e.getMessage());
        assertTrue(e.getMessage().contains("'sink.retry.budget' of 1000 ms"), e.getMessage());

        SluiceException read = assertThrows(SluiceException.class, () -> t.lookup("lost"));
        assertEquals(ErrorCode.CONNECTION_FAILURE, read.code(), "reads fail at once");
        SluiceException create = assertThrows(SluiceException.class, () -> JdbcTable.verify(spec));
        assertEquals(ErrorCode.CONNECTION_FAILURE, create.code());
      } finally {
        pg.restart();
      }
      assertEquals(List.of(), query("SELECT item, revenue FROM totals_budget"));
    }
  }

  @Test
  void upsertsNeedAUniqueKeyInPostgres() throws SQLException {
    exec("DROP TABLE IF EXISTS totals_nokey",
        "CREATE TABLE totals_nokey (item VARCHAR(20), revenue DOUBLE PRECISION)");
    SluiceException e = assertThrows(SluiceException.class,
        () -> JdbcTable.verify(totals("totals_nokey", Duration.ZERO)));
    assertEquals(ErrorCode.INVALID_STATEMENT, e.code());
    assertTrue(e.getMessage().contains("has no primary key or unique index on (item)"),
        e.getMessage());
    exec("CREATE UNIQUE INDEX totals_nokey_item ON totals_nokey (item)");
    JdbcTable.verify(totals("totals_nokey", Duration.ZERO));
  }
}
