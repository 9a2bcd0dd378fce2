package io.sluice.testing.e2e;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real server process ({@code io.sluice.server.Main}) on a free port of 127.0.0.1 and a data
 * directory, started from the test's classpath, for tests that kill it with SIGKILL. Its output
 * is drained; warnings and errors go to the test's log.
 */
record ServerProcess(Process process, String url) implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("ready: (jdbc:sluice://\\S+)");

  /**
   * Starts a server on {@code data} and returns once it prints its ready line; {@code jvmOptions}
   * go to its JVM.
   */
  static ServerProcess start(Path data, String... jvmOptions) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1500m"));
    cmd.addAll(List.of(jvmOptions));
    cmd.addAll(List.of("-Duser.timezone=UTC", "-cp", System.getProperty("java.class.path"),
        "io.sluice.server.Main", "--host", "127.0.0.1", "--port", "0",
        "--data-dir", data.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread drain = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          Matcher m = READY.matcher(line);
          if (m.find()) {
            url.complete(m.group(1));
          }
          if (line.contains(" WARN ") || line.contains(" ERROR ")) {
            System.out.println("server: " + line);
          }
        }
      } catch (Exception e) {
        // The process was killed: its output ends.
      }
      url.completeExceptionally(new AssertionError("server exited without a ready line"));
    }, "server-output");
    drain.setDaemon(true);
    drain.start();
    try {
      return new ServerProcess(p, url.get(60, TimeUnit.SECONDS));
    } catch (Exception e) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** Kills the process with SIGKILL and waits for it to end. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the server did not end within 30 s of SIGKILL");
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
