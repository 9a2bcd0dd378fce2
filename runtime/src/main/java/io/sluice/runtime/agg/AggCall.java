package io.sluice.runtime.agg;

/**
 * One aggregate of a GROUP BY: the function, the input column it reads (-1 for COUNT(*)), and
 * the boolean input column of its FILTER (WHERE ...) clause (-1 for none).
 */
public record AggCall(AggFunction function, int argument, int filter) {}
