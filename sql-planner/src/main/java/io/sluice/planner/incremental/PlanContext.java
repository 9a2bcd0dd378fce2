package io.sluice.planner.incremental;

import io.sluice.planner.catalog.Catalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.adapter.java.JavaTypeFactory;

/** What rules may consult while planning one query; records which rules fired, in order. */
public final class PlanContext {
  private final Catalog catalog;
  private final JavaTypeFactory typeFactory;
  private final List<String> fired = new ArrayList<>();
  private final Map<String, PhysicalNode> implemented = new HashMap<>();
  private boolean earlyWindows;

  public PlanContext(Catalog catalog, JavaTypeFactory typeFactory) {
    this.catalog = catalog;
    this.typeFactory = typeFactory;
  }

  /**
   * Plans windowed GROUP BYs as aggregates updated with each row (a view's {@code 'emit' =
   * 'early'}) instead of one final row per window.
   */
  public PlanContext earlyWindows(boolean early) {
    this.earlyWindows = early;
    return this;
  }

  public boolean earlyWindows() {
    return earlyWindows;
  }

  public Catalog catalog() {
    return catalog;
  }

  public JavaTypeFactory typeFactory() {
    return typeFactory;
  }

  /** The node already made for a logical subtree with this digest, or null. */
  PhysicalNode implemented(String digest) {
    return implemented.get(digest);
  }

  void implemented(String digest, PhysicalNode node) {
    implemented.put(digest, node);
  }

  void fired(String rule) {
    fired.add(rule);
  }

  public List<String> firedRules() {
    return List.copyOf(fired);
  }
}
