package io.sluice.planner.incremental;

import io.sluice.planner.catalog.Catalog;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.java.JavaTypeFactory;

/** What rules may consult while planning one query; records which rules fired, in order. */
public final class PlanContext {
  private final Catalog catalog;
  private final JavaTypeFactory typeFactory;
  private final List<String> fired = new ArrayList<>();

  public PlanContext(Catalog catalog, JavaTypeFactory typeFactory) {
    this.catalog = catalog;
    this.typeFactory = typeFactory;
  }

  public Catalog catalog() {
    return catalog;
  }

  public JavaTypeFactory typeFactory() {
    return typeFactory;
  }

  void fired(String rule) {
    fired.add(rule);
  }

  public List<String> firedRules() {
    return List.copyOf(fired);
  }
}
