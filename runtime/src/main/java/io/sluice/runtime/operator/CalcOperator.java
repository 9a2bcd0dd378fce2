package io.sluice.runtime.operator;

import io.sluice.runtime.driver.Operator;
import io.sluice.runtime.driver.Output;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.expr.RowCalc;

/** Filters and projects each change with a compiled {@link RowCalc}; keeps the change's kind. */
public final class CalcOperator implements Operator {
  private final RowCalc calc;
  private Output output;
  private ChangeBatch out;

  public CalcOperator(RowCalc calc) {
    this.calc = calc;
  }

  @Override
  public void open(Output output) {
    this.output = output;
    this.out = new ChangeBatch(64);
  }

  @Override
  public void process(ChangeBatch batch) {
    out.clear();
    for (int i = 0, n = batch.size(); i < n; i++) {
      Object[] result = calc.apply(batch.row(i));
      if (result != null) {
        out.add(batch.kind(i), result);
      }
    }
    if (!out.isEmpty()) {
      output.emit(out);
    }
  }

  @Override
  public void onWatermark(long watermark) {
    output.emitWatermark(watermark);
  }
}
