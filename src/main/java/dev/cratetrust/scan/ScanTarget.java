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

  /** Priority of re-checks queued when a new advisory names a stored version. */
  public static final int RECHECK_PRIORITY = -1;

  private static final java.time.Instant FOLLOW_EPOCH =
      java.time.Instant.parse("2014-01-01T00:00:00Z");

  /**
   * Priority of a version {@code follow} found, published at {@code published}: below zero (ahead
   * of background scans and re-checks), and the later the publication the lower (newest first), by
   * the minute.
   */
  public static int followPriority(java.time.Instant published) {
    long minutes = java.time.Duration.between(FOLLOW_EPOCH, published).toMinutes();
    return (int) -Math.clamp(minutes, 2L, Integer.MAX_VALUE / 2L);
  }

  public static ScanTarget registry(PackageId id) {
    return new ScanTarget(id, new ScanSource.Registry(), "", 0);
  }
}
