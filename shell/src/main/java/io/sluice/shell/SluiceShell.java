package io.sluice.shell;

import java.io.IOException;
import sqlline.SluiceSqlLine;
import sqlline.SqlLine;

/**
 * {@code bin/sluice shell}: sqlline with {@link SluiceApplication} and {@link SluiceSqlLine}.
 * Takes sqlline's arguments; exits 0, or 2 when a statement of a script failed.
 */
public final class SluiceShell {
  private SluiceShell() {}

  public static void main(String[] args) throws IOException {
    SqlLine.Status status = new SluiceSqlLine().begin(args, null, true);
    System.exit(status.ordinal());
  }
}
