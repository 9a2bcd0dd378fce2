package io.sluice.jdbc;

import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.calcite.avatica.BuiltInConnectionProperty;
import org.apache.calcite.avatica.ConnectStringParser;

/**
 * A parsed {@code jdbc:sluice://host[:port][/][;key=value...]} URL and its translation into
 * Avatica's remote connect string.
 *
 * <p>Invariant: {@code host} is non-empty, {@code port} is in 1..65535, {@code properties} holds
 * exactly the {@code ;key=value} pairs written after the address, and {@code original} is the URL
 * as given.
 */
final class SluiceUrl {

  static final String PREFIX = "jdbc:sluice:";
  static final int DEFAULT_PORT = 8765;
  static final String EXPECTED_FORM = "jdbc:sluice://host[:port][;key=value...]";
  /** SQLSTATE "SQL-client unable to establish SQL-connection". */
  static final String SQLSTATE_UNABLE_TO_CONNECT = "08001";

  private static final String URL_KEY = BuiltInConnectionProperty.URL.camelName();
  private static final String SERIALIZATION_KEY =
      BuiltInConnectionProperty.SERIALIZATION.camelName();
  private static final String DEFAULT_SERIALIZATION = "json";
  private static final String FACTORY_KEY = BuiltInConnectionProperty.FACTORY.camelName();
  private static final String RECONNECT_KEY =
      BuiltInConnectionProperty.TRANSPARENT_RECONNECTION.camelName();
  private static final String HTTP_CLIENT_KEY =
      BuiltInConnectionProperty.HTTP_CLIENT_IMPL.camelName();
  /** Connection property carrying the URL as the application wrote it; not sent to the server. */
  static final String ORIGINAL_URL_KEY = "sluice.url";

  private static final Pattern FORM = Pattern.compile(
      "jdbc:sluice://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+)(?::([0-9]{1,5}))?/?(?:;(.*))?",
      Pattern.DOTALL);

  final String original;
  final String host;
  final int port;
  final Properties properties;

  private SluiceUrl(String original, String host, int port, Properties properties) {
    this.original = original;
    this.host = host;
    this.port = port;
    this.properties = properties;
  }

  /**
   * Parses a Sluice URL.
   *
   * @throws SQLException with SQLSTATE 08001, naming the expected form, if the URL is malformed
   */
  static SluiceUrl parse(String url) throws SQLException {
    Matcher m = url == null ? null : FORM.matcher(url);
    if (m == null || !m.matches()) {
      throw malformed(url, null);
    }
    int port = m.group(2) == null ? DEFAULT_PORT : Integer.parseInt(m.group(2));
    if (port < 1 || port > 65535) {
      throw malformed(url, null);
    }
    return new SluiceUrl(url, m.group(1), port, parseProperties(url, m.group(3)));
  }

  /** The HTTP address of the server, e.g. {@code http://127.0.0.1:8765}. */
  String httpAddress() {
    return "http://" + host + ":" + port;
  }

  /**
   * Returns the Avatica connect string, starting with {@link #PREFIX}, for this URL. The address
   * always wins over a {@code url} property. Unless the URL or {@code info} says otherwise:
   * serialization is JSON, the service factory is {@link SluiceServiceFactory}, the HTTP client
   * is {@link SluiceHttpClient}, and {@code transparent_reconnection} is on (a connection the
   * server lost, to a restart say, is re-opened and the call retried). The original URL rides
   * along under {@link #ORIGINAL_URL_KEY}.
   */
  String toAvaticaConnectString(Properties info) {
    Properties avatica = new Properties();
    avatica.putAll(properties);
    avatica.setProperty(URL_KEY, httpAddress());
    avatica.setProperty(ORIGINAL_URL_KEY, original);
    setDefault(avatica, info, SERIALIZATION_KEY, DEFAULT_SERIALIZATION);
    setDefault(avatica, info, FACTORY_KEY, SluiceServiceFactory.class.getName());
    setDefault(avatica, info, HTTP_CLIENT_KEY, SluiceHttpClient.class.getName());
    setDefault(avatica, info, RECONNECT_KEY, "true");
    return PREFIX + ConnectStringParser.getParamString(avatica);
  }

  private static void setDefault(Properties avatica, Properties info, String key, String value) {
    if (!avatica.containsKey(key) && info.getProperty(key) == null) {
      avatica.setProperty(key, value);
    }
  }

  private static Properties parseProperties(String url, String text) throws SQLException {
    if (text == null || text.isBlank()) {
      return new Properties();
    }
    Properties parsed;
    try {
      parsed = ConnectStringParser.parse(text);
    } catch (SQLException e) {
      throw malformed(url, e);
    }
    for (String name : parsed.stringPropertyNames()) {
      if (name.isEmpty() || name.indexOf(';') >= 0) {
        throw malformed(url, null);
      }
    }
    return parsed;
  }

  /** The error for a malformed URL; it quotes the URL only up to its properties (passwords). */
  private static SQLException malformed(String url, Throwable cause) {
    String shown = url == null ? null : url.split(";", 2)[0];
    return new SQLException(
        "Malformed Sluice URL '" + shown + "'; expected " + EXPECTED_FORM
            + " (default port " + DEFAULT_PORT + ")",
        SQLSTATE_UNABLE_TO_CONNECT, cause);
  }
}
