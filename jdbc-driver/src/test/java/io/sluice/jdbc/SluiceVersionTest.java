package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.apache.calcite.avatica.DriverVersion;
import org.junit.jupiter.api.Test;

class SluiceVersionTest {

  @Test
  void resourceIsFilteredWithTheProjectVersion() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(SluiceVersion.RESOURCE)) {
      assertNotNull(in, SluiceVersion.RESOURCE);
      properties.load(in);
    }
    String version = properties.getProperty("version");

    assertEquals(System.getProperty("sluice.expected.version"), version);
    assertFalse(version.contains("${"), version);
  }

  @Test
  void majorAndMinorComeFromTheVersion() {
    DriverVersion version = SluiceVersion.load();
    String expected = System.getProperty("sluice.expected.version");
    String[] numbers = expected.split("-")[0].split("\\.");

    assertEquals(Integer.parseInt(numbers[0]), version.majorVersion);
    assertEquals(Integer.parseInt(numbers[1]), version.minorVersion);
    assertEquals(version.majorVersion, version.databaseMajorVersion);
    assertEquals(version.minorVersion, version.databaseMinorVersion);
  }

  @Test
  void componentsIgnoreQualifiersAndDefaultToZero() {
    assertEquals(1, SluiceVersion.component("1.2.3-SNAPSHOT", 0));
    assertEquals(2, SluiceVersion.component("1.2.3-SNAPSHOT", 1));
    assertEquals(12, SluiceVersion.component("3.12", 1));
    assertEquals(0, SluiceVersion.component("7", 1));
    assertEquals(4, SluiceVersion.component("4.5+build.9", 0));
    assertEquals(0, SluiceVersion.component("unknown", 0));
  }
}
