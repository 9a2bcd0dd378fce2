package io.sluice.server.engine;

import io.sluice.runtime.storage.Retention;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How an engine runs.
 *
 * @param dataDir where catalog and rows live; null keeps everything in memory
 * @param defaultRetention what a memory stream keeps unless its WITH options say otherwise
 * @param fsync force each INSERT's commit to disk before it returns
 * @param liveIdleTimeout a live query nobody fetched from for this long is stopped
 * @param liveBufferRows most rows a live query holds for a client that does not fetch
 */
public record EngineConfig(
    Path dataDir,
    Retention defaultRetention,
    boolean fsync,
    Duration liveIdleTimeout,
    int liveBufferRows) {

  /** In memory, with the defaults of conf/sluice.properties. */
  public static EngineConfig inMemory() {
    return new EngineConfig(null, new Retention(1_000_000, null), false, Duration.ofMinutes(2),
        1_000_000);
  }

  public EngineConfig withDataDir(Path dir) {
    return new EngineConfig(dir, defaultRetention, fsync, liveIdleTimeout, liveBufferRows);
  }

  public EngineConfig withLiveIdleTimeout(Duration timeout) {
    return new EngineConfig(dataDir, defaultRetention, fsync, timeout, liveBufferRows);
  }
}
