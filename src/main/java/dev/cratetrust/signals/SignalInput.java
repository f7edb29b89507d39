package dev.cratetrust.signals;

import dev.cratetrust.crates.CrateContents;
import java.util.Optional;

/**
 * Everything signals are computed from: the crate version's files, optionally the previous
 * version's files, provenance findings and registry metadata.
 */
public record SignalInput(
    CrateContents crate,
    Optional<CrateContents> previous,
    Optional<ProvenanceFacts> provenance,
    Optional<RegistryFacts> registry) {

  public static SignalInput of(CrateContents crate) {
    return new SignalInput(crate, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public SignalInput withPrevious(CrateContents previousVersion) {
    return new SignalInput(crate, Optional.of(previousVersion), provenance, registry);
  }

  public SignalInput withProvenance(ProvenanceFacts facts) {
    return new SignalInput(crate, previous, Optional.of(facts), registry);
  }

  public SignalInput withRegistry(RegistryFacts facts) {
    return new SignalInput(crate, previous, provenance, Optional.of(facts));
  }
}
