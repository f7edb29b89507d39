package dev.cratetrust.scan;

import dev.cratetrust.crates.PackageId;

/**
 * One crate version a scan verifies, with where to read it from, the repository URL it is believed
 * to come from (for grouping; empty when unknown) and its priority (lower runs first).
 */
public record ScanTarget(PackageId id, ScanSource source, String repository, int priority) {
  public static ScanTarget registry(PackageId id) {
    return new ScanTarget(id, new ScanSource.Registry(), "", 0);
  }
}
