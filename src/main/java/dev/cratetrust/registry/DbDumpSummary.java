package dev.cratetrust.registry;

/**
 * What reading a dump found: its metadata, how many rows each file had, how many versions were
 * selected, and how many rows were skipped because a name or version was invalid.
 */
public record DbDumpSummary(
    DbDumpMetadata metadata,
    long crates,
    long versions,
    long selected,
    long skippedRows,
    boolean legacyLayout) {}
