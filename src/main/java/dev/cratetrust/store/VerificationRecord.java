package dev.cratetrust.store;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.PackageId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored verification of a crate version by one verifier version: its category, reason codes
 * and the full JSON report as evidence.
 *
 * <p>A record says what the verifier concluded at {@code verifiedAt}; it does not prove the crate
 * still verifies the same way against today's repository.
 *
 * @param category {@code gold-star}, {@code needs-improvement} or {@code looks-sketchy}
 * @param reasons reason codes such as {@code no-release-tag}, in the verifier's order
 * @param source {@code registry} or the vendored folder that was verified
 */
public record VerificationRecord(
    PackageId id,
    String verifierVersion,
    String category,
    List<String> reasons,
    Optional<CommitId> commit,
    String source,
    String reportJson,
    Instant verifiedAt) {

  /** Longest verifier version the store keeps. */
  public static final int MAX_VERIFIER_VERSION = 40;

  public VerificationRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(verifierVersion, "verifierVersion");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(reportJson, "reportJson");
    Objects.requireNonNull(verifiedAt, "verifiedAt");
    reasons = List.copyOf(reasons);
    if (verifierVersion.isEmpty() || verifierVersion.length() > MAX_VERIFIER_VERSION) {
      throw new IllegalArgumentException(
          "verification of "
              + id
              + ": verifier version must have 1 to "
              + MAX_VERIFIER_VERSION
              + " characters");
    }
    for (String r : reasons) {
      if (!r.matches("[a-z0-9][a-z0-9-]{0,63}")) {
        throw new IllegalArgumentException(
            "verification of " + id + ": reason code '" + r + "' is not a lower-case code");
      }
    }
    if (!category.matches("[a-z][a-z-]{0,31}")) {
      throw new IllegalArgumentException(
          "verification of " + id + ": category '" + category + "' is not a lower-case code");
    }
  }
}
