package io.sluice.bench;

import io.sluice.planner.LivePlan;
import io.sluice.planner.Plan;
import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.change.ChangeKind;
import io.sluice.runtime.error.SluiceException;
import io.sluice.runtime.driver.Output;
import io.sluice.runtime.driver.Dataflow;
import io.sluice.runtime.driver.QueryMetrics;
import io.sluice.runtime.connector.nexmark.NexmarkConfig;
import io.sluice.runtime.connector.nexmark.NexmarkGenerator;
import io.sluice.runtime.state.HeapStateStore;
import io.sluice.server.engine.Engine;
import io.sluice.server.engine.EngineConfig;
import io.sluice.server.engine.Session;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The Nexmark harness: plans each query's SQL (bench/src/main/resources/nexmark) with the
 * engine, builds its operators, and pushes generated events through them on one thread into a
 * sink that counts and discards. Events are generated ahead of time (the engine alone) or in
 * the loop (generator included). The clock runs from the first batch to the end of the final
 * watermark, so windows that fire at the end of the input are counted, as other engines count
 * them. Reports events per second (all generated events, as Nexmark counts them) on one core,
 * per-batch latency percentiles, the final flush and its share, and state size.
 */
final class NexmarkBench {
  static final List<String> QUERIES = List.of("q0", "q1", "q2", "q3", "q4", "q5", "q7", "q8",
      "q9", "q11", "q12", "q14", "q15", "q16", "q17", "q18", "q19", "q20", "q21", "q22",
      "tumble", "hop");
  private static final int BATCH = 1024;
  /** Events generated ahead of the clock at a time. */
  private static final long CHUNK = 1 << 16;
  /** Bytes per key are measured for queries with at least this many state keys. */
  private static final long MEASURED_KEYS = 1000;

  private NexmarkBench() {}

  static void run(List<String> args) throws Exception {
    List<String> queries = QUERIES;
    long events = 10_000_000;
    String modes = "both";
    for (int i = 0; i + 1 < args.size(); i += 2) {
      switch (args.get(i)) {
        case "--query" -> queries = args.get(i + 1).equals("all") ? QUERIES
            : Arrays.asList(args.get(i + 1).split(","));
        case "--events" -> events = Long.parseLong(args.get(i + 1).replace("_", ""));
        case "--generator" -> modes = args.get(i + 1);
        default -> throw new IllegalArgumentException("unknown option " + args.get(i));
      }
    }
    System.out.printf(Locale.ROOT, "Sluice Nexmark, %,d events per run, one core, batches of"
        + " %d; events/s counts every generated event%n%n", events, BATCH);
    System.out.printf(Locale.ROOT, "%-7s %-9s %14s %10s %10s %10s %10s %7s %12s %10s %12s%n",
        "query", "generator", "events/s", "p50 us", "p99 us", "max us", "flush ms", "flush",
        "state keys", "B/key", "rows out");
    try (Engine engine = Engine.open(EngineConfig.inMemory())) {
      Session session = engine.newSession();
      for (String statement : resource("ddl").split(";")) {
        if (!statement.isBlank()) {
          session.execute(statement);
        }
      }
      for (String q : queries) {
        LivePlan plan;
        try {
          Plan p = session.prepare(resource(q)).plan();
          plan = (LivePlan) p;
        } catch (SluiceException e) {
          System.out.printf(Locale.ROOT, "%-7s not run: %s%n", q, e.getMessage());
          continue;
        }
        if (!modes.equals("loop")) {
          measure(q, plan, events, true);
        }
        if (!modes.equals("ahead")) {
          measure(q, plan, events, false);
        }
      }
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = NexmarkBench.class.getResourceAsStream("/nexmark/" + name + ".sql")) {
      if (in == null) {
        throw new IllegalArgumentException("no query " + name + "; known: " + QUERIES);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + b + "\n").strip();
    }
  }

  private static int kind(String stream) {
    return switch (stream) {
      case "PERSON" -> NexmarkGenerator.PERSON;
      case "AUCTION" -> NexmarkGenerator.AUCTION;
      default -> NexmarkGenerator.BID;
    };
  }

  /** Counts and discards what the query emits. */
  private static final class CountingSink implements Output {
    long rows;

    @Override
    public void emit(ChangeBatch batch) {
      rows += batch.size();
    }

    @Override
    public void emitWatermark(long watermark) {}
  }

  /** A batch for one dataflow input. */
  private record Fed(int input, ChangeBatch batch) {}

  /**
   * Batches events {@code from} (inclusive) to {@code to} for the dataflow inputs reading stream
   * kinds {@code kinds}, in event order; each input's batch is handed on when full.
   */
  private static final class Batcher {
    private final int[] kinds;
    private final ChangeBatch[] open;

    Batcher(int[] kinds) {
      this.kinds = kinds;
      this.open = new ChangeBatch[kinds.length];
      for (int i = 0; i < kinds.length; i++) {
        open[i] = new ChangeBatch(BATCH);
      }
    }

    /** Adds event {@code n}; returns the inputs whose batch filled, via {@code full}. */
    void add(NexmarkGenerator g, long n, java.util.function.Consumer<Fed> full) {
      int kind = g.kind(n);
      Object[] row = null;
      for (int i = 0; i < kinds.length; i++) {
        if (kinds[i] == kind) {
          if (row == null) {
            row = g.event(n);
          }
          open[i].add(ChangeKind.INSERT, row);
          if (open[i].size() == BATCH) {
            full.accept(new Fed(i, open[i]));
            open[i] = new ChangeBatch(BATCH);
          }
        }
      }
    }

    void flush(java.util.function.Consumer<Fed> full) {
      for (int i = 0; i < kinds.length; i++) {
        if (!open[i].isEmpty()) {
          full.accept(new Fed(i, open[i]));
          open[i] = new ChangeBatch(BATCH);
        }
      }
    }
  }

  /**
   * The full batches that events {@code from} (inclusive) to {@code to} complete, generated
   * ahead of the clock; the last ones, when {@code to} ends the input. The batcher carries
   * partly filled batches over, so every input sees the same batches as in the loop. The
   * harness generates the input a chunk at a time, so the heap holds the query's state and one
   * chunk, never the whole input.
   */
  private static List<Fed> generate(NexmarkGenerator generator, Batcher b, long from, long to,
      boolean last) {
    List<Fed> batches = new ArrayList<>();
    for (long n = from; n < to; n++) {
      b.add(generator, n, batches::add);
    }
    if (last) {
      b.flush(batches::add);
    }
    return batches;
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  /**
   * One measured run: its timed seconds (input and the final flush), of which the flush (the
   * end-of-input watermark firing what is still open), rows out, batch latency percentiles
   * (ns), state keys at the end of input and bytes per key.
   */
  private record Result(double seconds, double flushSeconds, long rows, long p50, long p99,
      long max, long stateKeys, long bytesPerKey) {
    Result withBytesPerKey(long b) {
      return new Result(seconds, flushSeconds, rows, p50, p99, max, stateKeys, b);
    }
  }

  private static void measure(String name, LivePlan plan, long events, boolean ahead) {
    NexmarkGenerator generator = new NexmarkGenerator(NexmarkConfig.of(events));
    int[] kinds = plan.sources().stream().mapToInt(src -> kind(src.name())).toArray();
    // Warm up the JIT on a tenth of the events, with its own operators.
    run(plan, generator, kinds, Math.min(events / 10, 1_000_000), ahead, false);
    Result r = run(plan, generator, kinds, events, ahead, false);
    if (r.stateKeys() >= MEASURED_KEYS) {
      // State memory comes from a run of its own: the full collections that reading the heap
      // takes would otherwise shrink the heap just before the timed flush.
      r = r.withBytesPerKey(run(plan, generator, kinds, events, ahead, true).bytesPerKey());
    }
    System.out.printf(Locale.ROOT,
        "%-7s %-9s %,14.0f %10.1f %10.1f %10.1f %,10.0f %6.1f%% %,12d %10s %,12d%n",
        name, ahead ? "ahead" : "in loop", events / r.seconds(), r.p50() / 1e3, r.p99() / 1e3,
        r.max() / 1e3, r.flushSeconds() * 1e3, 100 * r.flushSeconds() / r.seconds(),
        r.stateKeys(), r.stateKeys() < MEASURED_KEYS ? "-" : Long.toString(r.bytesPerKey()), r.rows());
  }

  /**
   * Runs the query over {@code events} events, timing everything from the first batch to the
   * end of the final watermark; {@code heap} also measures state memory. Ahead of time, events
   * are generated {@link #CHUNK} at a time with the clock stopped.
   */
  private static Result run(LivePlan plan, NexmarkGenerator generator, int[] kinds, long events,
      boolean ahead, boolean heap) {
    long heapBefore = heap ? usedHeap() : 0;
    QueryMetrics metrics = new QueryMetrics();
    HeapStateStore state = new HeapStateStore(false);
    CountingSink sink = new CountingSink();
    Dataflow dataflow = plan.dataflow(List.of(), state, metrics, sink);
    long[] latencies = new long[(int) (events / BATCH + 2) * kinds.length];
    int[] measured = new int[1];
    long timed = 0;
    if (ahead) {
      Batcher b = new Batcher(kinds);
      for (long from = 0; from < events; from += CHUNK) {
        long to = Math.min(events, from + CHUNK);
        List<Fed> batches = generate(generator, b, from, to, to == events);
        long start = System.nanoTime();
        for (Fed f : batches) {
          long t = System.nanoTime();
          dataflow.input(f.input()).emit(f.batch());
          latencies[measured[0]++] = System.nanoTime() - t;
        }
        timed += System.nanoTime() - start;
      }
    } else {
      long start = System.nanoTime();
      Batcher b = new Batcher(kinds);
      long[] t = {start};
      java.util.function.Consumer<Fed> feed = f -> {
        dataflow.input(f.input()).emit(f.batch());
        long now = System.nanoTime();
        latencies[measured[0]++] = now - t[0];
        t[0] = now;
      };
      for (long n = 0; n < events; n++) {
        b.add(generator, n, feed);
      }
      b.flush(feed);
      timed = System.nanoTime() - start;
    }
    long keys = state.entries();
    // Heap after the input, before the flush evicts state; no generated chunk is reachable.
    long bytesPerKey = heap && keys > 0 ? Math.max(0, usedHeap() - heapBefore) / keys : 0;
    long flushStart = System.nanoTime();
    for (int i = 0; i < kinds.length; i++) {
      dataflow.input(i).emitWatermark(Long.MAX_VALUE);
    }
    long flush = System.nanoTime() - flushStart;
    dataflow.close();
    long[] l = Arrays.copyOf(latencies, Math.max(1, measured[0]));
    Arrays.sort(l);
    return new Result((timed + flush) / 1e9, flush / 1e9, sink.rows, l[l.length / 2],
        l[Math.min(l.length - 1, (int) (l.length * 0.99))], l[l.length - 1], keys, bytesPerKey);
  }
}
