package dev.cratetrust.registry;

import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.PackageId;
import java.time.Instant;
import java.util.Optional;

/**
 * A published version selected from a crates.io dump, with its crate's facts; {@code rank} is the
 * crate's 0-based position by all-time downloads among the crates the selection considered (all
 * crates, or the named ones).
 *
 * <p>The repository is what the crate declares on crates.io; nothing here checks it exists.
 */
public record DbDumpVersion(
    DbDumpCrate crate, CrateVersion version, boolean yanked, Instant createdAt, int rank) {
  public PackageId id() {
    return new PackageId(crate.name(), version);
  }

  public Optional<String> repository() {
    return crate.repository();
  }
}
