package io.sluice.planner.incremental;

import io.sluice.runtime.operator.CalcOperator;
import io.sluice.planner.exec.ProcTime;
import io.sluice.runtime.driver.Operator;
import io.sluice.runtime.driver.ProcessingTimeOperator;
import io.sluice.runtime.expr.RowCalc;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.DataContext;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;

/**
 * Filter and projection, compiled once per plan; keeps each change's kind, so it runs on
 * changelogs as well as on appends. Event-time and window columns pass through when projected
 * unchanged; a column computed as {@code PROCTIME()} is processing time, whose watermark is the
 * wall clock.
 */
public final class CalcNode extends PhysicalNode {
  private final RexProgram program;
  private final Function<DataContext, RowCalc> compiled;
  private final int watermark;
  private final int processingTime;
  private final int windowStart;
  private final int windowEnd;

  public CalcNode(PhysicalNode input, RexProgram program,
      Function<DataContext, RowCalc> compiled) {
    super(List.of(input), program.getOutputRowType());
    this.program = program;
    this.compiled = compiled;
    this.processingTime = processingTime(program);
    this.watermark = processingTime >= 0 ? processingTime
        : passedThrough(program, input.watermarkColumn());
    this.windowStart = passedThrough(program, input.windowStartColumn());
    this.windowEnd = passedThrough(program, input.windowEndColumn());
  }

  /** The output column that is input column {@code column} unchanged, or -1. */
  static int passedThrough(RexProgram program, int column) {
    if (column < 0) {
      return -1;
    }
    List<RexLocalRef> projects = program.getProjectList();
    for (int i = 0; i < projects.size(); i++) {
      RexNode e = program.expandLocalRef(projects.get(i));
      if (e instanceof RexInputRef ref && ref.getIndex() == column) {
        return i;
      }
    }
    return -1;
  }

  /** The output column computed as {@code PROCTIME()}, or -1. */
  static int processingTime(RexProgram program) {
    List<RexLocalRef> projects = program.getProjectList();
    for (int i = 0; i < projects.size(); i++) {
      RexNode e = program.expandLocalRef(projects.get(i));
      if (e instanceof RexCall call
          && call.getOperator().getName().equalsIgnoreCase(ProcTime.NAME)) {
        return i;
      }
    }
    return -1;
  }

  public RexProgram program() {
    return program;
  }

  @Override
  public Emission emission() {
    return input().emission();
  }

  @Override
  public int watermarkColumn() {
    return watermark;
  }

  @Override
  public int windowStartColumn() {
    return windowStart;
  }

  @Override
  public int windowEndColumn() {
    return windowEnd;
  }

  @Override
  public String describe() {
    String filter = program.getCondition() == null ? ""
        : "filter=" + program.expandLocalRef(program.getCondition()) + ", ";
    return "Calc(" + filter + "project=" + program.getProjectList().stream()
        .map(program::expandLocalRef).toList()
        + (processingTime >= 0 ? ", processing time " + column(processingTime) : "") + ")";
  }

  @Override
  public Operator build(ExecutionContext context) {
    CalcOperator calc = new CalcOperator(compiled.apply(context.query()));
    return processingTime < 0 ? calc
        : new ProcessingTimeOperator(calc, System::currentTimeMillis);
  }
}
