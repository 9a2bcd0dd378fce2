package io.sluice.planner.incremental;

import io.sluice.runtime.driver.Operator;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A node of the incremental plan: what runs, its emission mode, which output column carries
 * event time in step with the watermark (-1: none), which columns hold a window's start and end
 * (-1: none), and what state it keeps. Nodes are immutable; {@link #build} makes a fresh
 * operator for each execution.
 */
public abstract class PhysicalNode {
  private final List<PhysicalNode> inputs;
  private final RelDataType rowType;

  protected PhysicalNode(List<PhysicalNode> inputs, RelDataType rowType) {
    this.inputs = List.copyOf(inputs);
    this.rowType = rowType;
  }

  public final List<PhysicalNode> inputs() {
    return inputs;
  }

  public final PhysicalNode input() {
    return inputs.get(0);
  }

  public final RelDataType rowType() {
    return rowType;
  }

  public abstract Emission emission();

  public int watermarkColumn() {
    return -1;
  }

  public int windowStartColumn() {
    return -1;
  }

  public int windowEndColumn() {
    return -1;
  }

  /** How long the node's sources may send nothing before joins stop waiting (0: forever). */
  public long idleTimeoutMillis() {
    long t = 0;
    for (PhysicalNode input : inputs) {
      t = Math.max(t, input.idleTimeoutMillis());
    }
    return t;
  }

  /** The operator's name and arguments, for EXPLAIN. */
  public abstract String describe();

  /** The state kept and when it is evicted, for EXPLAIN; "none" for stateless nodes. */
  public String state() {
    return "none";
  }

  /** A fresh operator for one execution, or null if the node needs none. */
  public abstract Operator build(ExecutionContext context);

  protected final String column(int index) {
    return index < 0 ? "none" : rowType.getFieldList().get(index).getName();
  }
}
