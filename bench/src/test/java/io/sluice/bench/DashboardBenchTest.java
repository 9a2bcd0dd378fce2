package io.sluice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.calcite.avatica.remote.Driver;
import org.junit.jupiter.api.Test;

/** The dashboard benchmark runs end to end at a small size; its timings are not checked. */
class DashboardBenchTest {
  @Test
  void runsEndToEndWithoutErrors() throws Exception {
    DashboardBench.Options options = new DashboardBench.Options(2, 200, 1, 0, 20);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);

    DashboardBench.Result r = DashboardBench.measure(options, new Driver(), out);
    DashboardBench.print(options, r, out);

    // Counts only: how many polls and INSERTs fit in 1 s depends on the machine's load.
    assertEquals(0, r.pollErrors() + r.writeErrors(), r.firstError());
    assertTrue(r.polls() > 0, "no poll in the window");
    assertTrue(r.batches() > 0, "no INSERT in the window");
    assertTrue(text.toString(StandardCharsets.UTF_8).contains("dashboard: 2 pollers"));
  }
}
