package dev.cratetrust.trust;

import java.time.Instant;
import java.util.Optional;

/**
 * The provenance verdict for one crate version (stored or just verified), or {@link
 * ProvenanceClass#UNKNOWN} when none is known.
 *
 * @param problem why the verdict is unknown when verification was attempted and could not complete
 *     (network, repository host, broken download); never a verdict about the crate
 */
public record ProvenanceFact(
    ProvenanceClass category,
    Optional<String> reasons,
    Optional<String> verifierVersion,
    Optional<Instant> verifiedAt,
    Optional<String> problem) {

  public ProvenanceFact(
      ProvenanceClass category,
      Optional<String> reasons,
      Optional<String> verifierVersion,
      Optional<Instant> verifiedAt) {
    this(category, reasons, verifierVersion, verifiedAt, Optional.empty());
  }

  /** The provenance categories of {@code verification_result}, plus "never verified". */
  public enum ProvenanceClass {
    GOLD_STAR("gold-star"),
    NEEDS_IMPROVEMENT("needs-improvement"),
    LOOKS_SKETCHY("looks-sketchy"),
    UNKNOWN("unknown");

    private final String code;

    ProvenanceClass(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    /** The class for a stored category code; an unrecognised code reads as unknown. */
    public static ProvenanceClass ofCode(String code) {
      for (ProvenanceClass c : values()) {
        if (c.code.equals(code)) {
          return c;
        }
      }
      return UNKNOWN;
    }
  }

  public static ProvenanceFact unknown() {
    return new ProvenanceFact(
        ProvenanceClass.UNKNOWN, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Unknown because verifying the version could not complete, for the reason given. */
  public static ProvenanceFact unknown(String problem) {
    return new ProvenanceFact(
        ProvenanceClass.UNKNOWN,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(problem));
  }
}
