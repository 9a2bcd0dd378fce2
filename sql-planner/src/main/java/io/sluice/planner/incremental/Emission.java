package io.sluice.planner.incremental;

/**
 * How a node's output relates to its final result (Spark's output modes): APPEND rows are
 * final once emitted; UPDATE rows form a changelog ({@code +I}, {@code -U}, {@code +U},
 * {@code -D}) that may revise earlier rows.
 */
public enum Emission {
  APPEND, UPDATE;

  /** The setting's spelling: {@code 'append'} or {@code 'update'}. */
  public String setting() {
    return name().toLowerCase();
  }
}
