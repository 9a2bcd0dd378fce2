package io.sluice.testing.slt;

import io.sluice.server.SluiceServer;
import io.sluice.server.engine.EngineConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs logic tests against a real server on a free port of 127.0.0.1, through the Sluice JDBC
 * driver. Each live query has its own connection, read by its own thread; session settings
 * ({@code SET}) made so far are applied to it first, as the embedded target's one session has
 * them.
 */
final class JdbcTarget implements SltTarget {
  private static final List<String> END = List.of("<end>");

  private final Path dataDir;
  private SluiceServer server;
  private Connection connection;
  private final List<String> settings = new ArrayList<>();

  JdbcTarget(Path dataDir) throws Exception {
    this.dataDir = dataDir;
    open();
  }

  private void open() throws Exception {
    server = SluiceServer.start(EngineConfig.inMemory().withDataDir(dataDir), "127.0.0.1", 0,
        200);
    connection = DriverManager.getConnection(server.jdbcUrl());
  }

  @Override
  public void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
    if (sql.strip().regionMatches(true, 0, "SET ", 0, 4)) {
      settings.add(sql);
    }
  }

  @Override
  public List<List<String>> query(String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      List<List<String>> out = new ArrayList<>();
      while (rs.next()) {
        out.add(row(rs));
      }
      return out;
    }
  }

  private static List<String> row(ResultSet rs) throws SQLException {
    int n = rs.getMetaData().getColumnCount();
    List<String> values = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      values.add(Values.jdbc(rs.getObject(i)));
    }
    return values;
  }

  @Override
  public Live live(String sql) throws Exception {
    Connection c = DriverManager.getConnection(server.jdbcUrl());
    for (String setting : settings) {
      try (Statement set = c.createStatement()) {
        set.execute(setting);
      }
    }
    Statement s = c.createStatement();
    ResultSet rs = s.executeQuery(sql);
    LinkedBlockingQueue<List<String>> rows = new LinkedBlockingQueue<>();
    java.util.concurrent.atomic.AtomicReference<Throwable> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    List<String> labels = new ArrayList<>();
    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
      labels.add(rs.getMetaData().getColumnLabel(i));
    }
    Thread reader = new Thread(() -> {
      try {
        while (rs.next()) {
          rows.add(row(rs));
        }
      } catch (SQLException | RuntimeException e) {
        // Closing the statement ends the read too; tests that expect an error check it.
        failure.set(e);
      } finally {
        rows.add(END);
      }
    }, "slt-live-reader");
    reader.setDaemon(true);
    reader.start();
    return new Live() {
      private List<String> peeked;

      private List<String> take(long timeoutMillis) throws InterruptedException {
        if (peeked == null) {
          peeked = rows.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        return peeked;
      }

      @Override
      public List<String> next(long timeoutMillis) throws InterruptedException {
        List<String> r = take(timeoutMillis);
        if (r == null || r == END) {
          return null;
        }
        peeked = null;
        return r;
      }

      @Override
      public boolean ended(long timeoutMillis) throws InterruptedException {
        return take(timeoutMillis) == END;
      }

      @Override
      public Throwable failure() {
        return failure.get();
      }

      @Override
      public boolean changelog() {
        return labels.get(0).equals("op");
      }

      @Override
      public List<String> columns() {
        return labels;
      }

      @Override
      public void close() throws Exception {
        s.close();
        c.close();
        reader.join(5000);
      }
    };
  }

  @Override
  public void restart() throws Exception {
    close();
    settings.clear(); // a new server, a new session
    open();
  }

  @Override
  public String sqlState(Throwable failure) {
    return failure instanceof SQLException e ? e.getSQLState() : null;
  }

  @Override
  public void close() throws Exception {
    connection.close();
    server.close();
  }
}
