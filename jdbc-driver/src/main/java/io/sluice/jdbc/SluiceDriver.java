package io.sluice.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.remote.Service;

/**
 * JDBC driver for Sluice: {@code jdbc:sluice://host[:port][/][;key=value...]}.
 *
 * <p>A thin layer over Avatica's remote client. It translates the URL to Avatica's
 * {@code url=http://host:port} (JSON serialization unless told otherwise), fetches rows only when
 * the consumer asks for one that has not arrived, and makes {@link java.sql.Statement#cancel()}
 * close the statement on the server. It registers itself with {@link java.sql.DriverManager} when
 * loaded.
 *
 * <p>Invariant: every connection it makes is a {@link SluiceConnection} whose meta is a
 * {@link SluiceMeta} wrapping Avatica's remote meta.
 */
public class SluiceDriver extends Driver {

  /** Prefix of every URL this driver accepts. */
  public static final String PREFIX = SluiceUrl.PREFIX;

  static {
    new SluiceDriver().register();
  }

  /** Creates a driver; {@link java.sql.DriverManager} and {@link java.util.ServiceLoader} call this. */
  public SluiceDriver() {
    super();
  }

  @Override
  protected String getConnectStringPrefix() {
    return PREFIX;
  }

  @Override
  protected DriverVersion createDriverVersion() {
    return SluiceVersion.load();
  }

  @Override
  protected AvaticaFactory createFactory() {
    return new SluiceFactory(super.createFactory());
  }

  @Override
  public Meta createMeta(AvaticaConnection connection) {
    return new SluiceMeta((SluiceConnection) connection, super.createMeta(connection));
  }

  /**
   * Connects to the Sluice server named by {@code url}; returns null for a URL of another driver.
   *
   * @throws SQLException with SQLSTATE 08001 if the URL is malformed or the server is unreachable,
   *     or with the server's SQLSTATE if it refused the connection with one
   */
  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    Properties properties = info == null ? new Properties() : info;
    SluiceUrl parsed = SluiceUrl.parse(url);
    try {
      return super.connect(parsed.toAvaticaConnectString(properties), properties);
    } catch (RuntimeException e) {
      throw new SQLException(
          "Cannot connect to Sluice at " + parsed.httpAddress() + ": " + e.getMessage(),
          connectSqlState(e), e);
    }
  }

  /** The server's SQLSTATE if it sent a meaningful one, else 08001. */
  private static String connectSqlState(RuntimeException e) {
    if (e instanceof AvaticaClientRuntimeException && !(e instanceof ServerUnreachableException)) {
      String state = ((AvaticaClientRuntimeException) e).getSqlState();
      if (state != null && !state.equals(Service.ErrorResponse.UNKNOWN_SQL_STATE)) {
        return state;
      }
    }
    return SluiceUrl.SQLSTATE_UNABLE_TO_CONNECT;
  }
}
