package dev.cratetrust.trust;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contents of one cargo-vet {@code audits.toml}: criteria definitions and, per crate, full,
 * delta and violation audits, wildcard audits and trusted publishers.
 *
 * <p>{@code problems} lists entries that were malformed or that cargo-vet's importer drops, and
 * were skipped.
 *
 * <p>Holding these entries says what an organisation recorded; it does not authenticate the
 * reviewers (vet has no identity layer).
 */
public record VetAudits(
    Map<String, Criterion> criteria,
    Map<String, List<Audit>> audits,
    Map<String, List<PublisherEntry>> wildcardAudits,
    Map<String, List<PublisherEntry>> trusted,
    List<SourceProblem> problems) {

  public VetAudits {
    problems = List.copyOf(problems);
    criteria = Map.copyOf(criteria);
    audits = Map.copyOf(audits);
    wildcardAudits = Map.copyOf(wildcardAudits);
    trusted = Map.copyOf(trusted);
  }

  /** A custom criterion and the criteria it implies. */
  public record Criterion(String name, Optional<String> description, List<String> implies) {
    public Criterion {
      implies = List.copyOf(implies);
    }
  }

  /** What an {@code [[audits.CRATE]]} entry covers. */
  public enum AuditKind {
    FULL("full"),
    DELTA("delta"),
    VIOLATION("violation");

    private final String code;

    AuditKind(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /**
   * One {@code [[audits.CRATE]]} entry: a full audit of {@code version}, a delta {@code from ->
   * to}, or a violation for versions matching {@code violation}.
   */
  public record Audit(
      String crate,
      AuditKind kind,
      List<String> who,
      List<String> criteria,
      Optional<VetVersion> version,
      Optional<VetVersion> deltaFrom,
      Optional<VersionReq> violation,
      Optional<String> notes) {
    public Audit {
      who = List.copyOf(who);
      criteria = List.copyOf(criteria);
    }

    /** Readable form, e.g. {@code delta 1.0.0 -> 1.2.0 by Jane (safe-to-deploy)}. */
    public String describe() {
      String what =
          switch (kind) {
            case FULL -> "full audit of " + version.map(VetVersion::toString).orElse("?");
            case DELTA ->
                "delta "
                    + deltaFrom.map(VetVersion::toString).orElse("?")
                    + " -> "
                    + version.map(VetVersion::toString).orElse("?");
            case VIOLATION -> "violation " + violation.map(VersionReq::text).orElse("?");
          };
      return what
          + (who.isEmpty() ? "" : " by " + String.join(", ", who))
          + " ("
          + String.join(", ", criteria)
          + ")";
    }
  }

  /**
   * A {@code [[wildcard-audits.CRATE]]} or {@code [[trusted.CRATE]]} entry: every version published
   * by a crates.io user or trusted publisher between {@code start} and {@code end} meets the
   * criteria.
   */
  public record PublisherEntry(
      String crate,
      List<String> who,
      List<String> criteria,
      Optional<Long> userId,
      Optional<String> trustedPublisher,
      Optional<String> start,
      Optional<String> end,
      Optional<String> notes) {
    public PublisherEntry {
      who = List.copyOf(who);
      criteria = List.copyOf(criteria);
    }

    /** Readable form naming the publisher and period. */
    public String describe() {
      String publisher =
          userId.map(id -> "crates.io user " + id).orElse(trustedPublisher.orElse("?"));
      return "versions published by "
          + publisher
          + " from "
          + start.orElse("?")
          + " to "
          + end.orElse("?")
          + " ("
          + String.join(", ", criteria)
          + ")";
    }
  }
}
