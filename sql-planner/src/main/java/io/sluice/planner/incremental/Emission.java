package io.sluice.planner.incremental;

/**
 * How a node's output relates to its final result (Spark's output modes): APPEND rows are
 * final once emitted; UPDATE rows form a changelog ({@code +I}, {@code -U}, {@code +U},
 * {@code -D}) that may revise earlier rows; COMPLETE sends the whole result again after each
 * change, as numbered snapshots (a query's mode only: no node emits it).
 */
public enum Emission {
  APPEND, UPDATE, COMPLETE;

  /** The setting's spelling: {@code 'append'}, {@code 'update'} or {@code 'complete'}. */
  public String setting() {
    return name().toLowerCase();
  }
}
