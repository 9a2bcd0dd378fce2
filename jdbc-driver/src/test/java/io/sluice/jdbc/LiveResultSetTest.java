package io.sluice.jdbc;

import static io.sluice.jdbc.FakeServer.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.calcite.avatica.AvaticaStatement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The driver's result sets and cancel, through the whole JDBC stack, against a fake server. */
class LiveResultSetTest {

  private FakeServer server;
  private Connection connection;

  @BeforeEach
  void connect() throws SQLException {
    server = FakeServer.start();
    connection = DriverManager.getConnection(FakeServer.url());
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  @Test
  void rowsOfAFrameAreHandedOutWithoutFetchingAhead() throws SQLException {
    server.script(frame(0, false, 1, 2), frame(2, false, 3), frame(3, false), frame(3, true));
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("SELECT STREAM x FROM s")) {
      assertEquals(List.of(), server.fetchOffsets, "executeQuery did not fetch");

      assertTrue(rs.next());
      assertEquals(1, rs.getInt(1));
      assertTrue(rs.next());
      assertEquals(2, rs.getInt(1));
      assertEquals(List.of(), server.fetchOffsets, "the last row of a frame came without a fetch");

      assertTrue(rs.next());
      assertEquals(3, rs.getInt(1));
      assertEquals(List.of(2L), server.fetchOffsets);

      assertFalse(rs.next());
      assertEquals(List.of(2L, 3L, 3L), server.fetchOffsets, "empty frame, not done: fetched again");
    }
  }

  @Test
  void cancelFromAnotherThreadEndsAResultSetWaitingForRows() throws Exception {
    server.script(frame(0, false), FakeServer.BLOCK_UNTIL_CLOSED);
    ExecutorService consumer = Executors.newSingleThreadExecutor();
    Statement statement = connection.createStatement();
    try {
      ResultSet rs = statement.executeQuery("SELECT STREAM x FROM s");
      int id = ((AvaticaStatement) statement).handle.id;
      Future<Boolean> next = consumer.submit(rs::next);
      assertTrue(server.fetchBlocked.await(10, TimeUnit.SECONDS), "consumer is waiting in fetch");

      statement.cancel();

      assertFalse(next.get(10, TimeUnit.SECONDS), "next() ended cleanly");
      assertFalse(rs.next());
      assertEquals(List.of(id), server.closedStatements, "cancel closed the statement on the server");
      statement.close();
      assertEquals(List.of(id), server.closedStatements, "close did not close it twice");
    } finally {
      consumer.shutdownNow();
    }
  }

  @Test
  void cancelDuringExecutionFailsItWith57014InsteadOfRerunningTheQuery() throws Exception {
    server.blockExecuteUntilClosed = true;
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (Statement statement = connection.createStatement()) {
      Future<ResultSet> execution =
          executor.submit(() -> statement.executeQuery("SELECT STREAM x FROM s"));
      assertTrue(server.executeBlocked.await(10, TimeUnit.SECONDS), "query is executing");

      statement.cancel();

      ExecutionException e = assertThrows(ExecutionException.class,
          () -> execution.get(10, TimeUnit.SECONDS));
      SQLException cause = assertInstanceOf(SQLException.class, e.getCause());
      assertEquals("57014", cause.getSQLState());
      assertEquals(1, server.executions.size(), "Avatica's retry on a lost statement was not taken");
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void cancelEndsTheResultSetEvenWithRowsLeftInTheFrame() throws SQLException {
    server.script(frame(0, false, 1, 2, 3));
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("SELECT STREAM x FROM s")) {
      assertTrue(rs.next());

      statement.cancel();
      statement.cancel();

      assertFalse(rs.next());
      assertEquals(List.of(), server.fetchOffsets);
      assertEquals(1, server.closedStatements.size(), "a second cancel sent nothing");
    }
  }

  @Test
  void aCancelledStatementCanRunAnotherQuery() throws SQLException {
    server.script(frame(0, false, 1));
    try (Statement statement = connection.createStatement()) {
      ResultSet first = statement.executeQuery("SELECT STREAM x FROM s");
      int cancelledId = ((AvaticaStatement) statement).handle.id;
      statement.cancel();
      assertFalse(first.next());

      server.script(frame(0, true, 7));
      try (ResultSet second = statement.executeQuery("SELECT x FROM t")) {
        assertTrue(second.next());
        assertEquals(7, second.getInt(1));
        assertFalse(second.next());
      }
      assertNotEquals(cancelledId, ((AvaticaStatement) statement).handle.id,
          "the driver re-created the statement the cancel had closed");
    }
  }

  @Test
  void theConnectionStaysUsableAfterACancel() throws SQLException {
    server.script(frame(0, false, 1));
    Statement cancelled = connection.createStatement();
    cancelled.executeQuery("SELECT STREAM x FROM s");
    cancelled.cancel();
    cancelled.close();

    server.script(frame(0, true, 5, 6));
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("SELECT x FROM t")) {
      assertTrue(rs.next());
      assertEquals(5, rs.getInt(1));
      assertTrue(rs.next());
      assertEquals(6, rs.getInt(1));
      assertFalse(rs.next());
    }
  }

  @Test
  void cancelOnAClosedStatementDoesNothing() throws SQLException {
    Statement statement = connection.createStatement();
    statement.close();
    int closes = server.closedStatements.size();

    statement.cancel();

    assertEquals(closes, server.closedStatements.size());
  }

  @Test
  void missingResultsEndTheResultWith08006WithoutAskingToResume() throws SQLException {
    server.script(frame(0, false, 1), FakeServer.MISSING_RESULTS);
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("SELECT x FROM t")) {
      assertTrue(rs.next());

      SQLException e = assertThrows(SQLException.class, rs::next);
      assertEquals("08006", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("run the query again"), e.getMessage());
      assertEquals(List.of(), server.syncOffsets, "Sluice never resumes a result");
    }
  }

  @Test
  void fetchSizeOfTheStatementIsSentWithEachFetch() throws SQLException {
    server.script(frame(0, false), frame(0, true, 1));
    try (Statement statement = connection.createStatement()) {
      statement.setFetchSize(17);
      try (ResultSet rs = statement.executeQuery("SELECT x FROM t")) {
        assertTrue(rs.next());
        assertEquals(List.of(17), server.fetchSizes);
      }
    }
  }
}
