package dev.cratetrust.registry;

import java.time.Instant;
import java.util.Optional;

/**
 * What the crates.io web API says about one published version; every field may be missing.
 *
 * <p>{@code trustpub} records that crates.io accepted the upload from a CI workflow it trusts; it
 * does not prove the workflow built the archive from the named commit.
 *
 * @param checksum SHA-256 of the {@code .crate}
 * @param publishedBy login of the publishing user
 * @param crateSize archive size in bytes
 */
public record VersionMetadata(
    Optional<String> checksum,
    Optional<String> publishedBy,
    Optional<Instant> createdAt,
    boolean yanked,
    Optional<TrustedPublishing> trustpub,
    Optional<String> license,
    Optional<Long> crateSize,
    Optional<String> repository) {

  /**
   * crates.io {@code trustpub_data}: the CI identity that published a version.
   *
   * @param provider {@code github} or {@code gitlab} (others kept as given)
   * @param repository GitHub {@code owner/repo}
   * @param projectPath GitLab {@code group/project}
   * @param sha the commit the workflow ran on
   */
  public record TrustedPublishing(
      String provider,
      Optional<String> repository,
      Optional<String> projectPath,
      Optional<String> sha,
      Optional<String> runId,
      Optional<String> jobId) {}
}
