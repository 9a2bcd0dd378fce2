package io.sluice.runtime.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.change.ChangeKind;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResultBufferTest {
  private static ChangeBatch batch(long... ids) {
    ChangeBatch b = new ChangeBatch(ids.length);
    for (long id : ids) {
      b.add(ChangeKind.INSERT, new Object[] {id});
    }
    return b;
  }

  @Test
  void endsAfterMaxRowsAndSaysSoOnce() throws Exception {
    ResultBuffer buffer = new ResultBuffer(3, 100, false);
    AtomicInteger ended = new AtomicInteger();
    buffer.onEnd(ended::incrementAndGet);
    buffer.emit(batch(1, 2));
    buffer.emit(batch(3, 4));
    buffer.emit(batch(5));
    ResultBuffer.Poll p = buffer.poll(10, 0);
    assertEquals(3, p.rows().size());
    assertTrue(p.done());
    assertEquals(1, ended.get());
  }

  @Test
  void anEmptyPollWaitsAndIsNotDone() throws Exception {
    ResultBuffer buffer = new ResultBuffer(0, 100, false);
    long start = System.nanoTime();
    ResultBuffer.Poll p = buffer.poll(10, 50);
    assertTrue(System.nanoTime() - start >= 40_000_000L, "waits for rows");
    assertTrue(p.rows().isEmpty());
    assertFalse(p.done());
  }

  @Test
  void changelogRowsLeadWithTheirKind() throws Exception {
    ResultBuffer buffer = new ResultBuffer(0, 100, true);
    ChangeBatch b = new ChangeBatch(2);
    b.add(ChangeKind.UPDATE_BEFORE, new Object[] {"a", 1L});
    b.add(ChangeKind.UPDATE_AFTER, new Object[] {"a", 2L});
    buffer.emit(b);
    ResultBuffer.Poll p = buffer.poll(10, 0);
    assertArrayEquals(new Object[] {"-U", "a", 1L}, p.rows().get(0));
    assertArrayEquals(new Object[] {"+U", "a", 2L}, p.rows().get(1));
  }

  @Test
  void aBlockingBufferHoldsTheProducerBackInsteadOfFailing() throws Exception {
    ResultBuffer buffer = new ResultBuffer(0, 2, false);
    buffer.blockWhenFull();
    Thread producer = new Thread(() -> {
      for (long i = 0; i < 10; i++) {
        buffer.emit(batch(i));
      }
      buffer.end();
    });
    producer.start();
    java.util.List<Object[]> all = new java.util.ArrayList<>();
    ResultBuffer.Poll p;
    do {
      p = buffer.poll(1, 1000);
      all.addAll(p.rows());
      assertTrue(buffer.waiting() <= 2, "never more than the capacity waits");
    } while (!p.done());
    producer.join(5000);
    assertEquals(10, all.size());
    assertEquals(9L, all.get(9)[0]);
  }

  @Test
  void aClientThatDoesNotFetchFailsTheQueryAfterTheRowsItHas() throws Exception {
    ResultBuffer buffer = new ResultBuffer(0, 2, false);
    buffer.emit(batch(1, 2, 3));
    assertEquals(3, buffer.poll(10, 0).rows().size());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> buffer.poll(10, 0));
    assertTrue(e.getMessage().contains("live.buffer.rows"), e.getMessage());
  }
}
