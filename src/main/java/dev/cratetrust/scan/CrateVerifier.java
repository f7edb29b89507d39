package dev.cratetrust.scan;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.store.VerificationRecord;

/**
 * Verifies one crate version against its repository for a scan; the scan stores what it returns.
 *
 * <p>"Could not verify" outcomes about the crate (no repository, unreachable repository, ...) are
 * returned as records with reason codes. {@link UnavailableException} means our own infrastructure
 * failed (retried later); {@link BadInputException} means the target itself can never be verified
 * (dead-lettered with the message).
 */
public interface CrateVerifier extends AutoCloseable {
  /** The version of the verification logic; results are keyed by it. At most 40 characters. */
  String version();

  /** Verifies {@code target}; the record's id and verifier version must match. */
  VerificationRecord verify(ScanTarget target) throws UnavailableException, BadInputException;

  @Override
  default void close() {}
}
