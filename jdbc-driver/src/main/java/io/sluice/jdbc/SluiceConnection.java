package io.sluice.jdbc;

import java.sql.SQLException;
import java.util.Properties;

import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.UnregisteredDriver;

/**
 * An Avatica connection whose meta is always a {@link SluiceMeta}; it exposes that meta, the
 * application's URL and the protected statement lookup to the rest of the driver.
 */
final class SluiceConnection extends AvaticaConnection {

  SluiceConnection(UnregisteredDriver driver, AvaticaFactory factory, String url,
      Properties info) {
    super(driver, factory, url, info);
  }

  /** The meta {@link SluiceDriver#createMeta} made for this connection. */
  SluiceMeta sluiceMeta() {
    return (SluiceMeta) meta;
  }

  /** The URL the application connected with; null if the connection was not made by the driver. */
  String sluiceUrl() {
    return info.getProperty(SluiceUrl.ORIGINAL_URL_KEY);
  }

  /** The statement with this handle, created (as Avatica does) if this connection has none. */
  AvaticaStatement statement(Meta.StatementHandle h) throws SQLException {
    return lookupStatement(h);
  }
}
