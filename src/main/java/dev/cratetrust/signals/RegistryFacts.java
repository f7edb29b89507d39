package dev.cratetrust.signals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Registry metadata about a crate and its dependencies, as read from crates.io's db-dump, API or
 * index by the caller; the signals code never fetches it.
 *
 * @param crateCreatedAt when the crate's first version was published
 * @param releases every known version of the crate, any order
 * @param owners the crate's owners now (logins or {@code github:org:team})
 * @param previousOwners the owners recorded when the previous version was current, if known
 * @param publisherActivity how many new crates this version's publisher created recently, if known
 * @param dependencies registry facts about the crates this version depends on
 * @param popularCrates names of popular crates, for look-alike names
 */
public record RegistryFacts(
    Optional<Instant> crateCreatedAt,
    List<Release> releases,
    List<String> owners,
    Optional<List<String>> previousOwners,
    Optional<PublisherActivity> publisherActivity,
    List<DependencyFacts> dependencies,
    List<String> popularCrates) {

  public RegistryFacts {
    releases = List.copyOf(releases);
    owners = List.copyOf(owners);
    previousOwners = previousOwners.map(List::copyOf);
    dependencies = List.copyOf(dependencies);
    popularCrates = List.copyOf(popularCrates);
  }

  /** No metadata at all; every registry signal is then absent. */
  public static RegistryFacts none() {
    return new RegistryFacts(
        Optional.empty(),
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        List.of());
  }

  /**
   * One published version.
   *
   * @param publishedBy the account that uploaded it, empty for Trusted Publishing or unknown
   * @param trustedPublishing whether crates.io recorded a Trusted Publishing upload
   */
  public record Release(
      String version,
      Instant publishedAt,
      Optional<String> publishedBy,
      boolean yanked,
      boolean trustedPublishing) {}

  /** An account's count of newly created crates within a time window ending now. */
  public record PublisherActivity(String publisher, int newCrates, Duration window) {}

  /** A dependency's download count and first publication, when known. */
  public record DependencyFacts(String name, OptionalLong downloads, Optional<Instant> createdAt) {}
}
