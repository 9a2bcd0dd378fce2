package io.sluice.jdbc;

import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.UnregisteredDriver;

/**
 * An Avatica connection whose meta is always a {@link SluiceMeta}; it exposes that meta, the
 * application's URL and the protected statement lookup to the rest of the driver.
 *
 * <p>When the server has lost the connection (it restarted), Avatica re-opens it through
 * {@link #openConnection()} and retries the call; the re-opened connection gets this session's
 * settings ({@code SET} statements) again before anything else runs on it.
 */
final class SluiceConnection extends AvaticaConnection {

  /** Runs the round trips of {@link #isValid(int)}, so that they can be given up on. */
  private static final ExecutorService PINGS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "sluice-jdbc-isvalid");
    t.setDaemon(true);
    return t;
  });

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

  /** Re-opens the connection on the server (Avatica calls this only to reconnect). */
  @Override
  public void openConnection() {
    super.openConnection();
    sluiceMeta().restoreSettings(handle);
  }

  /**
   * Whether the server answers for this connection within {@code timeout} seconds (0: no limit),
   * re-opening it if the server had lost it. False once closed or when the server is unreachable.
   */
  @Override
  public boolean isValid(int timeout) throws SQLException {
    if (timeout < 0) {
      throw HELPER.createException("isValid timeout must be 0 or more seconds, not " + timeout);
    }
    if (isClosed()) {
      return false;
    }
    Future<?> ping = PINGS.submit(() -> sluiceMeta().ping(handle));
    try {
      if (timeout == 0) {
        ping.get();
      } else {
        ping.get(timeout, TimeUnit.SECONDS);
      }
      return true;
    } catch (ExecutionException | TimeoutException e) {
      ping.cancel(true);
      return false;
    } catch (InterruptedException e) {
      ping.cancel(true);
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
