package io.sluice.server.engine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The durable catalog: one H2 database in the data directory holding each object's defining
 * statement, in creation order. Replaying the statements at start rebuilds the catalog.
 */
final class CatalogStore implements AutoCloseable {
  /** A stored definition. */
  record Entry(String name, String kind, String ddl) {}

  private final Connection connection;

  private CatalogStore(Connection connection) throws SQLException {
    this.connection = connection;
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS catalog_objects ("
          + " seq BIGINT GENERATED ALWAYS AS IDENTITY,"
          + " name VARCHAR NOT NULL PRIMARY KEY,"
          + " kind VARCHAR NOT NULL,"
          + " ddl VARCHAR NOT NULL,"
          + " created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP)");
    }
  }

  static CatalogStore open(Path dataDir) throws SQLException {
    String url = dataDir == null
        ? "jdbc:h2:mem:catalog-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"
        // WRITE_DELAY=0: no background writer, so that CHECKPOINT (see insert, delete) is never
        // skipped because a background write is under way. REUSE_SPACE=FALSE: a change written
        // into free space in the file was lost after kill -9 (the seventh CREATE of a
        // kill-and-restart loop, every time); appended at the end, none was.
        : "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("catalog")
            + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;REUSE_SPACE=FALSE";
    return new CatalogStore(DriverManager.getConnection(url, "sluice", ""));
  }

  synchronized List<Entry> load() throws SQLException {
    List<Entry> out = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT name, kind, ddl FROM catalog_objects ORDER BY seq")) {
      while (rs.next()) {
        out.add(new Entry(rs.getString(1), rs.getString(2), rs.getString(3)));
      }
    }
    return out;
  }

  synchronized void insert(Entry entry) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "INSERT INTO catalog_objects (name, kind, ddl) VALUES (?, ?, ?)")) {
      ps.setString(1, entry.name());
      ps.setString(2, entry.kind());
      ps.setString(3, entry.ddl());
      ps.executeUpdate();
    }
    checkpoint();
  }

  /**
   * Writes what was committed to the file now: H2 otherwise writes it later (or not at all, with
   * WRITE_DELAY=0), and a server killed in between would forget a CREATE or DROP that had
   * returned.
   */
  private void checkpoint() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CHECKPOINT SYNC");
    }
  }

  synchronized void delete(String name) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("DELETE FROM catalog_objects WHERE name = ?")) {
      ps.setString(1, name);
      ps.executeUpdate();
    }
    checkpoint();
  }

  @Override
  public synchronized void close() throws SQLException {
    if (!connection.isClosed()) {
      try (Statement s = connection.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (SQLException ignored) {
        // The database is closing anyway; SHUTDOWN only makes it faster.
      }
      connection.close();
    }
  }
}
