package io.sluice.server;

import io.sluice.server.avatica.JsonProtocolHandler;
import io.sluice.server.avatica.SluiceMeta;
import io.sluice.server.config.ServerConfig;
import io.sluice.server.engine.Engine;
import io.sluice.server.engine.EngineConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.server.HttpServer;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** A running Sluice server: an engine behind Avatica's HTTP service on Jetty. */
public final class SluiceServer implements AutoCloseable {
  /**
   * Most HTTP requests served at once. Live readers each hold one for up to
   * {@code live.fetch.wait}; threads are created only as requests need them.
   */
  static final int MAX_HTTP_THREADS = 2048;

  private final Engine engine;
  private final SluiceMeta meta;
  private final HttpServer http;
  private final String host;

  private SluiceServer(Engine engine, SluiceMeta meta, HttpServer http, String host) {
    this.engine = engine;
    this.meta = meta;
    this.http = http;
    this.host = host;
  }

  /** Sluice's version, from the build. */
  public static String version() {
    try (InputStream in = SluiceServer.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "0.0.0");
    } catch (IOException e) {
      return "0.0.0";
    }
  }

  /** Starts a server as configured. */
  public static SluiceServer start(ServerConfig config) throws IOException, SQLException {
    return start(config.engineConfig(), config.host(), config.port(),
        config.fetchWait().toMillis());
  }

  /** Starts a server on {@code host}:{@code port} (0 picks a free port). */
  public static SluiceServer start(EngineConfig engineConfig, String host, int port,
      long fetchWaitMillis) throws IOException, SQLException {
    Engine engine = Engine.open(engineConfig);
    try {
      SluiceMeta meta = new SluiceMeta(engine, version(), fetchWaitMillis);
      ServerCustomizer<Server> bindHost = server -> {
        for (Connector c : server.getConnectors()) {
          ((ServerConnector) c).setHost(host);
        }
        // Every live query a client reads holds a thread for up to one fetch wait; Jetty's
        // default of 200 threads would queue every other request behind 200 live readers.
        if (server.getThreadPool() instanceof QueuedThreadPool pool) {
          pool.setMaxThreads(MAX_HTTP_THREADS);
        }
      };
      HttpServer http = new HttpServer.Builder<Server>()
          .withHandler(new JsonProtocolHandler(new LocalService(meta)))
          .withPort(port)
          .withServerCustomizers(List.of(bindHost), Server.class)
          .build();
      try {
        http.start();
      } catch (RuntimeException e) {
        http.stop();
        if (causedBy(e, BindException.class)) {
          throw new PortInUseException(host, port);
        }
        throw e;
      }
      return new SluiceServer(engine, meta, http, host);
    } catch (IOException | RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** The port is taken by another process. */
  public static final class PortInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    PortInUseException(String host, int port) {
      super("Port " + port + " on " + host + " is already in use; stop what listens there or"
          + " start Sluice with --port <another port>");
    }
  }

  public int port() {
    return http.getPort();
  }

  public String host() {
    return host;
  }

  /** The URL for Sluice's own driver. */
  public String jdbcUrl() {
    return "jdbc:sluice://" + host + ":" + port();
  }

  /** The URL for the stock Avatica driver. */
  public String avaticaUrl() {
    return "jdbc:avatica:remote:url=http://" + host + ":" + port() + ";serialization=json";
  }

  public Engine engine() {
    return engine;
  }

  /** Waits until the server stops. */
  public void join() throws InterruptedException {
    http.join();
  }

  @Override
  public void close() throws IOException {
    meta.shutDown();
    http.stop();
    engine.close();
  }
}
