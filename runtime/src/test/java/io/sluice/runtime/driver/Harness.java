package io.sluice.runtime.driver;

import io.sluice.runtime.change.ChangeBatch;
import io.sluice.runtime.change.ChangeKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Drives one operator and records what it emits, as text: "+I [a, 1]" and "WM 10". */
final class Harness implements Output {
  final List<String> out = new ArrayList<>();
  private final Operator operator;

  Harness(Operator operator) {
    this.operator = operator;
    operator.open(this);
  }

  @Override
  public void emit(ChangeBatch batch) {
    for (int i = 0; i < batch.size(); i++) {
      out.add(batch.kind(i).code() + " " + Arrays.toString(batch.row(i)));
    }
  }

  @Override
  public void emitWatermark(long watermark) {
    out.add("WM " + watermark);
  }

  Harness insert(Object[]... rows) {
    return send(ChangeKind.INSERT, rows);
  }

  Harness send(ChangeKind kind, Object[]... rows) {
    ChangeBatch b = new ChangeBatch(rows.length);
    for (Object[] r : rows) {
      b.add(kind, r);
    }
    operator.process(b);
    return this;
  }

  Harness watermark(long wm) {
    operator.onWatermark(wm);
    return this;
  }

  /** What was emitted since the last call. */
  List<String> take() {
    List<String> taken = new ArrayList<>(out);
    out.clear();
    return taken;
  }
}
