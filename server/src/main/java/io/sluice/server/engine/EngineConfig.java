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
 * @param liveBufferRows most rows a live query holds for a client that does not fetch (and
 *     most rows it may fall behind the streams it reads)
 * @param limits how large one statement may be
 */
public record EngineConfig(
    Path dataDir,
    Retention defaultRetention,
    boolean fsync,
    Duration liveIdleTimeout,
    int liveBufferRows,
    Limits limits) {

  /**
   * Limits of one statement; past them it fails with SQLSTATE 54000.
   *
   * @param statementChars most characters of a statement's text
   * @param statementRows most rows one INSERT (or one JDBC batch) may write
   */
  public record Limits(long statementChars, long statementRows) {
    /** The defaults of conf/sluice.properties. */
    public static final Limits DEFAULT = new Limits(16L << 20, 2_000_000);
  }

  /** In memory, with the defaults of conf/sluice.properties. */
  public static EngineConfig inMemory() {
    return new EngineConfig(null, new Retention(1_000_000, null), false, Duration.ofMinutes(2),
        1_000_000, Limits.DEFAULT);
  }

  public EngineConfig withDataDir(Path dir) {
    return new EngineConfig(dir, defaultRetention, fsync, liveIdleTimeout, liveBufferRows,
        limits);
  }

  public EngineConfig withLiveIdleTimeout(Duration timeout) {
    return new EngineConfig(dataDir, defaultRetention, fsync, timeout, liveBufferRows, limits);
  }

  public EngineConfig withLimits(Limits newLimits) {
    return new EngineConfig(dataDir, defaultRetention, fsync, liveIdleTimeout, liveBufferRows,
        newLimits);
  }
}
