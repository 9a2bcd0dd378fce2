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

/** A server on a free port of 127.0.0.1 with its own data directory, removed on close. */
final class RunningServer implements AutoCloseable {
  final Path dataDir;
  final SluiceServer server;

  private RunningServer(Path dataDir, SluiceServer server) {
    this.dataDir = dataDir;
    this.server = server;
  }

  static RunningServer start() throws Exception {
    return start(Duration.ofMinutes(2));
  }

  static RunningServer start(Duration liveIdleTimeout) throws Exception {
    return start(EngineConfig.inMemory().withLiveIdleTimeout(liveIdleTimeout));
  }

  /** A server with {@code config} (its data directory replaced by a fresh one). */
  static RunningServer start(EngineConfig config) throws Exception {
    Path dir = Files.createTempDirectory("sluice-e2e");
    return new RunningServer(dir,
        SluiceServer.start(config.withDataDir(dir), "127.0.0.1", 0, 200));
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
          .noneMatch(q -> q.state() == io.sluice.runtime.exec.LiveQuery.State.RUNNING)) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }

  @Override
  public void close() throws Exception {
    server.close();
    try (Stream<Path> s = Files.walk(dataDir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
