package io.sluice.shell;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatementsTest {
  @Test
  void selectStreamIsLive() {
    assertTrue(Statements.isLive("SELECT STREAM * FROM s;"));
    assertTrue(Statements.isLive("  select\n  stream id FROM s"));
    assertTrue(Statements.isLive("-- the big ones\n(SELECT STREAM id FROM s WHERE x > 1)"));
    assertTrue(Statements.isLive("WITH b AS (SELECT * FROM s) SELECT STREAM * FROM b"));
  }

  @Test
  void othersAreNot() {
    assertFalse(Statements.isLive("SELECT id FROM s"));
    assertFalse(Statements.isLive("SELECT 'SELECT STREAM' AS s FROM t"));
    assertFalse(Statements.isLive("SELECT \"STREAM\" FROM t /* SELECT STREAM */"));
    assertFalse(Statements.isLive("EXPLAIN PLAN FOR SELECT STREAM * FROM s"));
    assertFalse(Statements.isLive("INSERT INTO big SELECT STREAM * FROM s"));
    assertFalse(Statements.isLive(null));
  }
}
