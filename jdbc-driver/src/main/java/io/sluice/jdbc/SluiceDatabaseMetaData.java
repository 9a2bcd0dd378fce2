package io.sluice.jdbc;

import org.apache.calcite.avatica.AvaticaDatabaseMetaData;

/**
 * Avatica's database metadata, except that {@link #getURL()} returns the {@code jdbc:sluice:} URL
 * the application connected with rather than the Avatica connect string it was translated to.
 */
final class SluiceDatabaseMetaData extends AvaticaDatabaseMetaData {

  private final SluiceConnection connection;

  SluiceDatabaseMetaData(SluiceConnection connection) {
    super(connection);
    this.connection = connection;
  }

  @Override
  public String getURL() {
    return connection.sluiceUrl();
  }
}
