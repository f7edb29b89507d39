package dev.cratetrust.scan;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.store.SignalRecord;
import dev.cratetrust.store.VerificationRecord;
import java.util.Optional;

/**
 * Verifies one crate version against its repository for a scan; the scan stores what it returns.
 *
 * <p>"Could not verify" outcomes about the crate (no repository, unreachable repository, ...) are
 * returned as records with reason codes. {@link UnavailableException} means our own infrastructure
 * failed (retried later); {@link BadInputException} means the target itself can never be verified
 * (dead-lettered with the message).
 */
public interface JobVerifier extends AutoCloseable {
  /** A verdict to store, with the crate's signals when they were computed. */
  record Result(VerificationRecord record, Optional<SignalRecord> signals) {
    public static Result of(VerificationRecord record) {
      return new Result(record, Optional.empty());
    }
  }

  /** The version of the verification logic; results are keyed by it. At most 40 characters. */
  String version();

  /**
   * The origin of the registry this verifier downloads from ({@link VerificationRecord#CRATES_IO}
   * or {@link VerificationRecord#index}); a worker claims registry jobs of this origin only.
   */
  default String registryOrigin() {
    return VerificationRecord.CRATES_IO;
  }

  /** Verifies {@code target}; the record's id and verifier version must match. */
  Result verify(ScanTarget target) throws UnavailableException, BadInputException;

  @Override
  default void close() {}
}
