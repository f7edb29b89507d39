package dev.cratetrust.registry;

import java.util.Optional;

/**
 * What a dump says about itself: its top folder ({@code YYYY-MM-DD-HHMMSS}) and {@code
 * metadata.json} fields, as given (unverified).
 */
public record DbDumpMetadata(
    String topDirectory, Optional<String> timestamp, Optional<String> cratesIoCommit) {}
