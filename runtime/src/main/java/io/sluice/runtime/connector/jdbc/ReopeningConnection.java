package io.sluice.runtime.connector.jdbc;

import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection to the external database, used by one caller at a time, opened on first use
 * and opened again after it broke; its prepared statements are kept with it. A stream-table join
 * looks up every row, so a connection (and a statement) per lookup would cost more than the
 * lookup: this is the whole pool a {@link JdbcTable} needs for each of scans, lookups and writes.
 */
final class ReopeningConnection implements AutoCloseable, Dialect.Statements {
  /** Seconds PostgreSQL's driver waits to connect, and to log in, unless the URL says. */
  private static final String CONNECT_TIMEOUT_SECONDS = "5";
  private static final String LOGIN_TIMEOUT_SECONDS = "10";
  /**
   * Seconds a PostgreSQL read may wait for the server unless the URL says: a database that
   * stops answering (a network cut rather than a refused connection) then fails like a lost
   * one, and is retried, instead of hanging the write forever.
   */
  private static final String SOCKET_TIMEOUT_SECONDS = "60";

  /** Work done on the connection, with its table resolved. */
  interface Work<T> {
    T run(Connection c, ExternalTable table) throws SQLException;
  }

  private final JdbcTableSpec spec;
  private final boolean autoCommit;
  private final ReentrantLock lock = new ReentrantLock();
  private Connection connection;
  private ExternalTable table;
  private final Map<String, PreparedStatement> prepared = new HashMap<>();
  private boolean closed;

  /** {@code autoCommit} false for a writer, which commits its transactions itself. */
  ReopeningConnection(JdbcTableSpec spec, boolean autoCommit) {
    this.spec = spec;
    this.autoCommit = autoCommit;
  }

  /**
   * Runs {@code work} on the connection, opening it first if needed. A connection failure
   * discards the connection (the next call opens a new one) and is rethrown, as is any other
   * SQLException; whether to retry is the caller's choice.
   */
  <T> T call(Work<T> work) throws SQLException {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the jdbc table " + spec.table() + " was dropped");
      }
      if (connection == null) {
        open();
      }
      try {
        return work.run(connection, table);
      } catch (SQLException e) {
        if (JdbcErrors.isConnectionFailure(e)) {
          discard();
        }
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  /** A prepared statement on the current connection; only inside {@link #call}. */
  @Override
  public PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement ps = prepared.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      prepared.put(sql, ps);
    }
    return ps;
  }

  private void open() throws SQLException {
    Connection c = connect(spec);
    try {
      c.setAutoCommit(autoCommit);
      table = ExternalTable.resolve(c, spec);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
    connection = c;
  }

  /**
   * A new connection to the spec's database, with timeouts so that a database that is down
   * fails the attempt within seconds. A URL no driver accepts is a user error, not retried.
   */
  static Connection connect(JdbcTableSpec spec) throws SQLException {
    Driver driver;
    try {
      driver = DriverManager.getDriver(spec.url());
    } catch (SQLException e) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "No JDBC driver on the Sluice"
          + " server's classpath accepts the URL " + spec.database() + "; Sluice ships the"
          + " drivers of PostgreSQL (jdbc:postgresql://host:port/database) and H2"
          + " (jdbc:h2:...); for another database put its driver's jar in the server's lib/", e);
    }
    Properties props = new Properties();
    if (spec.user() != null) {
      props.setProperty("user", spec.user());
    }
    if (spec.password() != null) {
      props.setProperty("password", spec.password());
    }
    if (spec.dialect() == Dialect.POSTGRESQL) {
      String url = spec.url().toLowerCase(Locale.ROOT);
      setUnlessInUrl(props, url, "connectTimeout", CONNECT_TIMEOUT_SECONDS);
      setUnlessInUrl(props, url, "loginTimeout", LOGIN_TIMEOUT_SECONDS);
      setUnlessInUrl(props, url, "socketTimeout", SOCKET_TIMEOUT_SECONDS);
    }
    Connection c = driver.connect(spec.url(), props);
    if (c == null) {
      throw new SQLException("the driver " + driver.getClass().getName() + " refused the URL",
          "08001");
    }
    return c;
  }

  private static void setUnlessInUrl(Properties props, String url, String key, String value) {
    if (!url.contains(key.toLowerCase(Locale.ROOT) + "=")) {
      props.setProperty(key, value);
    }
  }

  private void discard() {
    prepared.clear();
    Connection c = connection;
    connection = null;
    table = null;
    if (c != null) {
      closeQuietly(c);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException | RuntimeException e) {
      // Already broken: closing can only fail the same way, and the connection is gone either way.
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      discard();
    } finally {
      lock.unlock();
    }
  }
}
