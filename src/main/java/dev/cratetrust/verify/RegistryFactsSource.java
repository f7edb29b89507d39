package dev.cratetrust.verify;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.signals.RegistryFacts;
import java.util.Optional;

/**
 * Where {@link CrateVerifier} finds registry metadata for a crate's signals (e.g. the store's
 * db-dump import); empty when it knows nothing about the crate.
 */
@FunctionalInterface
public interface RegistryFactsSource {
  Optional<RegistryFacts> facts(CrateContents crate) throws UnavailableException;
}
