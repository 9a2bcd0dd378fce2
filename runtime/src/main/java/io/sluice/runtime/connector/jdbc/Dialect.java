package io.sluice.runtime.connector.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The SQL a {@link JdbcTable} sends, by database: reads and deletes are plain SQL everywhere;
 * an upsert by key is PostgreSQL's {@code INSERT ... ON CONFLICT (key) DO UPDATE}, H2's
 * {@code MERGE INTO ... KEY (key)}, and elsewhere an UPDATE by key followed, for the rows it did
 * not find, by an INSERT (inside the caller's transaction, so the pair is atomic).
 */
enum Dialect {
  POSTGRESQL,
  H2,
  GENERIC;

  /** Rows sent in one JDBC batch: bounds the driver's buffers on a large write. */
  private static final int BATCH_ROWS = 1_000;

  String select(ExternalTable t) {
    return "SELECT " + columns(t, all(t)) + " FROM " + t.name();
  }

  String lookup(ExternalTable t) {
    return select(t) + " WHERE " + keyEquals(t);
  }

  String delete(ExternalTable t) {
    return "DELETE FROM " + t.name() + " WHERE " + keyEquals(t);
  }

  /** The upsert statement (POSTGRESQL, H2) or the INSERT (GENERIC); all columns bound in order. */
  String insert(ExternalTable t) {
    String insert = "INSERT INTO " + t.name() + " (" + columns(t, all(t)) + ") VALUES ("
        + params(t.width()) + ")";
    return switch (this) {
      case POSTGRESQL -> {
        List<Integer> rest = nonKey(t);
        String conflict = " ON CONFLICT (" + columns(t, key(t)) + ") DO ";
        if (rest.isEmpty()) {
          yield insert + conflict + "NOTHING";
        }
        List<String> sets = new ArrayList<>();
        for (int c : rest) {
          sets.add(t.column(c) + " = EXCLUDED." + t.column(c));
        }
        yield insert + conflict + "UPDATE SET " + String.join(", ", sets);
      }
      case H2 -> "MERGE INTO " + t.name() + " (" + columns(t, all(t)) + ") KEY ("
          + columns(t, key(t)) + ") VALUES (" + params(t.width()) + ")";
      case GENERIC -> insert;
    };
  }

  /** GENERIC only: sets the non-key columns (bound first) of the row with the key (bound next). */
  String update(ExternalTable t) {
    List<String> sets = new ArrayList<>();
    for (int c : nonKey(t)) {
      sets.add(t.column(c) + " = ?");
    }
    if (sets.isEmpty()) {
      // A key-only table: an update that changes nothing still says whether the row exists.
      sets.add(t.column(t.key()[0]) + " = " + t.column(t.key()[0]));
    }
    return "UPDATE " + t.name() + " SET " + String.join(", ", sets) + " WHERE " + keyEquals(t);
  }

  /** Deletes the rows with these keys (whole rows; only key columns are read). */
  void deleteAll(Statements s, ExternalTable t, Collection<Object[]> rows) throws SQLException {
    PreparedStatement ps = s.prepare(delete(t));
    int pending = 0;
    for (Object[] row : rows) {
      bindKey(ps, t, row, 1);
      ps.addBatch();
      if (++pending == BATCH_ROWS) {
        ps.executeBatch();
        pending = 0;
      }
    }
    if (pending > 0) {
      ps.executeBatch();
    }
  }

  /** Inserts or replaces {@code rows} by key; at most one row per key. */
  void upsertAll(Statements s, ExternalTable t, Collection<Object[]> rows) throws SQLException {
    if (this == GENERIC) {
      PreparedStatement update = s.prepare(update(t));
      PreparedStatement insert = s.prepare(insert(t));
      List<Integer> rest = nonKey(t);
      for (Object[] row : rows) {
        int p = 1;
        for (int c : rest) {
          t.bind(update, p++, c, row[c]);
        }
        bindKey(update, t, row, p);
        if (update.executeUpdate() == 0) {
          bindAll(insert, t, row);
          insert.executeUpdate();
        }
      }
      return;
    }
    PreparedStatement ps = s.prepare(insert(t));
    int pending = 0;
    for (Object[] row : rows) {
      bindAll(ps, t, row);
      ps.addBatch();
      if (++pending == BATCH_ROWS) {
        ps.executeBatch();
        pending = 0;
      }
    }
    if (pending > 0) {
      ps.executeBatch();
    }
  }

  /** Where statements come from: a connection's cache of prepared statements. */
  interface Statements {
    PreparedStatement prepare(String sql) throws SQLException;
  }

  static void bindKey(PreparedStatement ps, ExternalTable t, Object[] row, int first)
      throws SQLException {
    int p = first;
    for (int k : t.key()) {
      t.bind(ps, p++, k, row[k]);
    }
  }

  private static void bindAll(PreparedStatement ps, ExternalTable t, Object[] row)
      throws SQLException {
    for (int c = 0; c < t.width(); c++) {
      t.bind(ps, c + 1, c, row[c]);
    }
  }

  private static List<Integer> all(ExternalTable t) {
    List<Integer> all = new ArrayList<>();
    for (int c = 0; c < t.width(); c++) {
      all.add(c);
    }
    return all;
  }

  private static List<Integer> key(ExternalTable t) {
    List<Integer> key = new ArrayList<>();
    for (int k : t.key()) {
      key.add(k);
    }
    return key;
  }

  private static List<Integer> nonKey(ExternalTable t) {
    List<Integer> rest = new ArrayList<>();
    for (int c = 0; c < t.width(); c++) {
      if (!t.isKey(c)) {
        rest.add(c);
      }
    }
    return rest;
  }

  private static String columns(ExternalTable t, List<Integer> which) {
    List<String> names = new ArrayList<>();
    for (int c : which) {
      names.add(t.column(c));
    }
    return String.join(", ", names);
  }

  private static String keyEquals(ExternalTable t) {
    List<String> terms = new ArrayList<>();
    for (int k : t.key()) {
      terms.add(t.column(k) + " = ?");
    }
    return String.join(" AND ", terms);
  }

  private static String params(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }
}
