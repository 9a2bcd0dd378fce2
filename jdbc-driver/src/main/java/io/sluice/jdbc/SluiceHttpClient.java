package io.sluice.jdbc;

import java.io.IOException;
import java.net.URL;

import org.apache.calcite.avatica.ConnectionConfig;
import org.apache.calcite.avatica.remote.AvaticaCommonsHttpClientImpl;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;

/**
 * Avatica's HTTP client with a connection pool of the driver's own, sized for live queries.
 *
 * <p>Avatica's shared pool allows 25 connections per server, and every live query being read
 * holds one for up to a fetch wait (one second by default): with more than 25 live readers in a
 * JVM, every other call of that JVM (connecting, an INSERT) queued behind them. This pool allows
 * {@value #MAX_CONNECTIONS} (system property {@value #MAX_CONNECTIONS_PROPERTY}), so a call
 * waits for a connection only past that many concurrent requests. HTTPS keeps Avatica's pool,
 * which carries the TLS settings.
 *
 * <p>A request that fails on a pooled connection the server has closed (it restarted) is sent
 * once more after the pool drops its idle connections, which are as stale.
 */
public final class SluiceHttpClient extends AvaticaCommonsHttpClientImpl {

  static final String MAX_CONNECTIONS_PROPERTY = "sluice.http.max.connections";
  static final int MAX_CONNECTIONS = 1024;

  private final boolean ownPool;

  /** Creates the client; Avatica calls this by reflection. */
  @SuppressWarnings("deprecation")
  public SluiceHttpClient(URL url) {
    super(url);
    this.ownPool = "http".equalsIgnoreCase(url.getProtocol());
  }

  @Override
  public void setHttpClientPool(PoolingHttpClientConnectionManager avaticaPool,
      ConnectionConfig config) {
    super.setHttpClientPool(ownPool ? Pool.INSTANCE : avaticaPool, config);
  }

  /**
   * Sends a request; one that fails on a stale pooled connection is sent once more. Fails with
   * {@link ServerUnreachableException} (08006) when the server cannot be reached.
   */
  @Override
  public byte[] send(byte[] request) {
    try {
      return super.send(request);
    } catch (RuntimeException e) {
      if (!(e.getCause() instanceof IOException)) {
        throw e;
      }
      if (!ownPool) {
        throw new ServerUnreachableException(uri.toString(), e.getCause());
      }
    }
    Pool.INSTANCE.closeIdle(TimeValue.ZERO_MILLISECONDS);
    try {
      return super.send(request);
    } catch (RuntimeException e) {
      if (!(e.getCause() instanceof IOException)) {
        throw e;
      }
      throw new ServerUnreachableException(uri.toString(), e.getCause());
    }
  }

  /** The driver's pool, made on first use. */
  private static final class Pool {
    static final PoolingHttpClientConnectionManager INSTANCE = create();

    private static PoolingHttpClientConnectionManager create() {
      int max = Integer.getInteger(MAX_CONNECTIONS_PROPERTY, MAX_CONNECTIONS);
      return PoolingHttpClientConnectionManagerBuilder.create()
          .setMaxConnTotal(max)
          .setMaxConnPerRoute(max)
          .build();
    }
  }
}
