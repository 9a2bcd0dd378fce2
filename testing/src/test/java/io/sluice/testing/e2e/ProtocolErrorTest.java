package io.sluice.testing.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Raw HTTP against the server's Avatica endpoint: whatever is sent, the answer is an Avatica
 * error response with a message and a SQLSTATE, and never a stack trace; a request type the
 * protocol does not define is refused rather than read as another.
 */
class ProtocolErrorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static RunningServer server;
  private static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    server = RunningServer.start();
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private record Answer(int status, JsonNode body, String text) {}

  private static Answer post(String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return answer(http.send(request, HttpResponse.BodyHandlers.ofString()));
  }

  private static Answer answer(HttpResponse<String> response) throws Exception {
    return new Answer(response.statusCode(), JSON.readTree(response.body()), response.body());
  }

  /** An Avatica error response with a message and this SQLSTATE, and no stack trace. */
  private static void assertError(Answer a, int status, String sqlState) {
    assertEquals(status, a.status(), a.text());
    assertEquals("error", a.body().path("response").asText(), a.text());
    assertEquals(sqlState, a.body().path("sqlState").asText(), a.text());
    assertFalse(a.body().path("errorMessage").asText().isBlank(), a.text());
    assertEquals(0, a.body().path("exceptions").size(), "no stack trace: " + a.text());
    assertFalse(a.text().contains("\\tat ") || a.text().contains("\tat "), a.text());
  }

  @Test
  void malformedBodiesAreProtocolErrors() throws Exception {
    for (String body : new String[] {"", "not json", "{\"request\": ", "[1, 2]", "42",
        "{\"connectionId\": \"x\"}", "{\"request\": 7}",
        "{\"request\": \"fetch\", \"connectionId\": \"x\", \"statementId\": \"seven\"}"}) {
      Answer a = post(body);
      assertError(a, 400, "08P01");
    }
    assertTrue(post("not json").body().path("errorMessage").asText().contains("Malformed JSON"));
  }

  @Test
  void unknownRequestTypesAreRefused() throws Exception {
    Answer a = post("{\"request\": \"dropEverything\", \"connectionId\": \"x\"}");
    assertError(a, 400, "08P01");
    assertTrue(a.body().path("errorMessage").asText().contains("Unknown request type"), a.text());
  }

  @Test
  void otherMethodsThanPostAreRefused() throws Exception {
    HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()))
        .GET().build();
    assertError(answer(http.send(get, HttpResponse.BodyHandlers.ofString())), 400, "08P01");
  }

  @Test
  void unknownConnectionsGetAvaticasNoSuchConnectionError() throws Exception {
    Answer a = post("{\"request\": \"getSchemas\", \"connectionId\": \"never-opened\"}");
    assertError(a, 500, "08003");
    assertEquals(1, a.body().path("errorCode").asInt(), "Avatica's missing-connection code");
    Answer noId = post("{\"request\": \"createStatement\"}");
    assertError(noId, 500, "08P01");
  }

  @Test
  void wellFormedRequestsAreServed() throws Exception {
    Answer open = post("{\"request\": \"openConnection\", \"connectionId\": \"raw-1\"}");
    assertEquals(200, open.status(), open.text());
    Answer schemas = post("{\"request\": \"getSchemas\", \"connectionId\": \"raw-1\"}");
    assertEquals(200, schemas.status(), schemas.text());
    assertEquals("resultSet", schemas.body().path("response").asText(), schemas.text());
    Answer statement = post("{\"request\": \"createStatement\", \"connectionId\": \"raw-1\"}");
    int id = statement.body().path("statementId").asInt();
    Answer bad = post("{\"request\": \"prepareAndExecute\", \"connectionId\": \"raw-1\","
        + " \"statementId\": " + id + ", \"sql\": \"SELEC 1\", \"maxRowCount\": -1}");
    assertError(bad, 500, "42601");
    post("{\"request\": \"closeConnection\", \"connectionId\": \"raw-1\"}");
  }
}
