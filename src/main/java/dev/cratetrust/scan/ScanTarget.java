package dev.cratetrust.scan;

import dev.cratetrust.crates.PackageId;

/**
 * One crate version a scan verifies, with where to read it from, the repository URL it is believed
 * to come from (for grouping; empty when unknown), its priority (lower runs first) and the checksum
 * its result is expected under (empty when only the registry knows it).
 */
public record ScanTarget(
    PackageId id, ScanSource source, String repository, int priority, String expectedSha256) {
  public ScanTarget(PackageId id, ScanSource source, String repository, int priority) {
    this(id, source, repository, priority, "");
  }

  public static ScanTarget registry(PackageId id) {
    return new ScanTarget(id, new ScanSource.Registry(), "", 0);
  }
}
