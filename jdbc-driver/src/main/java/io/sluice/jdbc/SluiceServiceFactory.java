package io.sluice.jdbc;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Locale;

import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.ConnectionConfig;
import org.apache.calcite.avatica.remote.AvaticaHttpClient;
import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.RemoteProtobufService;
import org.apache.calcite.avatica.remote.RemoteService;
import org.apache.calcite.avatica.remote.Service;

/**
 * Creates the HTTP service of a Sluice connection, as Avatica's remote driver does, except that
 * protobuf messages are named as an unshaded server expects ({@link WireNameTranslation}).
 * {@link SluiceDriver} installs it through Avatica's {@code factory} connection property; it is
 * public only because Avatica instantiates it by name.
 */
public final class SluiceServiceFactory implements Service.Factory {

  /** Creates the factory; Avatica calls this by reflection. */
  public SluiceServiceFactory() {
  }

  @Override
  public Service create(AvaticaConnection connection) {
    ConnectionConfig config = connection.config();
    AvaticaHttpClient client = config.httpClientFactory()
        .getClient(serverUrl(config), config, connection.getKerberosConnection());
    if (serialization(config) == Driver.Serialization.PROTOBUF) {
      return new RemoteProtobufService(client,
          new WireNameTranslation(new ProtobufTranslationImpl(), WireNameTranslation.LOCAL_PREFIX));
    }
    return new RemoteService(client);
  }

  private static URL serverUrl(ConnectionConfig config) {
    String url = config.useClientSideLb() ? config.getLBStrategy().getLbURL(config) : config.url();
    try {
      return new URI(url).toURL();
    } catch (MalformedURLException | URISyntaxException | IllegalArgumentException e) {
      throw new IllegalArgumentException("Bad server URL '" + url + "'", e);
    }
  }

  private static Driver.Serialization serialization(ConnectionConfig config) {
    String name = config.serialization();
    if (name == null) {
      return Driver.Serialization.JSON;
    }
    try {
      return Driver.Serialization.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Unknown serialization '" + name + "'; expected json or protobuf", e);
    }
  }
}
