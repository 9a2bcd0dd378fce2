package io.sluice.server.avatica;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.JsonService;
import org.apache.calcite.avatica.remote.Service;
import org.apache.calcite.avatica.server.AvaticaHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;

/**
 * Avatica's JSON protocol over HTTP POST, in place of Avatica's own handler: every failure is
 * an Avatica error response with a message, an error code and a SQLSTATE, and never a stack
 * trace. A body that is not a JSON object naming a request this server serves is refused with
 * HTTP 400 and SQLSTATE 08P01 (Avatica's handler answers garbage with HTTP 500 and the parser's
 * stack, and reads an unknown request type as getSchemas). Failures of a valid request are HTTP
 * 500, which Avatica's client expects for errors.
 */
public final class JsonProtocolHandler extends AbstractHandler implements AvaticaHandler {
  private static final ObjectMapper MAPPER = JsonService.MAPPER;
  /** The request names Avatica's JSON protocol defines. */
  static final Set<String> REQUESTS = Arrays.stream(
          Service.Request.class.getAnnotation(JsonSubTypes.class).value())
      .map(JsonSubTypes.Type::name)
      .collect(Collectors.toCollection(TreeSet::new));

  private final Service service;
  private volatile Service.RpcMetadataResponse metadata;

  public JsonProtocolHandler(Service service) {
    this.service = service;
  }

  @Override
  public void setServerRpcMetadata(Service.RpcMetadataResponse metadata) {
    this.metadata = metadata;
    service.setRpcMetadata(metadata);
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request,
      HttpServletResponse response) throws IOException {
    baseRequest.setHandled(true);
    Reply reply;
    if (!"POST".equals(request.getMethod())) {
      reply = refuse("Sluice's JDBC endpoint takes Avatica requests as HTTP POST with a JSON"
          + " body, not " + request.getMethod() + "; connect with a JDBC driver"
          + " (jdbc:sluice://host:port, or the Avatica driver with"
          + " jdbc:avatica:remote:url=http://host:port;serialization=json)");
    } else {
      String body = request.getHeader("request");
      if (body == null) {
        body = readBody(request);
      }
      reply = answer(body);
    }
    response.setStatus(reply.status());
    response.setContentType("application/json;charset=utf-8");
    byte[] bytes = reply.json().getBytes(StandardCharsets.UTF_8);
    response.setContentLength(bytes.length);
    try (OutputStream out = response.getOutputStream()) {
      out.write(bytes);
    }
  }

  private static String readBody(HttpServletRequest request) throws IOException {
    String encoding = request.getCharacterEncoding();
    Charset charset = StandardCharsets.UTF_8;
    if (encoding != null) {
      try {
        charset = Charset.forName(encoding);
      } catch (IllegalArgumentException e) {
        charset = StandardCharsets.UTF_8;
      }
    }
    try (InputStream in = request.getInputStream()) {
      return new String(in.readAllBytes(), charset);
    }
  }

  /** The HTTP status and JSON body answering one request body. */
  record Reply(int status, String json) {}

  /** Parses, serves and encodes one request; every failure becomes an error response. */
  Reply answer(String body) {
    final Service.Request request;
    try {
      request = parse(body);
    } catch (AvaticaRuntimeException e) {
      return new Reply(HttpServletResponse.SC_BAD_REQUEST, encode(error(e)));
    }
    try {
      return new Reply(HttpServletResponse.SC_OK, MAPPER.writeValueAsString(dispatch(request)));
    } catch (AvaticaRuntimeException e) {
      return new Reply(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, encode(error(e)));
    } catch (Exception e) {
      AvaticaRuntimeException wire = (AvaticaRuntimeException) ClientErrors.translate(e);
      return new Reply(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, encode(error(wire)));
    }
  }

  private Reply refuse(String message) {
    return new Reply(HttpServletResponse.SC_BAD_REQUEST,
        encode(error(ClientErrors.protocol(message))));
  }

  private static Service.Request parse(String body) {
    if (body == null || body.isBlank()) {
      throw ClientErrors.protocol("Empty request; expected a JSON object such as"
          + " {\"request\": \"openConnection\", \"connectionId\": \"...\"}");
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ClientErrors.protocol("Malformed JSON request: " + describe(e));
    }
    JsonNode kind = tree == null || !tree.isObject() ? null : tree.get("request");
    if (kind == null || !kind.isTextual()) {
      throw ClientErrors.protocol("A request must be a JSON object whose \"request\" field names"
          + " an Avatica request (" + String.join(", ", REQUESTS) + ")");
    }
    if (!REQUESTS.contains(kind.asText())) {
      throw ClientErrors.protocol("Unknown request type '" + abbreviate(kind.asText())
          + "'; this server serves " + String.join(", ", REQUESTS));
    }
    try {
      return MAPPER.treeToValue(tree, Service.Request.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw ClientErrors.protocol("Malformed '" + kind.asText() + "' request: "
          + (e instanceof JsonProcessingException j ? describe(j) : e.getMessage()));
    }
  }

  private static String describe(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = at == null || at.getLineNr() < 0 ? ""
        : " (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    String message = e.getOriginalMessage();
    return abbreviate(message == null ? e.getClass().getSimpleName() : message.split("\n", 2)[0])
        + where;
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  private Service.Response dispatch(Service.Request r) {
    if (r instanceof Service.OpenConnectionRequest q) {
      return service.apply(q);
    } else if (r instanceof Service.CloseConnectionRequest q) {
      return service.apply(q);
    } else if (r instanceof Service.ConnectionSyncRequest q) {
      return service.apply(q);
    } else if (r instanceof Service.DatabasePropertyRequest q) {
      return service.apply(q);
    } else if (r instanceof Service.CreateStatementRequest q) {
      return service.apply(q);
    } else if (r instanceof Service.CloseStatementRequest q) {
      return service.apply(q);
    } else if (r instanceof Service.PrepareRequest q) {
      return service.apply(q);
    } else if (r instanceof Service.PrepareAndExecuteRequest q) {
      return service.apply(q);
    } else if (r instanceof Service.ExecuteRequest q) {
      return service.apply(q);
    } else if (r instanceof Service.FetchRequest q) {
      return service.apply(q);
    } else if (r instanceof Service.SyncResultsRequest q) {
      return service.apply(q);
    } else if (r instanceof Service.PrepareAndExecuteBatchRequest q) {
      return service.apply(q);
    } else if (r instanceof Service.ExecuteBatchRequest q) {
      return service.apply(q);
    } else if (r instanceof Service.CommitRequest q) {
      return service.apply(q);
    } else if (r instanceof Service.RollbackRequest q) {
      return service.apply(q);
    } else if (r instanceof Service.CatalogsRequest q) {
      return service.apply(q);
    } else if (r instanceof Service.SchemasRequest q) {
      return service.apply(q);
    } else if (r instanceof Service.TablesRequest q) {
      return service.apply(q);
    } else if (r instanceof Service.TableTypesRequest q) {
      return service.apply(q);
    } else if (r instanceof Service.TypeInfoRequest q) {
      return service.apply(q);
    } else if (r instanceof Service.ColumnsRequest q) {
      return service.apply(q);
    }
    throw ClientErrors.protocol("Request type " + r.getClass().getSimpleName()
        + " is not served");
  }

  private Service.ErrorResponse error(AvaticaRuntimeException e) {
    AvaticaSeverity severity = e.getSeverity() == null ? AvaticaSeverity.ERROR : e.getSeverity();
    return new Service.ErrorResponse(List.of(), e.getErrorMessage(), e.getErrorCode(),
        e.getSqlState(), severity, metadata);
  }

  private static String encode(Service.ErrorResponse error) {
    try {
      return MAPPER.writeValueAsString(error);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode an error response", e);
    }
  }
}
