package io.sluice.planner.calcite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.calcite.linq4j.function.Functions;
import org.junit.jupiter.api.Test;

/** The fast comparators order exactly as Calcite's own. */
class FastComparatorsTest {
  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void ordersAsCalcitesNullsComparatorDoes() {
    // (No NaN: Calcite's comparator throws on it, converting it to BigDecimal; ours orders it
    // as Double.compare does.)
    List<Object> values = Arrays.asList(3.5, null, -1.0, 2.0, 0.0, null, 10.25);
    List<List<Object>> samples = List.of(values,
        Arrays.asList(5L, null, -7L, 3, 2L, (short) 1),
        Arrays.asList("b", null, "a", "c"),
        Arrays.asList(new BigDecimal("1.50"), 2L, null, 1.25, new BigDecimal("-3")));
    for (boolean nullsFirst : new boolean[] {true, false}) {
      for (boolean reverse : new boolean[] {true, false}) {
        Comparator fast = FastComparators.nullsComparator(nullsFirst, reverse);
        Comparator calcite = Functions.nullsComparator(nullsFirst, reverse);
        for (List<Object> sample : samples) {
          List<Object> a = new ArrayList<>(sample);
          List<Object> b = new ArrayList<>(sample);
          a.sort(fast);
          b.sort(calcite);
          assertEquals(b, a, "nullsFirst=" + nullsFirst + " reverse=" + reverse);
        }
      }
    }
  }
}
