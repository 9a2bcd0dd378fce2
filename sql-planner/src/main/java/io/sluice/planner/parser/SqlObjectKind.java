package io.sluice.planner.parser;

/** The kinds of catalog object that Sluice's DDL creates and drops, with their SQL spelling. */
public enum SqlObjectKind {
  STREAM("STREAM"),
  TABLE("TABLE"),
  VIEW("VIEW"),
  MATERIALIZED_VIEW("MATERIALIZED VIEW");

  private final String sql;

  SqlObjectKind(String sql) {
    this.sql = sql;
  }

  /** The keywords as written in SQL, e.g. {@code MATERIALIZED VIEW}. */
  public String sql() {
    return sql;
  }
}
