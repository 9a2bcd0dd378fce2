package io.sluice.testing.slt;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The SQL logic test suite: every {@code .slt} file under {@code src/test/resources/slt}, run
 * once on an embedded engine and once through the JDBC driver against a started server.
 * {@code mvn verify -pl testing -Dtest=SltTest -Dslt=windows} runs one file.
 */
class SltTest {
  @FunctionalInterface
  private interface TargetFactory {
    SltTarget open(Path dataDir) throws Exception;
  }

  @TestFactory
  Stream<DynamicContainer> sqlLogicTests() throws IOException, URISyntaxException {
    Path root = Path.of(SltTest.class.getResource("/slt").toURI());
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> p.toString().endsWith(".slt")).filter(SltTest::selected)
          .sorted().toList();
    }
    return files.stream().map(file -> DynamicContainer.dynamicContainer(
        root.relativize(file).toString(), Stream.of(
            DynamicTest.dynamicTest("embedded", () -> run(file, EmbeddedTarget::new)),
            DynamicTest.dynamicTest("jdbc", () -> run(file, JdbcTarget::new)))));
  }

  /** {@code -Dslt=windows,sessions} runs only those files (all by default). */
  private static boolean selected(Path file) {
    String only = System.getProperty("slt", "");
    String name = file.getFileName().toString().replace(".slt", "");
    return only.isBlank() || List.of(only.split(",")).contains(name);
  }

  private static void run(Path file, TargetFactory factory) throws Exception {
    SltScript script = SltScript.parse(file);
    Path dir = Files.createTempDirectory("sluice-slt");
    try (SltTarget target = factory.open(dir)) {
      new SltRunner(script, target).run();
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
