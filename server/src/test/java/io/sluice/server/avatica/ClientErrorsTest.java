package io.sluice.server.avatica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.junit.jupiter.api.Test;

/** What a client receives for user and internal errors. */
class ClientErrorsTest {
  @Test
  void aUserErrorKeepsItsSqlStateAndMessage() {
    AvaticaRuntimeException e = (AvaticaRuntimeException) ClientErrors.translate(
        new SluiceException(ErrorCode.DIVISION_BY_ZERO, "Division by zero"), "statement c/1");
    assertEquals("22012", e.getSqlState());
    assertEquals("Division by zero", e.getErrorMessage());
  }

  @Test
  void anInternalErrorIsOneShortLineNamingTheStatement() {
    // Janino's failures carry the whole generated class in their message.
    String generated = "Code grows beyond 64 KB\n" + "  int x = 1;\n".repeat(300_000);
    AvaticaRuntimeException e = (AvaticaRuntimeException) ClientErrors.translate(
        new IllegalStateException(generated), "statement c/7");
    assertEquals("XX000", e.getSqlState());
    String m = e.getErrorMessage();
    assertFalse(m.contains("\n"), m);
    assertTrue(m.length() < 500, m);
    assertTrue(m.contains("statement c/7") && m.contains("Code grows beyond 64 KB"), m);
    assertEquals(0, e.getStackTrace().length);
  }
}
