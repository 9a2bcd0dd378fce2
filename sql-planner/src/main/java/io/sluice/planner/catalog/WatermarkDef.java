package io.sluice.planner.catalog;

/**
 * The event-time column of a stream and how far its watermark trails the largest event time
 * seen ({@code WATERMARK FOR ts AS ts - INTERVAL '5' SECOND} has delay 5000 ms).
 */
public record WatermarkDef(int column, long delayMillis, String expression) {}
