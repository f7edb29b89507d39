package dev.cratetrust.trust;

import dev.cratetrust.trust.CargoLock.LockedPackage;
import dev.cratetrust.trust.Policy.Rule;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The result of checking every package of a lockfile against a policy, with the facts behind each
 * decision.
 *
 * <p>A pass means no stored fact violates the policy; it does not mean the dependencies are safe.
 */
public record CheckReport(
    String lockfile,
    String policy,
    Instant checkedAt,
    Outcome outcome,
    List<PackageCheck> packages) {

  /** The overall result. */
  public enum Outcome {
    PASS("pass"),
    FAIL("fail");

    private final String code;

    Outcome(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  public CheckReport {
    packages = List.copyOf(packages);
  }

  /** The facts and findings for one locked package. */
  public record PackageCheck(
      LockedPackage pkg,
      ProvenanceFact provenance,
      YankedFact yanked,
      List<AdvisoryFact> advisories,
      List<AuditFact> audits,
      List<ReviewFact> reviews,
      Optional<CrevWebOfTrust.Verdict> crevVerdict,
      List<Finding> failures,
      List<Finding> excused,
      List<String> notes) {
    public PackageCheck {
      advisories = List.copyOf(advisories);
      audits = List.copyOf(audits);
      reviews = List.copyOf(reviews);
      failures = List.copyOf(failures);
      excused = List.copyOf(excused);
      notes = List.copyOf(notes);
    }
  }

  /**
   * A signature-verified crev review of the locked version, with its author's place in the reader's
   * web of trust (empty when the author is outside it or no roots were chosen).
   */
  public record ReviewFact(
      CrevProof.PackageReview review, SourceRef source, Optional<CrevWebOfTrust.Trusted> trust) {}

  /** An advisory that affects the locked version, with the source it was read from. */
  public record AdvisoryFact(Advisory advisory, SourceRef source) {}

  /**
   * One policy failure: the rule, a readable reason, the advisory id when the rule is about one,
   * and for an excused failure the exception that excuses it.
   */
  public record Finding(
      Rule rule, String message, Optional<String> advisoryId, Optional<String> exception) {}

  public long failureCount() {
    return packages.stream().mapToLong(p -> p.failures().size()).sum();
  }
}
