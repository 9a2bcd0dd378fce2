package io.sluice.planner.parser;

/** What a {@code SHOW} statement lists; the constant's name is the keyword after SHOW. */
public enum ShowKind {
  STREAMS,
  TABLES,
  VIEWS,
  OPERATORS,
  QUERIES,
  JOBS
}
