package io.sluice.server.engine;

import io.sluice.planner.LivePlan;
import io.sluice.planner.catalog.CatalogObject;
import io.sluice.planner.catalog.StreamDef;
import io.sluice.planner.catalog.ViewDef;
import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import io.sluice.runtime.driver.LiveQuery;
import io.sluice.runtime.driver.Output;
import io.sluice.runtime.driver.QueryMetrics;
import io.sluice.runtime.state.HeapStateStore;
import io.sluice.runtime.state.StateStore;
import io.sluice.runtime.driver.ResultBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of running queries: starts them, lists them, stops them, and stops those whose
 * client has gone away (no fetch for the idle timeout). Its delivery threads (as many as cores)
 * run every live query's processing of inserted rows, so INSERTs never do it themselves.
 */
public final class QueryManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QueryManager.class);

  private final ConcurrentMap<String, LiveQuery> queries = new ConcurrentHashMap<>();
  /** The streams and tables each running query reads, by query id. */
  private final ConcurrentMap<String, Set<String>> reads = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Duration idleTimeout;
  private final int bufferRows;
  private final ScheduledExecutorService reaper;
  private final ExecutorService delivery;

  QueryManager(Duration idleTimeout, int bufferRows) {
    this.idleTimeout = idleTimeout;
    this.bufferRows = bufferRows;
    this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sluice-query-reaper");
      t.setDaemon(true);
      return t;
    });
    AtomicInteger threads = new AtomicInteger();
    this.delivery = Executors.newFixedThreadPool(
        Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
          Thread t = new Thread(r, "sluice-live-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    long period = Math.max(50, Math.min(5_000, idleTimeout.toMillis() / 4));
    reaper.scheduleWithFixedDelay(this::reap, period, period, TimeUnit.MILLISECONDS);
    // Joins learn that an input went idle only from the clock: tick them.
    reaper.scheduleWithFixedDelay(
        () -> queries.values().forEach(LiveQuery::tick), 100, 100, TimeUnit.MILLISECONDS);
  }

  /** Starts a live query reading rows appended from now on. */
  public LiveQuery start(LivePlan plan, List<Object> parameters, long maxRows, String sql) {
    String id = "q" + ids.incrementAndGet();
    ResultBuffer buffer = new ResultBuffer(maxRows, bufferRows, plan.changelog());
    QueryMetrics metrics = new QueryMetrics(id);
    StateStore state = new HeapStateStore(false);
    Output sink = new Output() {
      @Override
      public void emit(ChangeBatch batch) {
        buffer.emit(batch);
      }

      @Override
      public void emitWatermark(long watermark) {
        metrics.watermark(watermark); // the query's watermark is its result's
        buffer.emitWatermark(watermark);
      }
    };
    LiveQuery query = new LiveQuery(id, sql, plan.dataflow(parameters, state, metrics, sink),
        buffer, metrics, state);
    queries.put(id, query);
    reads.put(id, plan.reads());
    List<LiveQuery.Source> sources = new ArrayList<>();
    for (CatalogObject source : plan.sources()) {
      if (source instanceof ViewDef view) {
        sources.add(new LiveQuery.FeedSource(view.result()));
      } else {
        StreamDef stream = (StreamDef) source;
        sources.add(stream.generator() != null
            ? new LiveQuery.ProducedSource(stream.generator()::run)
            : new LiveQuery.LogSource(stream.log()));
      }
    }
    if (sources.stream().allMatch(LiveQuery.ProducedSource.class::isInstance)) {
      buffer.blockWhenFull();
    }
    query.start(sources, delivery);
    return query;
  }

  public Optional<LiveQuery> find(String id) {
    return Optional.ofNullable(queries.get(id));
  }

  /** Running queries, oldest first. */
  public List<LiveQuery> list() {
    List<LiveQuery> all = new ArrayList<>(queries.values());
    all.sort(Comparator.comparingLong(LiveQuery::startedAtMillis)
        .thenComparing(q -> Long.parseLong(q.id().substring(1))));
    return all;
  }

  /**
   * Ends every live query that reads {@code name}, a stream or table being dropped, with an
   * error saying so (42S02): its client gets the rows so far, then the error.
   */
  void endReadersOf(String name, String kind) {
    for (Map.Entry<String, Set<String>> e : reads.entrySet()) {
      LiveQuery q = queries.get(e.getKey());
      if (q != null && e.getValue().contains(name)) {
        q.stop(new SluiceException(ErrorCode.OBJECT_NOT_FOUND, "the " + kind + " " + name
            + " it reads was dropped; create it again and start the query anew"));
        queries.remove(e.getKey());
        reads.remove(e.getKey());
      }
    }
  }

  /** Stops the query; returns false if no query has that id. */
  public boolean stop(String id) {
    LiveQuery q = queries.remove(id);
    reads.remove(id);
    if (q == null) {
      return false;
    }
    q.cancel();
    return true;
  }

  void reap() {
    long now = System.nanoTime();
    for (LiveQuery q : queries.values()) {
      if (q.state() != LiveQuery.State.RUNNING) {
        queries.remove(q.id(), q);
      } else if (now - q.lastAccessNanos() > idleTimeout.toNanos()) {
        LOG.info("Stopping live query {}: no fetch for {} ms", q.id(), idleTimeout.toMillis());
        stop(q.id());
      }
    }
    reads.keySet().retainAll(queries.keySet());
  }

  @Override
  public void close() {
    reaper.shutdownNow();
    for (String id : new ArrayList<>(queries.keySet())) {
      stop(id);
    }
    delivery.shutdownNow();
  }
}
