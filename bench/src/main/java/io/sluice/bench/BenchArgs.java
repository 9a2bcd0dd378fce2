package io.sluice.bench;

import java.util.List;

/** The {@code --name value} options of a benchmark command. */
final class BenchArgs {
  private BenchArgs() {}

  static int intArg(List<String> args, String name, int dflt) {
    String v = stringArg(args, name, null);
    return v == null ? dflt : Integer.parseInt(v);
  }

  static String stringArg(List<String> args, String name, String dflt) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : dflt;
  }
}
