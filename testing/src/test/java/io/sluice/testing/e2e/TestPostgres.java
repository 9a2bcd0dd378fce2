package io.sluice.testing.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * A real PostgreSQL server for tests (zonky's binaries, from Maven artifacts), listening on
 * 127.0.0.1 on a free port, that can be stopped and started again on the same port and data
 * directory, as a database restart.
 */
final class TestPostgres implements AutoCloseable {
  private final Path dataDir;
  private final int port;
  private EmbeddedPostgres server;

  private TestPostgres(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
  }

  static TestPostgres start(Path dataDir) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    TestPostgres pg = new TestPostgres(dataDir, port);
    pg.restart();
    return pg;
  }

  /** Starts the server (again), keeping its data. */
  void restart() throws IOException {
    server = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .start();
  }

  /** Stops the server; its port refuses connections until {@link #restart}. */
  void stop() throws IOException {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  @Override
  public void close() throws IOException {
    stop();
  }
}
