package io.sluice.planner;

import io.sluice.planner.catalog.StreamDef;
import io.sluice.runtime.exec.Operator;
import java.util.List;
import java.util.function.Function;

/**
 * A continuous query over one stream: every row appended to {@code source} after the query
 * starts goes through the operators; {@code changelog} results lead with a change-kind column.
 */
public record LivePlan(
    List<ResultColumn> columns,
    List<ResultColumn> parameters,
    StreamDef source,
    Function<List<Object>, List<Operator>> operators,
    boolean changelog,
    String explain) implements Plan {}
