package io.sluice.planner.ddl;

import io.sluice.planner.catalog.ColumnDef;
import io.sluice.planner.catalog.WatermarkDef;
import io.sluice.runtime.connector.nexmark.NexmarkSource;
import io.sluice.runtime.storage.Retention;
import java.util.List;
import java.util.Map;

/**
 * A checked CREATE STREAM or CREATE TABLE: everything the catalog needs except the storage,
 * which the engine opens. {@code primaryKey} is empty for streams; {@code watermark} and
 * {@code retention} are null for tables; {@code generator} is set for nexmark streams.
 */
public record ObjectSpec(
    String name,
    boolean stream,
    List<ColumnDef> columns,
    int[] primaryKey,
    WatermarkDef watermark,
    Retention retention,
    Map<String, String> options,
    boolean ifNotExists,
    NexmarkSource generator) {}
