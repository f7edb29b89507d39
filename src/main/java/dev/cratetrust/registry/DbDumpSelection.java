package dev.cratetrust.registry;

import dev.cratetrust.crates.CrateName;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Which versions to take from a crates.io dump.
 *
 * @param top keep only the N crates with the most all-time downloads
 * @param allVersions every version of each kept crate instead of its default (current) version
 * @param since keep only versions published at or after this instant
 * @param crates keep only crates with these names (compared as crates.io does, ignoring case and
 *     {@code -}/{@code _})
 */
public record DbDumpSelection(
    OptionalInt top,
    boolean allVersions,
    Optional<Instant> since,
    Optional<Set<CrateName>> crates) {

  public DbDumpSelection {
    if (top.isPresent() && top.getAsInt() < 1) {
      throw new IllegalArgumentException("--top must be at least 1, got " + top.getAsInt());
    }
    crates = crates.map(Set::copyOf);
  }

  /** The default version of the {@code n} most downloaded crates, as the 2021 study did. */
  public static DbDumpSelection top(int n) {
    return new DbDumpSelection(OptionalInt.of(n), false, Optional.empty(), Optional.empty());
  }
}
