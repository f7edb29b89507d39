package dev.cratetrust.store;

import dev.cratetrust.crates.PackageId;
import java.util.Optional;

/**
 * A queued verification: which crate version, for which verifier version, from which source ({@code
 * registry} or a vendored folder), grouped under which repository URL.
 *
 * @param attempts how many times a worker started this job so far
 * @param origin the origin its result is stored under ({@link VerificationRecord#origin()})
 * @param archiveSha256 the checksum expected when it was queued; empty text when only the registry
 *     knows it
 */
public record ScanJob(
    long id,
    PackageId target,
    String verifierVersion,
    String source,
    String repository,
    int priority,
    int attempts,
    Optional<String> lastError,
    String origin,
    String archiveSha256) {

  /** A crates.io job with no expected checksum. */
  public ScanJob(
      long id,
      PackageId target,
      String verifierVersion,
      String source,
      String repository,
      int priority,
      int attempts,
      Optional<String> lastError) {
    this(
        id,
        target,
        verifierVersion,
        source,
        repository,
        priority,
        attempts,
        lastError,
        VerificationRecord.CRATES_IO,
        "");
  }
}
