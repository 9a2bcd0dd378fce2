package io.sluice.planner.incremental.checks;

import io.sluice.planner.incremental.LegalityCheck;
import io.sluice.planner.incremental.TopNPattern;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.schema.StreamableTable;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rex.RexOver;

/**
 * Operators no incremental rule implements yet, each rejected with what to run instead, before
 * any rule runs (so no half-built plan ever exists). Inner and outer joins are let through (a
 * table must be on the right of a stream), and ROW_NUMBER only in the top-N pattern.
 */
public final class RejectUnsupportedOperators implements LegalityCheck {
  @Override
  public void check(RelNode rel) {
    TopNPattern topN = TopNPattern.match(rel);
    if (topN != null) {
      check(topN.input());
      return;
    }
    String what = rel instanceof Join j && j.getJoinType() != JoinRelType.INNER
        && j.getJoinType() != JoinRelType.LEFT && j.getJoinType() != JoinRelType.RIGHT
        && j.getJoinType() != JoinRelType.FULL
            ? "a " + j.getJoinType().toString().toLowerCase(java.util.Locale.ROOT) + " join"
        : rel instanceof Join j && j.getLeft() instanceof TableScan s
            && s.getTable().unwrap(StreamableTable.class) == null
            ? "a join with a table on the left; put the stream first (stream JOIN table)"
        : rel instanceof Correlate ? "a correlated join"
        : rel instanceof SetOp ? "UNION, INTERSECT or EXCEPT"
        : rel instanceof Window || rel instanceof Calc c && RexOver.containsOver(c.getProgram())
            ? "a window function (OVER, such as ROW_NUMBER for top-N or deduplication)"
        : rel instanceof Values ? "VALUES" : null;
    if (what != null) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "Live queries cannot run " + what
          + " yet; run the query without STREAM for a batch answer over the retained rows");
    }
    for (RelNode input : rel.getInputs()) {
      check(input);
    }
  }
}
