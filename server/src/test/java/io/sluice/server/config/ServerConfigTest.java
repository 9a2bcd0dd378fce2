package io.sluice.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.server.engine.EngineConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The statement limits: shipped defaults, overrides, and values that are refused. */
class ServerConfigTest {
  private static final Path SHIPPED = Path.of("..", "conf", "sluice.properties");

  @Test
  void shippedFileSaysWhatTheBuiltInDefaultsSay() throws Exception {
    Properties shipped = new Properties();
    try (InputStream in = Files.newInputStream(SHIPPED)) {
      shipped.load(in);
    }
    Properties defaults = ServerConfig.defaults();
    assertEquals(defaults.stringPropertyNames(), shipped.stringPropertyNames());
    assertEquals(defaults.getProperty("limits.statement.chars"),
        shipped.getProperty("limits.statement.chars"));
    assertEquals(defaults.getProperty("limits.statement.rows"),
        shipped.getProperty("limits.statement.rows"));
    assertEquals(EngineConfig.Limits.DEFAULT,
        ServerConfig.load(SHIPPED, Map.of(), Map.of()).engineConfig().limits());
  }

  @Test
  void limitsComeFromEnvironmentAndFlags() throws Exception {
    EngineConfig.Limits limits = ServerConfig.load(null,
        Map.of("SLUICE_LIMITS_STATEMENT_ROWS", "500"),
        Map.of("limits.statement.chars", "10000")).engineConfig().limits();
    assertEquals(new EngineConfig.Limits(10_000, 500), limits);
  }

  @Test
  void aLimitOfZeroOrWordsIsRefused() {
    ServerConfig.ConfigException zero = assertThrows(ServerConfig.ConfigException.class,
        () -> ServerConfig.load(null, Map.of(), Map.of("limits.statement.rows", "0")));
    assertTrue(zero.getMessage().contains("limits.statement.rows"), zero.getMessage());
    ServerConfig.ConfigException words = assertThrows(ServerConfig.ConfigException.class,
        () -> ServerConfig.load(null, Map.of(), Map.of("limits.statement.chars", "lots")));
    assertTrue(words.getMessage().contains("limits.statement.chars"), words.getMessage());
  }
}
