package io.sluice.server.config;

import io.sluice.planner.ddl.Durations;
import io.sluice.runtime.storage.Retention;
import io.sluice.server.engine.EngineConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Server settings: {@code conf/sluice.properties}, then environment variables
 * ({@code SLUICE_SERVER_PORT} for {@code server.port}, and so on), then command-line flags,
 * each overriding the one before. Every value is checked once, here.
 *
 * <p>A relative {@code data.dir} from the file, the environment or the default is resolved
 * against the installation directory (what {@code bin/sluice} passes as {@code --home}), so a
 * server started from any directory finds the same data; one typed as {@code --data-dir} is
 * resolved against the current directory, as every command-line tool does.
 */
public final class ServerConfig {
  private final Properties values;
  private final Path dataDir;

  private ServerConfig(Properties values, Path dataDir) {
    this.values = values;
    this.dataDir = dataDir;
  }

  /** Built-in defaults (the same as the shipped conf/sluice.properties). */
  public static Properties defaults() {
    Properties p = new Properties();
    p.setProperty("server.host", "127.0.0.1");
    p.setProperty("server.port", "8765");
    p.setProperty("data.dir", "./data");
    p.setProperty("storage.fsync", "false");
    p.setProperty("streams.retention.rows", "1000000");
    p.setProperty("streams.retention.age", "");
    p.setProperty("live.idle.timeout", "2 minutes");
    p.setProperty("live.buffer.rows", "1000000");
    p.setProperty("live.fetch.wait", "1 second");
    EngineConfig.Limits limits = EngineConfig.Limits.DEFAULT;
    p.setProperty("limits.statement.chars", Long.toString(limits.statementChars()));
    p.setProperty("limits.statement.rows", Long.toString(limits.statementRows()));
    return p;
  }

  /** As {@link #load(Path, Map, Map, Path)} with the current directory as installation. */
  public static ServerConfig load(Path file, Map<String, String> env, Map<String, String> flags)
      throws IOException {
    return load(file, env, flags, null);
  }

  /**
   * Reads {@code file} (if not null) over the defaults, then the environment, then flags;
   * {@code home} (null: the current directory) anchors a relative {@code data.dir} that did not
   * come from a flag.
   */
  public static ServerConfig load(Path file, Map<String, String> env, Map<String, String> flags,
      Path home) throws IOException {
    Properties p = defaults();
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new ConfigException("Configuration file " + file + " does not exist");
      }
      Properties fromFile = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        fromFile.load(in);
      }
      for (String key : fromFile.stringPropertyNames()) {
        if (!p.containsKey(key)) {
          throw new ConfigException("Unknown setting '" + key + "' in " + file + "; known: "
              + String.join(", ", defaults().stringPropertyNames().stream().sorted().toList()));
        }
        p.setProperty(key, fromFile.getProperty(key).trim());
      }
    }
    for (String key : defaults().stringPropertyNames()) {
      String envName = "SLUICE_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
      if (env.containsKey(envName)) {
        p.setProperty(key, env.get(envName).trim());
      }
    }
    p.putAll(flags);
    Path dataDir = Path.of(p.getProperty("data.dir"));
    if (!dataDir.isAbsolute() && home != null && !flags.containsKey("data.dir")) {
      dataDir = home.resolve(dataDir);
    }
    ServerConfig config = new ServerConfig(p, dataDir.toAbsolutePath().normalize());
    config.engineConfig();
    config.port();
    return config;
  }

  /** A setting that cannot be used; its message is shown to the operator as one line. */
  public static final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
      super(message);
    }
  }

  public String host() {
    return values.getProperty("server.host");
  }

  public int port() {
    String v = values.getProperty("server.port");
    try {
      int port = Integer.parseInt(v.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new ConfigException("server.port must be a port number (0-65535), not '" + v + "'");
    }
  }

  /** The data directory, absolute. */
  public Path dataDir() {
    return dataDir;
  }

  public Duration fetchWait() {
    return duration("live.fetch.wait");
  }

  private Duration duration(String key) {
    String v = values.getProperty(key);
    Duration d = Durations.parse(v);
    if (d == null || d.isNegative()) {
      throw new ConfigException(key + " must be a duration such as '2 minutes' or '500 ms', not '"
          + v + "'");
    }
    return d;
  }

  private long number(String key) {
    String v = values.getProperty(key);
    try {
      long n = Long.parseLong(v.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be a number of 0 or more, not '" + v + "'");
    }
  }

  private long positive(String key) {
    long n = number(key);
    if (n == 0) {
      throw new ConfigException(key + " must be a number of 1 or more, not 0");
    }
    return n;
  }

  public EngineConfig engineConfig() {
    String age = values.getProperty("streams.retention.age");
    Retention retention = new Retention(number("streams.retention.rows"),
        age.isBlank() ? null : duration("streams.retention.age"));
    return new EngineConfig(dataDir(), retention,
        Boolean.parseBoolean(values.getProperty("storage.fsync")),
        duration("live.idle.timeout"),
        (int) Math.min(Integer.MAX_VALUE, number("live.buffer.rows")),
        new EngineConfig.Limits(positive("limits.statement.chars"),
            positive("limits.statement.rows")));
  }
}
