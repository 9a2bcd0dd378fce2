package io.sluice.jdbc;

import java.io.IOException;

import org.apache.calcite.avatica.proto.Common.WireMessage;
import org.apache.calcite.avatica.remote.ProtobufTranslation;
import org.apache.calcite.avatica.remote.Service.Request;
import org.apache.calcite.avatica.remote.Service.Response;

/**
 * Protobuf translation that keeps the wire compatible with an unshaded Avatica server.
 *
 * <p>Avatica names each protobuf message on the wire by its Java class name. Inside the shaded jar
 * those classes live under {@value #SHADED_PREFIX}, so outgoing names lose that prefix and
 * incoming names gain it. Invariant: with an empty local prefix (unshaded classes) the bytes pass
 * through untouched.
 */
final class WireNameTranslation implements ProtobufTranslation {

  /** The shade plugin's relocation prefix; must match {@code shaded.prefix} in the module pom. */
  static final String SHADED_PREFIX = "io.sluice.jdbc.shaded.";

  /** The prefix Avatica's classes carry at run time: {@link #SHADED_PREFIX} or nothing. */
  static final String LOCAL_PREFIX =
      WireMessage.class.getName().startsWith(SHADED_PREFIX) ? SHADED_PREFIX : "";

  private final ProtobufTranslation delegate;
  private final String localPrefix;

  WireNameTranslation(ProtobufTranslation delegate, String localPrefix) {
    this.delegate = delegate;
    this.localPrefix = localPrefix;
  }

  @Override
  public byte[] serializeResponse(Response response) throws IOException {
    return toWire(delegate.serializeResponse(response));
  }

  @Override
  public byte[] serializeRequest(Request request) throws IOException {
    return toWire(delegate.serializeRequest(request));
  }

  @Override
  public Request parseRequest(byte[] bytes) throws IOException {
    return delegate.parseRequest(fromWire(bytes));
  }

  @Override
  public Response parseResponse(byte[] bytes) throws IOException {
    return delegate.parseResponse(fromWire(bytes));
  }

  /** Strips the local prefix from the message name. */
  byte[] toWire(byte[] bytes) throws IOException {
    if (localPrefix.isEmpty()) {
      return bytes;
    }
    WireMessage message = WireMessage.parseFrom(bytes);
    String name = message.getName();
    if (!name.startsWith(localPrefix)) {
      return bytes;
    }
    return message.toBuilder().setName(name.substring(localPrefix.length())).build().toByteArray();
  }

  /** Adds the local prefix to the message name. */
  byte[] fromWire(byte[] bytes) throws IOException {
    if (localPrefix.isEmpty()) {
      return bytes;
    }
    WireMessage message = WireMessage.parseFrom(bytes);
    String name = message.getName();
    if (name.startsWith(localPrefix)) {
      return bytes;
    }
    return message.toBuilder().setName(localPrefix + name).build().toByteArray();
  }
}
