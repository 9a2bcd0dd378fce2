package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;

import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.remote.Service;
import org.junit.jupiter.api.Test;

class SluiceDriverTest {

  private final SluiceDriver driver = new SluiceDriver();

  @Test
  void acceptsOnlySluiceUrls() throws SQLException {
    assertTrue(driver.acceptsURL("jdbc:sluice://127.0.0.1:8765"));
    assertTrue(driver.acceptsURL("jdbc:sluice://127.0.0.1:8765;serialization=protobuf"));
    assertTrue(driver.acceptsURL("jdbc:sluice:malformed"), "claimed, then rejected by connect");
    assertFalse(driver.acceptsURL("jdbc:avatica:remote:url=http://127.0.0.1:8765"));
    assertFalse(driver.acceptsURL("jdbc:postgresql://127.0.0.1/db"));
    assertFalse(driver.acceptsURL("jdbc:sluicey://127.0.0.1:8765"));
  }

  @Test
  void connectReturnsNullForAnotherDriversUrl() throws SQLException {
    assertNull(driver.connect("jdbc:avatica:remote:url=http://127.0.0.1:8765", new Properties()));
  }

  @Test
  void connectWithAMalformedUrlFailsWith08001() {
    SQLException e = assertThrows(SQLException.class,
        () -> driver.connect("jdbc:sluice:127.0.0.1:8765", new Properties()));

    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains("jdbc:sluice://host[:port]"), e.getMessage());
  }

  @Test
  void connectToAnAddressWithNoServerFailsWith08001() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String url = "jdbc:sluice://127.0.0.1:" + port;

    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(url, new Properties()));

    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains("http://127.0.0.1:" + port), e.getMessage());
  }

  @Test
  void aServerRefusingTheConnectionKeepsItsSqlState() {
    String url = "jdbc:sluice://localhost:1;factory=" + RefusingService.class.getName();

    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url));

    assertEquals("28000", e.getSQLState());
    assertTrue(e.getMessage().contains("bad password"), e.getMessage());
  }

  /** A server that refuses every connection, the way Avatica reports a server-side error. */
  public static final class RefusingService implements Service.Factory {
    @Override
    public Service create(AvaticaConnection connection) {
      return (Service) Proxy.newProxyInstance(Service.class.getClassLoader(),
          new Class<?>[] {Service.class}, (proxy, method, args) -> {
            throw new AvaticaClientRuntimeException("bad password", 1, "28000",
                AvaticaSeverity.ERROR, List.of(), null);
          });
    }
  }

  @Test
  void isRegisteredWithDriverManagerAndAsAService() throws SQLException {
    assertInstanceOf(SluiceDriver.class, DriverManager.getDriver("jdbc:sluice://localhost:8765"));

    List<Class<?>> services = new ArrayList<>();
    ServiceLoader.load(Driver.class).forEach(d -> services.add(d.getClass()));
    assertTrue(services.contains(SluiceDriver.class), services.toString());
  }

  @Test
  void driverVersionNamesSluiceAndTheProjectVersion() {
    String expected = System.getProperty("sluice.expected.version");
    DriverVersion version = driver.getDriverVersion();

    assertEquals("Sluice JDBC Driver", version.name);
    assertEquals("Sluice", version.productName);
    assertEquals(expected, version.versionString);
    assertEquals(expected, version.productVersion);
    assertEquals(SluiceVersion.component(expected, 0), driver.getMajorVersion());
    assertEquals(SluiceVersion.component(expected, 1), driver.getMinorVersion());
    assertFalse(driver.jdbcCompliant());
  }

  @Test
  void databaseMetaDataReportsTheDriverVersionAndTheUrl() throws SQLException {
    FakeServer.start();
    try (Connection connection = DriverManager.getConnection(FakeServer.url())) {
      DatabaseMetaData metaData = connection.getMetaData();

      assertEquals("Sluice JDBC Driver", metaData.getDriverName());
      assertEquals(System.getProperty("sluice.expected.version"), metaData.getDriverVersion());
      assertEquals("Sluice", metaData.getDatabaseProductName());
      assertEquals(FakeServer.url(), metaData.getURL(), "the URL as the application wrote it");
    }
  }
}
