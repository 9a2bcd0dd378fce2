package io.sluice.bench;

import io.sluice.planner.LivePlan;
import io.sluice.planner.Plan;
import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.change.ChangeKind;
import io.sluice.runtime.error.SluiceException;
import io.sluice.runtime.exec.Output;
import io.sluice.runtime.exec.Pipeline;
import io.sluice.runtime.exec.QueryMetrics;
import io.sluice.runtime.nexmark.NexmarkConfig;
import io.sluice.runtime.nexmark.NexmarkGenerator;
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
 * the loop (generator included). Reports events per second (all generated events, as Nexmark
 * counts them) on one core, per-batch latency percentiles, and state size.
 */
final class NexmarkBench {
  static final List<String> QUERIES = List.of("q0", "q1", "q2", "q3", "q4", "q5", "q7", "q8",
      "q9", "q11", "q12", "q14", "q15", "q16", "q17", "q18", "q19", "q20", "q21", "q22",
      "tumble", "hop");
  private static final int BATCH = 1024;

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
    System.out.printf(Locale.ROOT, "%-7s %-9s %14s %10s %10s %10s %12s %10s %12s%n", "query",
        "generator", "events/s", "p50 us", "p99 us", "max us", "state keys", "B/key",
        "rows out");
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

  private static List<ChangeBatch> generate(NexmarkGenerator generator, int kind, long from,
      long to) {
    List<ChangeBatch> batches = new ArrayList<>();
    ChangeBatch b = new ChangeBatch(BATCH);
    for (long n = from; n < to; n++) {
      if (generator.kind(n) == kind) {
        b.add(ChangeKind.INSERT, generator.event(n));
        if (b.size() == BATCH) {
          batches.add(b);
          b = new ChangeBatch(BATCH);
        }
      }
    }
    if (!b.isEmpty()) {
      batches.add(b);
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

  /** One measured run: rows out, batch latency percentiles (ns), state keys and bytes per key. */
  private record Result(double seconds, long rows, long p50, long p99, long max, long stateKeys,
      long bytesPerKey) {}

  private static void measure(String name, LivePlan plan, long events, boolean ahead) {
    NexmarkGenerator generator = new NexmarkGenerator(NexmarkConfig.of(events));
    int kind = kind(plan.source().name());
    // Warm up the JIT on a tenth of the events, with its own operators.
    run(plan, generator, kind, Math.min(events / 10, 1_000_000), ahead, false);
    Result r = run(plan, generator, kind, events, ahead, true);
    System.out.printf(Locale.ROOT, "%-7s %-9s %,14.0f %10.1f %10.1f %10.1f %,12d %10s %,12d%n",
        name, ahead ? "ahead" : "in loop", events / r.seconds(), r.p50() / 1e3, r.p99() / 1e3,
        r.max() / 1e3, r.stateKeys(), r.stateKeys() == 0 ? "-" : Long.toString(r.bytesPerKey()),
        r.rows());
  }

  /** Runs the query over {@code events} events; {@code heap} also measures state memory. */
  private static Result run(LivePlan plan, NexmarkGenerator generator, int kind, long events,
      boolean ahead, boolean heap) {
    List<ChangeBatch> batches = ahead ? generate(generator, kind, 0, events) : List.of();
    long heapBefore = heap ? usedHeap() : 0;
    QueryMetrics metrics = new QueryMetrics();
    HeapStateStore state = new HeapStateStore(false);
    CountingSink sink = new CountingSink();
    Pipeline pipeline = new Pipeline(plan.operators(List.of(), state, metrics), sink);
    long[] latencies = new long[(int) (events / BATCH + 2)];
    int measured = 0;
    long start = System.nanoTime();
    if (ahead) {
      for (ChangeBatch b : batches) {
        long t = System.nanoTime();
        pipeline.emit(b);
        latencies[measured++] = System.nanoTime() - t;
      }
    } else {
      ChangeBatch b = new ChangeBatch(BATCH);
      long t = System.nanoTime();
      for (long n = 0; n < events; n++) {
        if (generator.kind(n) == kind) {
          b.add(ChangeKind.INSERT, generator.event(n));
          if (b.size() == BATCH) {
            pipeline.emit(b);
            b.clear();
            long now = System.nanoTime();
            latencies[measured++] = now - t;
            t = now;
          }
        }
      }
      if (!b.isEmpty()) {
        pipeline.emit(b);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long keys = state.entries();
    // The generated events stay reachable through both heap readings, so they cancel out.
    long bytesPerKey = heap && keys > 0 && !batches.contains(null)
        ? Math.max(0, usedHeap() - heapBefore) / keys : 0;
    pipeline.emitWatermark(Long.MAX_VALUE);
    pipeline.close();
    long[] l = Arrays.copyOf(latencies, Math.max(1, measured));
    Arrays.sort(l);
    return new Result(seconds, sink.rows, l[l.length / 2],
        l[Math.min(l.length - 1, (int) (l.length * 0.99))], l[l.length - 1], keys, bytesPerKey);
  }
}
