package io.sluice.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ErrorTextTest {
  @Test
  void avaticaWrappingIsRemoved() {
    SQLException e = new SQLException("Error 1 (42S22) : Error while executing SQL \"SELECT"
        + " \"x\": y FROM s\": Remote driver error: Column 'NOPE' not found (at line 1, column 8)",
        "42S22", 1);
    assertEquals("Error 42S22: Column 'NOPE' not found (at line 1, column 8)", ErrorText.of(e));
  }

  @Test
  void plainMessagesStayAsTheyAre() {
    assertEquals("Error 22012: Division by zero",
        ErrorText.of(new SQLException("Division by zero", "22012")));
    assertEquals("Error: No current connection",
        ErrorText.of(new IllegalArgumentException("No current connection")));
    assertEquals("Error: NullPointerException", ErrorText.of(new NullPointerException()));
  }
}
