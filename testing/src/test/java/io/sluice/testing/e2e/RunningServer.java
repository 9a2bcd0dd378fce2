package io.sluice.testing.e2e;

import io.sluice.server.SluiceServer;
import io.sluice.server.engine.EngineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A server on a free port of 127.0.0.1 with its own data directory, removed on close. It can be
 * stopped and started again on the same port and directory, as an operator restarts one.
 */
final class RunningServer implements AutoCloseable {
  final Path dataDir;
  private final EngineConfig config;
  private final long fetchWaitMillis;
  private final int port;
  /** The server now running; null while stopped. */
  volatile SluiceServer server;

  private RunningServer(Path dataDir, EngineConfig config, long fetchWaitMillis,
      SluiceServer server) {
    this.dataDir = dataDir;
    this.config = config;
    this.fetchWaitMillis = fetchWaitMillis;
    this.server = server;
    this.port = server.port();
  }

  static RunningServer start() throws Exception {
    return start(Duration.ofMinutes(2));
  }

  static RunningServer start(Duration liveIdleTimeout) throws Exception {
    return start(liveIdleTimeout, 200);
  }

  /** A server whose live fetches wait up to {@code fetchWaitMillis} for rows. */
  static RunningServer start(Duration liveIdleTimeout, long fetchWaitMillis) throws Exception {
    return start(EngineConfig.inMemory().withLiveIdleTimeout(liveIdleTimeout), fetchWaitMillis);
  }

  /** A server with {@code config} (its data directory replaced by a fresh one). */
  static RunningServer start(EngineConfig config) throws Exception {
    return start(config, 200);
  }

  private static RunningServer start(EngineConfig config, long fetchWaitMillis)
      throws Exception {
    Path dir = Files.createTempDirectory("sluice-e2e");
    EngineConfig withDir = config.withDataDir(dir);
    return new RunningServer(dir, withDir, fetchWaitMillis,
        SluiceServer.start(withDir, "127.0.0.1", 0, fetchWaitMillis));
  }

  /** Stops the server, as an operator does; {@link #startAgain()} brings it back. */
  void stopServer() throws Exception {
    SluiceServer s = server;
    server = null;
    if (s != null) {
      s.close();
    }
  }

  /** Starts the server again on the same port and data directory. */
  void startAgain() throws Exception {
    server = SluiceServer.start(config, "127.0.0.1", port, fetchWaitMillis);
  }

  /** Stops the server and starts it again on the same port and data directory. */
  void restart() throws Exception {
    stopServer();
    startAgain();
  }

  String avaticaUrl() {
    return "jdbc:avatica:remote:url=http://127.0.0.1:" + port + ";serialization=json";
  }

  String jdbcUrl() {
    return "jdbc:sluice://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl());
  }

  void execute(String... statements) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  int runningQueries() {
    return server.engine().queries().list().size();
  }

  /** Waits up to {@code millis} for no query to be running; returns whether that happened. */
  boolean awaitNoQueries(long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < end) {
      if (server.engine().queries().list().stream()
          .noneMatch(q -> q.state() == io.sluice.runtime.driver.LiveQuery.State.RUNNING)) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }

  @Override
  public void close() throws Exception {
    stopServer();
    try (Stream<Path> s = Files.walk(dataDir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
