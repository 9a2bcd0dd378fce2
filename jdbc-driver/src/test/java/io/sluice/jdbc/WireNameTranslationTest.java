package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;

import org.apache.calcite.avatica.proto.Common.WireMessage;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import org.junit.jupiter.api.Test;

class WireNameTranslationTest {

  private static final String PREFIX = "shaded.by.test.";

  private final ProtobufTranslationImpl stock = new ProtobufTranslationImpl();

  @Test
  void unshadedClassesUseTheStockNames() throws IOException {
    Service.Request request = new Service.CloseStatementRequest("c", 3);
    WireNameTranslation translation = new WireNameTranslation(stock, "");

    assertEquals("", WireNameTranslation.LOCAL_PREFIX, "tests run on unshaded classes");
    assertArrayEquals(stock.serializeRequest(request), translation.serializeRequest(request));
  }

  @Test
  void incomingNamesGainTheLocalPrefixAndOutgoingNamesLoseIt() throws IOException {
    byte[] stockBytes = stock.serializeRequest(new Service.CloseStatementRequest("c", 3));
    String stockName = WireMessage.parseFrom(stockBytes).getName();
    WireNameTranslation translation = new WireNameTranslation(stock, PREFIX);

    byte[] local = translation.fromWire(stockBytes);
    assertEquals(PREFIX + stockName, WireMessage.parseFrom(local).getName());
    assertEquals(stockName, WireMessage.parseFrom(translation.toWire(local)).getName());
    assertArrayEquals(stockBytes, translation.toWire(stockBytes), "foreign names pass through");
  }

  @Test
  void messagesSurviveTheRoundTrip() throws IOException {
    WireNameTranslation translation = new WireNameTranslation(stock, "");

    Service.Request parsed = translation.parseRequest(
        translation.serializeRequest(new Service.CloseStatementRequest("conn", 42)));

    Service.CloseStatementRequest close = assertInstanceOf(Service.CloseStatementRequest.class, parsed);
    assertEquals("conn", close.connectionId);
    assertEquals(42, close.statementId);
  }
}
