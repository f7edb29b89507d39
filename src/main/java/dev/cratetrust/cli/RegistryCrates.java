package dev.cratetrust.cli;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.registry.IndexEntry;
import dev.cratetrust.registry.IndexLookup;
import dev.cratetrust.registry.NotInRegistryException;
import dev.cratetrust.registry.Registry;
import dev.cratetrust.registry.RegistryChoice;
import dev.cratetrust.registry.VersionMetadata;
import dev.cratetrust.signals.RegistryFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Registry options and loading for the {@code signals NAME@VERSION} and {@code diff NAME OLD NEW}
 * forms: downloads versions, finds the previous version and gathers the registry facts the index
 * and API give.
 *
 * <p>The facts are partial: without the db-dump there are no owner lists, download counts or
 * popular-crate names, so those signals stay absent rather than negative.
 */
final class RegistryCrates {
  @Option(
      names = "--index",
      paramLabel = "URL_OR_DIR",
      description =
          "Registry index: sparse+https://... (default crates.io) or a cargo local-registry"
              + " directory.")
  String index;

  @Option(
      names = "--api",
      paramLabel = "URL",
      description = "Registry web API (default: crates.io's with the default index).")
  String api;

  @Option(names = "--no-api", description = "Do not ask the registry's web API.")
  boolean noApi;

  /** One downloaded version with what the registry says about it. */
  record Loaded(CrateContents contents, Optional<CrateContents> previous, RegistryFacts facts) {}

  Registry open() throws BadInputException {
    return RegistryChoice.of(index, api, noApi).open();
  }

  static PackageId id(String name, String version) {
    try {
      return PackageId.of(name, version);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  static PackageId id(String spec) {
    try {
      return PackageId.parse(spec);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** Downloads {@code id} and, when asked, the version published before it. */
  static Loaded load(Registry registry, PackageId id, boolean withPrevious)
      throws BadInputException, UnavailableException {
    IndexLookup lookup = registry.lookup(id.name());
    if (!(lookup instanceof IndexLookup.Found found)) {
      throw new NotInRegistryException(
          "look up " + id + ": the registry index has no crate " + id.name());
    }
    IndexEntry entry =
        found
            .entry(id.version())
            .orElseThrow(
                () ->
                    new NotInRegistryException(
                        "look up " + id + ": the registry index has no version " + id.version()));
    CrateContents contents = registry.download(entry).contents();
    Optional<IndexEntry> prevEntry = withPrevious ? previous(found, entry) : Optional.empty();
    Optional<CrateContents> previous =
        prevEntry.isPresent()
            ? Optional.of(registry.download(prevEntry.get()).contents())
            : Optional.empty();
    Optional<VersionMetadata> meta = registry.metadata(id);
    Optional<VersionMetadata> prevMeta =
        prevEntry.isPresent() ? registry.metadata(prevEntry.get().id()) : Optional.empty();
    List<RegistryFacts.Release> releases = new ArrayList<>();
    for (IndexEntry e : found.entries()) {
      Optional<VersionMetadata> m =
          e == entry
              ? meta
              : prevEntry.filter(p -> p == e).isPresent() ? prevMeta : Optional.empty();
      Optional<Instant> at = e.pubtime().or(() -> m.flatMap(VersionMetadata::createdAt));
      at.ifPresent(
          t ->
              releases.add(
                  new RegistryFacts.Release(
                      e.vers().value(),
                      t,
                      m.flatMap(VersionMetadata::publishedBy),
                      e.yanked() || m.map(VersionMetadata::yanked).orElse(false),
                      m.flatMap(VersionMetadata::trustpub).isPresent())));
    }
    Optional<Instant> created =
        releases.size() == found.entries().size()
            ? releases.stream()
                .map(RegistryFacts.Release::publishedAt)
                .min(Comparator.naturalOrder())
            : Optional.empty();
    RegistryFacts facts =
        new RegistryFacts(
            created, releases, List.of(), Optional.empty(), Optional.empty(), List.of(), List.of());
    return new Loaded(contents, previous, facts);
  }

  /** The highest earlier version; pre-releases count only when {@code entry} is one. */
  static Optional<IndexEntry> previous(IndexLookup.Found found, IndexEntry entry) {
    return found.entries().stream()
        .filter(e -> e.vers().compareTo(entry.vers()) < 0)
        .filter(e -> !e.vers().isPreRelease() || entry.vers().isPreRelease())
        .max(Comparator.comparing(IndexEntry::vers));
  }
}
