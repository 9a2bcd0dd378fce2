package io.sluice.runtime.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.error.SluiceException;
import io.sluice.runtime.state.HeapStateStore;
import io.sluice.runtime.storage.Retention;
import io.sluice.runtime.storage.Storage;
import io.sluice.runtime.storage.StreamLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An INSERT (an append to the stream) returns once its rows are committed, without waiting for
 * live queries to process them; each query processes them later, on a delivery thread, in
 * append order; a query that falls too far behind fails instead of holding the INSERTs back.
 */
class LiveQueryDeliveryTest {
  private final ExecutorService delivery = Executors.newFixedThreadPool(2);
  private final Storage storage = Storage.inMemory();
  private final StreamLog log = StreamLog.open(storage, "S", Retention.UNLIMITED);

  @AfterEach
  void close() {
    delivery.shutdownNow();
    storage.close();
  }

  /** Passes batches on, but only once {@code gate} opens. */
  private static final class Gate implements Operator {
    final CountDownLatch gate = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(1);
    private Output out;

    @Override
    public void open(Output output) {
      this.out = output;
    }

    @Override
    public void process(ChangeBatch batch) {
      entered.countDown();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      out.emit(batch);
    }

    @Override
    public void onWatermark(long watermark) {
      out.emitWatermark(watermark);
    }
  }

  private LiveQuery start(Gate gate, int capacity) {
    ResultBuffer buffer = new ResultBuffer(0, capacity, false);
    LiveQuery q = new LiveQuery("q1", "SELECT STREAM ...", Dataflow.linear(List.of(gate), buffer),
        buffer, new QueryMetrics("q1"), new HeapStateStore(false));
    q.start(List.of(new LiveQuery.LogSource(log)), delivery);
    return q;
  }

  private static List<Object[]> rows(long from, long to) {
    List<Object[]> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      out.add(new Object[] {i});
    }
    return out;
  }

  @Test
  void appendsReturnWhileTheQueryIsBusyAndItsRowsFollowInOrder() throws Exception {
    Gate gate = new Gate();
    LiveQuery q = start(gate, 1_000);
    log.append(rows(0, 10));
    assertTrue(gate.entered.await(5, TimeUnit.SECONDS));
    // The query is stuck in its first batch; appends go on regardless.
    for (int i = 1; i < 10; i++) {
      log.append(rows(i * 10L, i * 10L + 10));
    }
    assertEquals(100, log.retainedCount());
    assertTrue(q.rowsWaiting() >= 90, "appended rows wait for the query: " + q.rowsWaiting());
    gate.gate.countDown();
    List<Long> seen = new ArrayList<>();
    while (seen.size() < 100) {
      ResultBuffer.Poll p = q.poll(1_000, 5_000);
      assertTrue(!p.rows().isEmpty(), "rows arrive after the query is released");
      p.rows().forEach(r -> seen.add((Long) r[0]));
    }
    for (int i = 0; i < 100; i++) {
      assertEquals(i, seen.get(i));
    }
    assertEquals(LiveQuery.State.RUNNING, q.state());
    q.close();
  }

  @Test
  void aQueryTooFarBehindFailsAndAppendsGoOn() throws Exception {
    Gate gate = new Gate();
    LiveQuery q = start(gate, 50);
    log.append(rows(0, 10));
    assertTrue(gate.entered.await(5, TimeUnit.SECONDS));
    log.append(rows(10, 40));
    log.append(rows(40, 70));
    assertEquals(LiveQuery.State.FAILED, q.state());
    log.append(rows(70, 80));
    assertEquals(80, log.retainedCount());
    assertEquals(0, log.subscriberCount(), "a failed query no longer reads the stream");
    gate.gate.countDown();
    SluiceException e = assertThrows(SluiceException.class, () -> {
      while (true) {
        q.poll(1_000, 5_000);
      }
    });
    assertEquals("58000", e.sqlState());
    assertTrue(e.getMessage().contains("behind"), e.getMessage());
  }
}
