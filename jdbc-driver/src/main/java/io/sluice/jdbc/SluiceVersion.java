package io.sluice.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.apache.calcite.avatica.DriverVersion;

/**
 * Name and version of the driver, read from the Maven-filtered resource
 * {@value #RESOURCE}.
 *
 * <p>Invariant: driver and database versions are the project version; major and minor are its
 * first two numeric components (0 when absent).
 */
final class SluiceVersion {

  static final String RESOURCE = "io/sluice/jdbc/sluice-jdbc.properties";
  static final String DRIVER_NAME = "Sluice JDBC Driver";
  static final String PRODUCT_NAME = "Sluice";

  private SluiceVersion() {
  }

  /** Loads the driver version; fails if the resource is missing from the jar. */
  static DriverVersion load() {
    String version = readVersion();
    int major = component(version, 0);
    int minor = component(version, 1);
    return new DriverVersion(DRIVER_NAME, version, PRODUCT_NAME, version, false,
        major, minor, major, minor);
  }

  /** Returns the {@code index}-th dot-separated number of {@code version}, ignoring any qualifier. */
  static int component(String version, int index) {
    String[] parts = version.replaceFirst("[-+].*$", "").split("\\.");
    if (index >= parts.length) {
      return 0;
    }
    try {
      return Integer.parseInt(parts[index]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String readVersion() {
    try (InputStream in = SluiceVersion.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + RESOURCE);
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version");
      if (version == null || version.isBlank()) {
        throw new IllegalStateException("No version in " + RESOURCE);
      }
      return version.trim();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }
}
