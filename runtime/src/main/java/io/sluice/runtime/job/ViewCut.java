package io.sluice.runtime.job;

import io.sluice.runtime.state.GroupKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;

/**
 * Every materialized view's result as one epoch left it: what a statement reading views reads,
 * so that it sees them all at the same input positions. The results are read-only versions of
 * the maintainer's in-memory copies (copy-on-write maps), so a reader holding a cut reads it to
 * the end while later epochs go on, and holds nobody up.
 */
public record ViewCut(long epoch, Map<String, MVMap<GroupKey, Long>> results) {
  /** Before the first epoch: no view has rows. */
  public static final ViewCut EMPTY = new ViewCut(0, Map.of());

  /** The rows of view {@code name} in this cut (none if it did not exist yet). */
  public List<Object[]> rows(String name) {
    MVMap<GroupKey, Long> result = results.get(name);
    List<Object[]> out = new ArrayList<>();
    if (result != null) {
      for (Map.Entry<GroupKey, Long> e : result.entrySet()) {
        Object[] row = e.getKey().toArray();
        for (long c = e.getValue(); c > 0; c--) {
          out.add(row);
        }
      }
    }
    return out;
  }
}
