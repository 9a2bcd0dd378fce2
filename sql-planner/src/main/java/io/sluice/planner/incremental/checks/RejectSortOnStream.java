package io.sluice.planner.incremental.checks;

import io.sluice.planner.incremental.LegalityCheck;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Sort;

/** A live query cannot sort (or LIMIT) an unbounded input: no row would ever be known first. */
public final class RejectSortOnStream implements LegalityCheck {
  @Override
  public void check(RelNode rel) {
    if (rel instanceof Sort) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "Sorting a stream is not supported:"
          + " ORDER BY and LIMIT need a bounded input. Run the query without STREAM to sort"
          + " what the stream retains, limit a live result with setMaxRows (!set rowLimit in"
          + " the shell), or aggregate per TUMBLE window and sort the batch result");
    }
    for (RelNode input : rel.getInputs()) {
      check(input);
    }
  }
}
