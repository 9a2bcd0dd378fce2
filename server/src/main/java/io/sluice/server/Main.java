package io.sluice.server;

import io.sluice.server.config.ServerConfig;
import io.sluice.server.engine.Engine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/sluice server [--host H] [--port N] [--data-dir DIR] [--config FILE]}. Prints the
 * JDBC URL and the data directory with what it holds when ready; stops cleanly on SIGTERM or
 * Ctrl-C. Operator errors (a busy port, a data directory in use, a bad setting) are one line on
 * stderr and exit code 1. {@code --home DIR} (passed by {@code bin/sluice}) is the installation
 * that a relative {@code data.dir} of the configuration is resolved against.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> flags = new HashMap<>();
    Path configFile = null;
    Path home = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        out.println("usage: sluice server [--host H] [--port N] [--data-dir DIR] [--config FILE]");
        return 0;
      }
      if (i + 1 >= args.length || !a.startsWith("--")) {
        err.println("sluice: unexpected argument '" + a + "'; try --help");
        return 2;
      }
      String value = args[++i];
      switch (a) {
        case "--host" -> flags.put("server.host", value);
        case "--port" -> flags.put("server.port", value);
        case "--data-dir" -> flags.put("data.dir", value);
        case "--config" -> configFile = Path.of(value);
        case "--home" -> home = Path.of(value);
        default -> {
          err.println("sluice: unknown option " + a + "; try --help");
          return 2;
        }
      }
    }
    SluiceServer server;
    try {
      ServerConfig config = ServerConfig.load(configFile, System.getenv(), flags, home);
      server = SluiceServer.start(config);
    } catch (ServerConfig.ConfigException | SluiceServer.PortInUseException
        | Engine.DataDirInUseException e) {
      err.println("sluice: " + e.getMessage());
      return 1;
    } catch (Exception e) {
      err.println("sluice: could not start: " + e);
      e.printStackTrace(err);
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (IOException e) {
        err.println("sluice: error while stopping: " + e.getMessage());
      } finally {
        stopped.countDown();
      }
    }, "sluice-shutdown"));
    out.println("Sluice " + SluiceServer.version() + " ready: " + server.jdbcUrl()
        + "  (data dir " + server.engine().contents() + ")");
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
