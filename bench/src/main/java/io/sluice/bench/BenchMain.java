package io.sluice.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code bin/sluice bench <name> [options]}: runs a benchmark harness and prints its figures. */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    String home = ".";
    int h = rest.indexOf("--home");
    if (h >= 0) {
      home = rest.get(h + 1);
      rest.remove(h + 1);
      rest.remove(h);
    }
    if (rest.isEmpty()) {
      System.err.println("usage: sluice bench latency [--rows N] [--interval-ms M]"
          + " [--throughput-rows K] [--driver sluice|stock|both]\n"
          + "       sluice bench nexmark [--query q0,q1,...|all] [--events N]"
          + " [--generator ahead|loop|both]\n"
          + "       sluice bench ingest [--live 0,1,10,50] [--rows N] [--batch N]"
          + " [--select-every K]\n"
          + "       sluice bench dashboard [--pollers N] [--rate ROWS_PER_S] [--seconds S]"
          + " [--warmup S] [--items K]\n"
          + "       sluice bench restart [--rows N]");
      System.exit(2);
    }
    String name = rest.remove(0);
    switch (name) {
      case "latency" -> LiveLatencyBench.run(home, rest);
      case "nexmark" -> NexmarkBench.run(rest);
      case "ingest" -> IngestBench.run(home, rest);
      case "dashboard" -> DashboardBench.run(home, rest);
      case "restart" -> RestartBench.run(rest);
      default -> {
        System.err.println("sluice bench: unknown benchmark '" + name + "'; known: latency,"
            + " nexmark, ingest, dashboard, restart");
        System.exit(2);
      }
    }
  }
}
