package io.sluice.planner.incremental;

import io.sluice.runtime.driver.CompleteResultOperator;
import io.sluice.runtime.driver.Dataflow;
import io.sluice.runtime.driver.Operator;
import io.sluice.runtime.driver.Output;
import io.sluice.runtime.driver.Broadcast;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The result of the incremental program: the plan, its emission mode, and the rules fired. The
 * plan is a DAG: a node the program reused (the same subquery twice) is one node with several
 * parents, built and run once, its output broadcast to each.
 */
public record IncrementalPlan(PhysicalNode root, Emission emission, List<String> firedRules) {
  /**
   * Fresh operators for one execution, wired to end in {@code sink}; input i of the dataflow is
   * source i of {@link #sources}. Each node keeps its state under a scope of its own.
   */
  public Dataflow build(ExecutionContext context, Output sink) {
    Dataflow.Builder b = new Dataflow.Builder();
    Output result = sink;
    if (emission == Emission.COMPLETE) {
      ExecutionContext scoped = context.scoped("complete");
      b.stage("CompleteResult", scoped.state()::entries);
      result = b.operator(new CompleteResultOperator(scoped.state()), sink);
    }
    wire(root, context, result, b, new Wiring(shared(root)));
    return b.build();
  }

  /** What wiring one dataflow tracks: node ids for state scopes, and the reused nodes' outputs. */
  private static final class Wiring {
    final Set<PhysicalNode> shared;
    final Map<PhysicalNode, Broadcast> outputs = new IdentityHashMap<>();
    int ids;

    Wiring(Set<PhysicalNode> shared) {
      this.shared = shared;
    }
  }

  /** The nodes with more than one parent. */
  private static Set<PhysicalNode> shared(PhysicalNode root) {
    Set<PhysicalNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<PhysicalNode> shared = Collections.newSetFromMap(new IdentityHashMap<>());
    List<PhysicalNode> pending = new ArrayList<>(List.of(root));
    while (!pending.isEmpty()) {
      PhysicalNode n = pending.remove(pending.size() - 1);
      if (seen.add(n)) {
        pending.addAll(n.inputs());
      } else {
        shared.add(n);
      }
    }
    return shared;
  }

  private static void wire(PhysicalNode node, ExecutionContext context, Output downstream,
      Dataflow.Builder b, Wiring w) {
    if (w.shared.contains(node)) {
      Broadcast wired = w.outputs.get(node);
      if (wired != null) {
        wired.add(downstream);
        return;
      }
      Broadcast broadcast = new Broadcast(downstream);
      w.outputs.put(node, broadcast);
      downstream = broadcast;
    }
    ExecutionContext scoped = context.scoped("n" + w.ids++);
    b.stage(node.describe(), scoped.state()::entries);
    if (node instanceof JoinNode join) {
      List<Output> sides = b.twoInput(join.buildJoin(scoped), downstream);
      wire(node.inputs().get(0), context, sides.get(0), b, w);
      wire(node.inputs().get(1), context, sides.get(1), b, w);
      return;
    }
    Operator op = node.build(scoped);
    Output in = op == null ? downstream : b.operator(op, downstream);
    if (node.inputs().isEmpty()) {
      b.source(in);
    } else {
      wire(node.input(), context, in, b, w);
    }
  }

  /**
   * The plan's sources, left to right: dataflow input i reads {@code sources().get(i)}, a
   * {@link StreamScanNode} or a {@link ViewScanNode}.
   */
  public List<PhysicalNode> sources() {
    List<PhysicalNode> sources = new ArrayList<>();
    collectSources(root, sources, Collections.newSetFromMap(new IdentityHashMap<>()));
    return sources;
  }

  /** The names of the streams and tables the plan reads (a table, by lookups). */
  public Set<String> reads() {
    Set<String> names = new java.util.TreeSet<>();
    collectReads(root, names);
    return names;
  }

  private static void collectReads(PhysicalNode node, Set<String> names) {
    if (node instanceof StreamScanNode scan) {
      names.add(scan.stream().name());
    } else if (node instanceof ViewScanNode scan) {
      names.add(scan.view().name());
    } else if (node instanceof StreamTableJoinNode lookup) {
      names.add(lookup.table().name());
    }
    for (PhysicalNode input : node.inputs()) {
      collectReads(input, names);
    }
  }

  /** In the order {@link #wire} registers sources: depth first, each node once. */
  private static void collectSources(PhysicalNode node, List<PhysicalNode> sources,
      Set<PhysicalNode> seen) {
    if (!seen.add(node)) {
      return;
    }
    if (node instanceof StreamScanNode || node instanceof ViewScanNode) {
      sources.add(node);
    }
    for (PhysicalNode input : node.inputs()) {
      collectSources(input, sources, seen);
    }
  }

  /** The plan as an indented tree, one node a line, with mode, watermark and state. */
  public String explain() {
    StringBuilder b = new StringBuilder();
    explain(root, 1, b, Collections.newSetFromMap(new IdentityHashMap<>()));
    b.append("Emission: ").append(emission.setting())
        .append(emission == Emission.COMPLETE ? " (the whole result, numbered, after each change;"
            + " state: the result)" : "").append('\n');
    b.append("Rules fired: ").append(String.join(", ", firedRules)).append('\n');
    return b.toString();
  }

  private static void explain(PhysicalNode n, int depth, StringBuilder b,
      Set<PhysicalNode> seen) {
    if (!seen.add(n)) {
      b.append("  ".repeat(depth)).append("Reused(").append(n.describe())
          .append(")  [computed once, above]\n");
      return;
    }
    b.append("  ".repeat(depth)).append(n.describe())
        .append("  [emission=").append(n.emission().setting())
        .append(", watermark=").append(n.watermarkColumn() < 0 ? "none"
            : n.rowType().getFieldList().get(n.watermarkColumn()).getName())
        .append(", state=").append(n.state()).append("]\n");
    for (PhysicalNode input : n.inputs()) {
      explain(input, depth + 1, b, seen);
    }
  }
}
