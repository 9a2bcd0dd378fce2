package io.sluice.planner.incremental;

import java.util.ArrayList;
import java.util.List;

/** The result of the incremental program: the plan, its emission mode, and the rules fired. */
public record IncrementalPlan(PhysicalNode root, Emission emission, List<String> firedRules) {
  /** The operators of a linear plan, source first, for one execution. */
  public List<io.sluice.runtime.exec.Operator> build(ExecutionContext context) {
    List<io.sluice.runtime.exec.Operator> ops = new ArrayList<>();
    collect(root, context, ops);
    return ops;
  }

  private static void collect(PhysicalNode node, ExecutionContext context,
      List<io.sluice.runtime.exec.Operator> ops) {
    if (node.inputs().size() > 1) {
      throw new IllegalStateException("a plan with several inputs needs a DAG driver");
    }
    for (PhysicalNode input : node.inputs()) {
      collect(input, context, ops);
    }
    io.sluice.runtime.exec.Operator op = node.build(context);
    if (op != null) {
      ops.add(op);
    }
  }

  /** The source of a linear plan. */
  public StreamScanNode source() {
    PhysicalNode n = root;
    while (!n.inputs().isEmpty()) {
      n = n.input();
    }
    return (StreamScanNode) n;
  }

  /** The plan as an indented tree, one node a line, with mode, watermark and state. */
  public String explain() {
    StringBuilder b = new StringBuilder();
    explain(root, 1, b);
    b.append("Emission: ").append(emission.setting()).append('\n');
    b.append("Rules fired: ").append(String.join(", ", firedRules)).append('\n');
    return b.toString();
  }

  private static void explain(PhysicalNode n, int depth, StringBuilder b) {
    b.append("  ".repeat(depth)).append(n.describe())
        .append("  [emission=").append(n.emission().setting())
        .append(", watermark=").append(n.watermarkColumn() < 0 ? "none"
            : n.rowType().getFieldList().get(n.watermarkColumn()).getName())
        .append(", state=").append(n.state()).append("]\n");
    for (PhysicalNode input : n.inputs()) {
      explain(input, depth + 1, b);
    }
  }
}
