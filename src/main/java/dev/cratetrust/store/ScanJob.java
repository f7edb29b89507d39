package dev.cratetrust.store;

import dev.cratetrust.crates.PackageId;
import java.util.Optional;

/**
 * A queued verification: which crate version, for which verifier version, from which source ({@code
 * registry} or a vendored folder), grouped under which repository URL.
 *
 * @param attempts how many times a worker started this job so far
 */
public record ScanJob(
    long id,
    PackageId target,
    String verifierVersion,
    String source,
    String repository,
    int priority,
    int attempts,
    Optional<String> lastError) {}
