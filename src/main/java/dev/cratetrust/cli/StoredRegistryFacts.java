package dev.cratetrust.cli;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.signals.RegistryFacts;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.RegistryFactsStore;
import dev.cratetrust.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registry facts imported by {@code sync-dump}, for the {@code signals} and {@code verify}
 * commands: opens a store only when it already exists (never creating one to read from) and merges
 * the dump's facts with the fresher ones of the index.
 */
final class StoredRegistryFacts {
  private StoredRegistryFacts() {}

  /** Opens {@code spec} when it is PostgreSQL, in memory, or an existing embedded store file. */
  static Optional<Database> openIfPresent(String spec) throws StoreException {
    boolean file =
        !spec.startsWith("postgresql://")
            && !spec.startsWith("postgres://")
            && !spec.startsWith("jdbc:postgresql:")
            && !spec.startsWith("mem:");
    if (file) {
      String base = spec.endsWith(".mv.db") ? spec : spec + ".mv.db";
      if (!Files.isRegularFile(Path.of(base))) {
        return Optional.empty();
      }
    }
    return Optional.of(Database.open(spec));
  }

  /** The imported facts of {@code crate}, if the store has an import that knows it. */
  static Optional<RegistryFacts> of(Database db, CrateContents crate) throws StoreException {
    return new RegistryFactsStore(db, Clock.systemUTC())
        .facts(crate, RegistryFactsStore.DEFAULT_POPULAR);
  }

  /**
   * The index's facts completed by the dump's: the index's releases win (they are fresher; yanks
   * change), publishers come from the dump where the index has none, and owners, publisher
   * activity, dependencies and popular names come from the dump.
   */
  static RegistryFacts merge(RegistryFacts index, RegistryFacts dump) {
    Map<String, RegistryFacts.Release> byVersion = new LinkedHashMap<>();
    for (RegistryFacts.Release r : dump.releases()) {
      byVersion.put(r.version(), r);
    }
    List<RegistryFacts.Release> releases = new ArrayList<>();
    for (RegistryFacts.Release r : index.releases()) {
      RegistryFacts.Release d = byVersion.remove(r.version());
      releases.add(
          d == null
              ? r
              : new RegistryFacts.Release(
                  r.version(),
                  r.publishedAt(),
                  r.publishedBy().or(d::publishedBy),
                  r.yanked(),
                  r.trustedPublishing()));
    }
    releases.addAll(byVersion.values());
    return new RegistryFacts(
        dump.crateCreatedAt().or(index::crateCreatedAt),
        releases,
        dump.owners().isEmpty() ? index.owners() : dump.owners(),
        index.previousOwners().or(dump::previousOwners),
        dump.publisherActivity().or(index::publisherActivity),
        dump.dependencies().isEmpty() ? index.dependencies() : dump.dependencies(),
        dump.popularCrates().isEmpty() ? index.popularCrates() : dump.popularCrates());
  }
}
