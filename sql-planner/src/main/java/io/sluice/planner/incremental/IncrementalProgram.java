package io.sluice.planner.incremental;

import io.sluice.planner.incremental.checks.RejectSortOnStream;
import io.sluice.planner.incremental.checks.RejectUnsupportedOperators;
import io.sluice.planner.incremental.rules.FuseWindowAggregate;
import io.sluice.planner.incremental.rules.ImplementCalc;
import io.sluice.planner.incremental.rules.ImplementGroupAggregate;
import io.sluice.planner.incremental.rules.ImplementStreamScan;
import io.sluice.planner.incremental.rules.ImplementIntervalJoin;
import io.sluice.planner.incremental.rules.ImplementRetractTopN;
import io.sluice.planner.incremental.rules.ImplementStreamJoin;
import io.sluice.planner.incremental.rules.ImplementStreamTableJoin;
import io.sluice.planner.incremental.rules.ImplementTopN;
import io.sluice.planner.incremental.rules.ImplementWindowAggregate;
import io.sluice.planner.incremental.rules.ImplementWindowJoin;
import io.sluice.planner.incremental.rules.ImplementWindowTableFunction;
import io.sluice.runtime.error.ErrorCode;
import io.sluice.runtime.error.SluiceException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.stream.LogicalDelta;
import org.apache.calcite.sql.SqlExplainLevel;

/**
 * The one place that says which phases turn a streaming query's logical plan into an
 * incremental plan, and in which order:
 *
 * <ol>
 *   <li><b>Normalize</b> (fixed point): drop Calcite's Delta markers; move filters relating a
 *       join's sides into its condition; project a join's inputs to the columns used; merge
 *       filters and projections into Calcs (Calcite's rules).
 *   <li><b>Check streaming legality</b> (once): {@link #CHECKS}; may reject, never rewrites.
 *   <li><b>Incrementalize</b> (once, bottom-up): the first of {@link #RULES} that matches a
 *       node implements it; a subtree seen before reuses its node.
 *   <li><b>Choose emission</b> (once): the plan's own mode, or the one the session asked for
 *       if the plan can give it.
 * </ol>
 */
public final class IncrementalProgram {
  /** Conditions above a join that relate its sides belong in its ON clause: the join's keys and
   * time bounds come from there. */
  static final List<RelOptRule> PUSH_INTO_JOINS = List.of(
      CoreRules.FILTER_INTO_JOIN,
      CoreRules.JOIN_CONDITION_PUSH);

  /** Join inputs narrowed to the columns used (see {@link NarrowJoinInputs}). */
  static final List<RelOptRule> NARROW_JOIN_INPUTS = List.of(
      NarrowJoinInputs.INSTANCE,
      CoreRules.PROJECT_MERGE,
      CoreRules.PROJECT_REMOVE);

  static final List<RelOptRule> NORMALIZE = List.of(
      CoreRules.FILTER_TO_CALC,
      CoreRules.PROJECT_TO_CALC,
      CoreRules.CALC_MERGE,
      CoreRules.CALC_REMOVE);

  static final List<LegalityCheck> CHECKS = List.of(
      new RejectSortOnStream(),
      new RejectUnsupportedOperators());

  static final List<IncrementalRule> RULES = List.of(
      new ImplementStreamScan(),
      new ImplementWindowTableFunction(),
      new ImplementCalc(),
      new FuseWindowAggregate(),
      new ImplementStreamTableJoin(),
      new ImplementWindowJoin(),
      new ImplementIntervalJoin(),
      new ImplementStreamJoin(),
      new ImplementTopN(),
      new ImplementRetractTopN(),
      new ImplementWindowAggregate(),
      new ImplementGroupAggregate());

  private IncrementalProgram() {}

  /**
   * Plans {@code logical} (the converted SELECT STREAM). {@code requested} is the session's
   * output mode, or null to take the plan's own.
   */
  public static IncrementalPlan run(RelNode logical, Emission requested, PlanContext context) {
    RelNode normalized = normalize(logical);
    for (LegalityCheck check : CHECKS) {
      check.check(normalized);
    }
    PhysicalNode root = incrementalize(normalized, context);
    rejectUnfusedSessions(root);
    return new IncrementalPlan(root, chooseEmission(root, requested), context.firedRules());
  }

  /** A SESSION window is only known once later rows arrive: it must feed a GROUP BY directly. */
  private static void rejectUnfusedSessions(PhysicalNode node) {
    if (node instanceof WindowTableFunctionNode w && w.session() != null) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "A SESSION window's rows cannot be"
          + " streamed one by one (a later row can merge two sessions); aggregate them with"
          + " GROUP BY window_start, window_end and the partition columns, directly over the"
          + " SESSION: filter rows in a subquery it reads (SESSION((SELECT ... WHERE ...),"
          + " DESCRIPTOR(ts), ...)), and compute nothing from window_start or window_end inside"
          + " the aggregates");
    }
    node.inputs().forEach(IncrementalProgram::rejectUnfusedSessions);
  }

  static RelNode normalize(RelNode logical) {
    HepProgramBuilder program = new HepProgramBuilder().addMatchOrder(HepMatchOrder.BOTTOM_UP);
    program.addRuleCollection(PUSH_INTO_JOINS);
    program.addRuleCollection(NARROW_JOIN_INPUTS);
    program.addRuleCollection(NORMALIZE);
    HepPlanner hep = new HepPlanner(program.build());
    hep.setRoot(withoutDelta(logical));
    return hep.findBestExp();
  }

  private static RelNode withoutDelta(RelNode rel) {
    if (rel instanceof LogicalDelta d) {
      return withoutDelta(d.getInput());
    }
    List<RelNode> inputs = new ArrayList<>();
    for (RelNode input : rel.getInputs()) {
      inputs.add(withoutDelta(input));
    }
    return inputs.equals(rel.getInputs()) ? rel : rel.copy(rel.getTraitSet(), inputs);
  }

  /** The incremental plans of {@code rel}'s inputs; null for a table joined to a stream. */
  static List<PhysicalNode> incrementalInputs(RelNode rel, PlanContext context) {
    TopNPattern topN = TopNPattern.match(rel);
    if (topN != null) {
      // The pattern spans two Calcs; its input is what the inner Calc reads.
      return List.of(incrementalize(topN.input(), context));
    }
    List<PhysicalNode> inputs = new ArrayList<>();
    for (RelNode input : rel.getInputs()) {
      // A table joined to a stream is read as it is, not run incrementally.
      boolean table = rel instanceof Join && ImplementStreamTableJoin.table(input, context) != null;
      inputs.add(table ? null : incrementalize(input, context));
    }
    return inputs;
  }

  /**
   * The incremental node for {@code rel}. A subtree the query holds twice (q5's windowed count,
   * a stream joined with itself) is implemented once and the node reused, as Flink reuses
   * sub-plans: its operators then run once, their output read by both parents.
   */
  static PhysicalNode incrementalize(RelNode rel, PlanContext context) {
    String digest = RelOptUtil.toString(rel, SqlExplainLevel.DIGEST_ATTRIBUTES);
    PhysicalNode done = context.implemented(digest);
    if (done != null) {
      return done;
    }
    List<PhysicalNode> inputs = incrementalInputs(rel, context);
    for (IncrementalRule rule : RULES) {
      if (rule.matches(rel, inputs, context)) {
        PhysicalNode node = rule.rewrite(rel, inputs, context);
        context.fired(rule.name());
        context.implemented(digest, node);
        return node;
      }
    }
    throw new SluiceException(ErrorCode.UNSUPPORTED, "Live queries cannot run "
        + rel.getRelTypeName().replace("Logical", "") + " yet; run the query without STREAM"
        + " for a batch answer over the retained rows");
  }

  static Emission chooseEmission(PhysicalNode root, Emission requested) {
    if (requested == Emission.COMPLETE && root.emission() == Emission.APPEND) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "Complete mode sends the whole result"
          + " again after every change, and this query's result only grows (every row it emits"
          + " is final), so each snapshot would hold everything so far. Use"
          + " SET 'output.mode' = 'append' for the new rows, or complete mode on an aggregate"
          + " (GROUP BY) or top-N whose result stays the size of its groups");
    }
    if (requested == Emission.APPEND && root.emission() == Emission.UPDATE) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "This query revises rows it has already"
          + " emitted (" + whyUpdates(root) + "), so it cannot run in append mode. Use"
          + " SET 'output.mode' = 'update' for a changelog" + appendInstead(root));
    }
    return requested == null ? root.emission() : requested;
  }

  /** The node that first turns appends into updates, reading from the sources up. */
  private static PhysicalNode firstUpdating(PhysicalNode node) {
    for (PhysicalNode input : node.inputs()) {
      if (input.emission() == Emission.UPDATE) {
        return firstUpdating(input);
      }
    }
    return node;
  }

  private static String whyUpdates(PhysicalNode root) {
    PhysicalNode n = firstUpdating(root);
    if (n instanceof JoinNode) {
      return "an outer join between streams emits an unmatched row padded with NULLs and"
          + " retracts it when a match arrives";
    }
    if (n instanceof TopNNode) {
      return "a top-N removes a row when a better one enters";
    }
    return "a GROUP BY without a window updates each group as rows arrive, and its state grows"
        + " with the number of groups";
  }

  private static String appendInstead(PhysicalNode root) {
    PhysicalNode n = firstUpdating(root);
    if (n instanceof JoinNode) {
      return ", or bound the join in time (for example ON ... AND b.ts BETWEEN a.ts AND a.ts +"
          + " INTERVAL '1' MINUTE): an unmatched row then comes out once, when the watermark"
          + " shows no match can come";
    }
    if (n instanceof TopNNode) {
      return "";
    }
    return ", or group by window_start and window_end of a TUMBLE or HOP window for final rows";
  }
}
