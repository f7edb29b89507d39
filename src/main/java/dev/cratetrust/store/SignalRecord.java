package dev.cratetrust.store;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.signals.Signal;
import java.time.Instant;
import java.util.List;

/**
 * The stored signals of one crate version, computed by one signals version.
 *
 * @param signalsVersion {@code CrateSignals.SIGNALS_VERSION} at the time of computing
 */
public record SignalRecord(
    PackageId id, String signalsVersion, List<Signal> signals, Instant computedAt) {
  public SignalRecord {
    signals = List.copyOf(signals);
  }
}
