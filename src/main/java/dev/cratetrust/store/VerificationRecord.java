package dev.cratetrust.store;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.PackageId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored verification of a crate version by one verifier version: its category, reason codes
 * and the full JSON report as evidence, keyed by what was verified (origin, checksum, repository
 * override), so verifying a local file never replaces the verdict of the registry's crate.
 *
 * <p>A record says what the verifier concluded at {@code verifiedAt}; it does not prove the crate
 * still verifies the same way against today's repository.
 *
 * @param category {@code gold-star}, {@code needs-improvement} or {@code looks-sketchy}
 * @param reasons reason codes such as {@code no-release-tag}, in the verifier's order
 * @param source where the bytes were read (download URL, file, folder); evidence, not part of the
 *     key
 * @param origin the kind of source, part of the key: {@link #CRATES_IO}, {@code index:URL}, {@link
 *     #CRATE_FILE}, {@link #CRATE_DIR} or {@link #VENDOR}
 * @param archiveSha256 the SHA-256 identifying the verified bytes (see {@code README.md}); empty
 *     text when not recorded (results stored before checksums were kept)
 * @param repositoryOverride the repository given by hand ({@code --repo}), or {@code rewrite:} and
 *     the mirror a {@code --git-rewrite} rule sent the crate's link to; empty text when the crate's
 *     own link was followed as is
 */
public record VerificationRecord(
    PackageId id,
    String verifierVersion,
    String category,
    List<String> reasons,
    Optional<CommitId> commit,
    String source,
    String reportJson,
    Instant verifiedAt,
    String origin,
    String archiveSha256,
    String repositoryOverride) {

  /** Longest verifier version the store keeps. */
  public static final int MAX_VERIFIER_VERSION = 40;

  /** Longest origin the store keeps. */
  public static final int MAX_ORIGIN = 500;

  /** Longest repository override the store keeps. */
  public static final int MAX_OVERRIDE = 1000;

  /** The crates.io registry (its index, whatever mirror served the bytes checked against it). */
  public static final String CRATES_IO = "crates.io";

  /** A {@code .crate} file given by hand. */
  public static final String CRATE_FILE = "crate-file";

  /** An unpacked crate folder given by hand. */
  public static final String CRATE_DIR = "crate-dir";

  /** A folder of a {@code cargo vendor} tree read by a scan. */
  public static final String VENDOR = "vendor";

  /** The origin of crates downloaded through another registry index. */
  public static String index(String indexUrl) {
    return "index:" + indexUrl;
  }

  /** Whether {@code origin} is a registry download (crates.io or another index). */
  public static boolean isRegistry(String origin) {
    return origin.equals(CRATES_IO) || origin.startsWith("index:");
  }

  public VerificationRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(verifierVersion, "verifierVersion");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(reportJson, "reportJson");
    Objects.requireNonNull(verifiedAt, "verifiedAt");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(archiveSha256, "archiveSha256");
    Objects.requireNonNull(repositoryOverride, "repositoryOverride");
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
    if (origin.isEmpty() || origin.length() > MAX_ORIGIN) {
      throw new IllegalArgumentException(
          "verification of " + id + ": origin must have 1 to " + MAX_ORIGIN + " characters");
    }
    if (!archiveSha256.isEmpty() && !archiveSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "verification of " + id + ": checksum is not a lower-case SHA-256");
    }
    if (repositoryOverride.length() > MAX_OVERRIDE) {
      throw new IllegalArgumentException(
          "verification of "
              + id
              + ": repository override is longer than "
              + MAX_OVERRIDE
              + " characters");
    }
  }

  /** A crates.io result with no recorded checksum (the shape of results stored before keys). */
  public VerificationRecord(
      PackageId id,
      String verifierVersion,
      String category,
      List<String> reasons,
      Optional<CommitId> commit,
      String source,
      String reportJson,
      Instant verifiedAt) {
    this(
        id,
        verifierVersion,
        category,
        reasons,
        commit,
        source,
        reportJson,
        verifiedAt,
        CRATES_IO,
        "",
        "");
  }

  /** This record under another key (same verdict and evidence). */
  public VerificationRecord keyedBy(
      String newOrigin, String newArchiveSha256, String newRepositoryOverride) {
    return new VerificationRecord(
        id,
        verifierVersion,
        category,
        reasons,
        commit,
        source,
        reportJson,
        verifiedAt,
        newOrigin,
        newArchiveSha256,
        newRepositoryOverride);
  }
}
