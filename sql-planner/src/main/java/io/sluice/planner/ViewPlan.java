package io.sluice.planner;

import io.sluice.planner.catalog.ColumnDef;
import java.util.List;
import java.util.Set;

/**
 * A checked view definition: its columns, the objects it names, and for a materialized view
 * the live plan that maintains it (null for a plain view).
 */
public record ViewPlan(List<ColumnDef> columns, Set<String> reads, LivePlan live) {}
