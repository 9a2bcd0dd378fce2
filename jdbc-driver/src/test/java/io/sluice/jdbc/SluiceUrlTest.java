package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.Properties;

import org.apache.calcite.avatica.ConnectStringParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SluiceUrlTest {

  private static Properties avatica(String url, Properties info) throws SQLException {
    String connectString = SluiceUrl.parse(url).toAvaticaConnectString(info);
    assertTrue(connectString.startsWith(SluiceUrl.PREFIX), connectString);
    return ConnectStringParser.parse(connectString.substring(SluiceUrl.PREFIX.length()));
  }

  @Test
  void hostAndPortBecomeTheAvaticaUrlWithJsonAndTheSluiceServiceByDefault() throws SQLException {
    Properties p = avatica("jdbc:sluice://127.0.0.1:9000", new Properties());

    assertEquals("http://127.0.0.1:9000", p.getProperty("url"));
    assertEquals("json", p.getProperty("serialization"));
    assertEquals(SluiceServiceFactory.class.getName(), p.getProperty("factory"));
    assertEquals("jdbc:sluice://127.0.0.1:9000", p.getProperty("sluice.url"));
    assertEquals(SluiceHttpClient.class.getName(), p.getProperty("httpclient_impl"));
    assertEquals("true", p.getProperty("transparent_reconnection"));
    assertEquals(6, p.size());
  }

  @Test
  void reconnectionCanBeTurnedOff() throws SQLException {
    assertEquals("false", avatica("jdbc:sluice://h:1;transparent_reconnection=false",
        new Properties()).getProperty("transparent_reconnection"));
  }

  @Test
  void anExplicitServiceFactoryIsKept() throws SQLException {
    Properties p = avatica("jdbc:sluice://h:1;factory=com.example.Mine", new Properties());
    Properties info = new Properties();
    info.setProperty("factory", "com.example.Theirs");

    assertEquals("com.example.Mine", p.getProperty("factory"));
    assertEquals(null, avatica("jdbc:sluice://h:1", info).getProperty("factory"));
  }

  @Test
  void portDefaultsTo8765() throws SQLException {
    SluiceUrl url = SluiceUrl.parse("jdbc:sluice://sluice.example.com");

    assertEquals("sluice.example.com", url.host);
    assertEquals(8765, url.port);
    assertEquals("http://sluice.example.com:8765", url.httpAddress());
  }

  @Test
  void trailingSlashIsAccepted() throws SQLException {
    assertEquals("http://localhost:8765",
        avatica("jdbc:sluice://localhost:8765/", new Properties()).getProperty("url"));
    assertEquals("http://localhost:8765",
        avatica("jdbc:sluice://localhost/", new Properties()).getProperty("url"));
  }

  @Test
  void ipv6LiteralIsAccepted() throws SQLException {
    assertEquals("http://[::1]:8765",
        avatica("jdbc:sluice://[::1]:8765", new Properties()).getProperty("url"));
  }

  @Test
  void trailingPropertiesArePassedOnAndOverrideTheDefault() throws SQLException {
    Properties p = avatica("jdbc:sluice://127.0.0.1:8765;serialization=protobuf;fetch_size=7",
        new Properties());

    assertEquals("http://127.0.0.1:8765", p.getProperty("url"));
    assertEquals("protobuf", p.getProperty("serialization"));
    assertEquals("7", p.getProperty("fetch_size"));
  }

  @Test
  void propertiesAfterATrailingSlashAndQuotedValuesSurvive() throws SQLException {
    Properties p = avatica("jdbc:sluice://h:1/;user='a;b';password=x", new Properties());

    assertEquals("a;b", p.getProperty("user"));
    assertEquals("x", p.getProperty("password"));
  }

  @Test
  void serializationFromConnectionInfoIsNotOverridden() throws SQLException {
    Properties info = new Properties();
    info.setProperty("serialization", "protobuf");

    Properties p = avatica("jdbc:sluice://h:1", info);

    assertEquals(null, p.getProperty("serialization"), "left to the info properties");
  }

  @Test
  void theAddressWinsOverAUrlProperty() throws SQLException {
    Properties p = avatica("jdbc:sluice://h:1;url=http://elsewhere:2", new Properties());

    assertEquals("http://h:1", p.getProperty("url"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "jdbc:sluice:",
      "jdbc:sluice:127.0.0.1:8765",
      "jdbc:sluice:/127.0.0.1:8765",
      "jdbc:sluice://",
      "jdbc:sluice://:8765",
      "jdbc:sluice://host:",
      "jdbc:sluice://host:port",
      "jdbc:sluice://host:0",
      "jdbc:sluice://host:65536",
      "jdbc:sluice://host:8765/db",
      "jdbc:sluice://host:8765?serialization=json",
      "jdbc:sluice://ho st:8765",
      "jdbc:sluice://host:8765;;a=b",
      "jdbc:sluice://host:8765;a='unterminated",
      "jdbc:avatica:remote:url=http://host:8765",
  })
  void malformedUrlsFailWithSqlState08001AndTheExpectedForm(String url) {
    SQLException e = assertThrows(SQLException.class, () -> SluiceUrl.parse(url));

    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains("jdbc:sluice://host[:port]"), e.getMessage());
    assertTrue(e.getMessage().contains(url.split(";")[0]), e.getMessage());
  }

  @Test
  void malformedUrlMessagesDoNotQuoteProperties() {
    SQLException e = assertThrows(SQLException.class,
        () -> SluiceUrl.parse("jdbc:sluice://host:x;password=secret"));

    assertTrue(e.getMessage().contains("jdbc:sluice://host:x"), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
  }
}
