package dev.cratetrust.trust;

import dev.cratetrust.trust.CargoLock.LockedPackage;
import dev.cratetrust.trust.CheckReport.AdvisoryFact;
import dev.cratetrust.trust.CheckReport.Finding;
import dev.cratetrust.trust.CheckReport.PackageCheck;
import dev.cratetrust.trust.CheckReport.ReviewFact;
import dev.cratetrust.trust.CrevProof.Level;
import dev.cratetrust.trust.Policy.PolicyException;
import dev.cratetrust.trust.Policy.Rule;
import dev.cratetrust.trust.ProvenanceFact.ProvenanceClass;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a {@link Policy} to the stored facts of every package of a lockfile.
 *
 * <p>Advisory, provenance and audit rules apply to crates.io packages only; path and git packages
 * are listed with a note, since no registry fact describes them.
 */
public final class PolicyEvaluator {
  private final Policy policy;
  private final Clock clock;

  /** The stored facts about one locked package; advisories are all advisories for its crate. */
  public record PackageFacts(
      LockedPackage pkg,
      List<AdvisoryFact> advisories,
      ProvenanceFact provenance,
      YankedFact yanked,
      List<AuditFact> audits,
      List<StoredReview> reviews) {
    /** The same facts with {@code provenance} and {@code yanked} replaced. */
    public PackageFacts with(ProvenanceFact provenance, YankedFact yanked) {
      return new PackageFacts(pkg, advisories, provenance, yanked, audits, reviews);
    }
  }

  /** A crev review of the package as stored, with its source. */
  public record StoredReview(CrevProof.PackageReview review, SourceRef source) {}

  public PolicyEvaluator(Policy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * Evaluates every package; {@code trustProofs} are the stored crev trust proofs from which the
   * policy's crev roots build their web of trust.
   */
  public CheckReport evaluate(
      String lockfile, List<PackageFacts> facts, List<CrevProof.Trust> trustProofs) {
    Optional<CrevWebOfTrust.Web> web =
        policy.crevRoots().isEmpty()
            ? Optional.empty()
            : Optional.of(
                CrevWebOfTrust.compute(
                    Set.copyOf(policy.crevRoots()), trustProofs, CrevWebOfTrust.Params.DEFAULTS));
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    List<PackageCheck> checks = new ArrayList<>();
    boolean failed = false;
    for (PackageFacts f : facts) {
      PackageCheck c = check(f, today, web);
      failed |= !c.failures().isEmpty();
      checks.add(c);
    }
    return new CheckReport(
        lockfile,
        policy.name(),
        clock.instant(),
        failed ? CheckReport.Outcome.FAIL : CheckReport.Outcome.PASS,
        checks);
  }

  private PackageCheck check(PackageFacts f, LocalDate today, Optional<CrevWebOfTrust.Web> web) {
    LockedPackage pkg = f.pkg();
    List<String> notes = new ArrayList<>();
    List<Finding> raw = new ArrayList<>();
    List<AdvisoryFact> affecting = new ArrayList<>();
    if (!pkg.fromCratesIo()) {
      notes.add(
          "source is "
              + pkg.source().kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
              + ": registry advisories, provenance and audits do not describe it");
      return new PackageCheck(
          pkg,
          f.provenance(),
          f.yanked(),
          List.of(),
          List.of(),
          List.of(),
          Optional.empty(),
          List.of(),
          List.of(),
          notes);
    }
    for (AdvisoryFact a : f.advisories()) {
      Advisory adv = a.advisory();
      if (!adv.crate().equals(pkg.name())
          || adv.statusOf(pkg.version()) != Advisory.Status.AFFECTED) {
        continue;
      }
      affecting.add(a);
      boolean denied = adv.isVulnerability() || policy.denyInformational().contains(adv.kind());
      if (!denied) {
        continue;
      }
      if (ignored(adv)) {
        notes.add(adv.id() + " is ignored by the policy");
        continue;
      }
      String what = adv.isMalicious() ? "malicious code" : adv.kind().code();
      raw.add(
          new Finding(
              Rule.ADVISORY,
              pkg.name()
                  + " "
                  + pkg.version()
                  + " is affected by "
                  + adv.id()
                  + " ("
                  + what
                  + "): "
                  + adv.title(),
              Optional.of(adv.id()),
              Optional.empty()));
    }
    if (f.yanked().state() == YankedFact.State.YANKED) {
      if (policy.denyYanked()) {
        raw.add(
            new Finding(
                Rule.YANKED,
                pkg.name() + " " + pkg.version() + " is yanked in the registry index",
                Optional.empty(),
                Optional.empty()));
      } else {
        notes.add("yanked in the registry index (the policy does not deny yanked versions)");
      }
    }
    ProvenanceClass prov = f.provenance().category();
    switch (policy.provenance()) {
      case GOLD_STAR -> {
        if (prov != ProvenanceClass.GOLD_STAR) {
          raw.add(
              new Finding(
                  Rule.PROVENANCE,
                  "provenance is " + prov.code() + ", the policy requires gold-star",
                  Optional.empty(),
                  Optional.empty()));
        }
      }
      case NOT_SKETCHY -> {
        if (prov == ProvenanceClass.LOOKS_SKETCHY) {
          raw.add(
              new Finding(
                  Rule.PROVENANCE,
                  "provenance is looks-sketchy",
                  Optional.empty(),
                  Optional.empty()));
        }
      }
      case ANY -> {}
    }
    List<AuditFact> audits = new ArrayList<>();
    for (AuditFact a : f.audits()) {
      if (policy.auditSources().isEmpty() || a.restsOnlyOn(policy.auditSources())) {
        audits.add(a);
      }
    }
    boolean neededViolated = false;
    for (AuditFact a : audits) {
      if (a.kind() != AuditFact.Kind.VIOLATION && a.kind() != AuditFact.Kind.CONFLICT) {
        continue;
      }
      String what =
          a.kind() == AuditFact.Kind.VIOLATION
              ? "audit source " + a.source().name() + " records a violation of "
              : "audit source " + a.source().name() + " holds a violation conflict on ";
      String criteria = String.join(", ", a.criteria().stream().sorted().toList());
      Optional<String> needed = policy.auditCriteria();
      if (needed.isPresent() && a.criteria().contains(needed.get())) {
        neededViolated = true;
        raw.add(
            new Finding(
                Rule.AUDIT,
                what
                    + needed.get()
                    + ", which the policy requires: "
                    + String.join("; ", a.chain()),
                Optional.empty(),
                Optional.empty()));
      } else {
        notes.add(
            what
                + criteria
                + (needed.isPresent()
                    ? " (the policy requires " + needed.get() + ", which it does not violate)"
                    : " (the policy requires no audit criteria)")
                + ": "
                + String.join("; ", a.chain()));
      }
    }
    if (policy.auditCriteria().isPresent()) {
      String needed = policy.auditCriteria().get();
      boolean met =
          audits.stream()
              .anyMatch(a -> a.kind() == AuditFact.Kind.CERTIFIED && a.criteria().contains(needed));
      if (!met && !neededViolated) {
        raw.add(
            new Finding(
                Rule.AUDIT,
                "no audit source "
                    + (policy.auditSources().isEmpty()
                        ? ""
                        : "among " + String.join(", ", policy.auditSources()) + " ")
                    + "certifies "
                    + needed
                    + " for this version",
                Optional.empty(),
                Optional.empty()));
      }
    }
    List<ReviewFact> reviews = new ArrayList<>();
    for (StoredReview r : f.reviews()) {
      reviews.add(
          new ReviewFact(r.review(), r.source(), web.flatMap(w -> w.get(r.review().authorId()))));
    }
    Optional<CrevWebOfTrust.Verdict> verdict =
        web.map(
            w ->
                CrevWebOfTrust.verify(
                    w, f.reviews().stream().map(StoredReview::review).toList(), Level.LOW, 1));
    if (verdict.isPresent()) {
      boolean negative = verdict.get() == CrevWebOfTrust.Verdict.NEGATIVE;
      switch (policy.reviews()) {
        case NO_NEGATIVE -> {
          if (negative) {
            raw.add(
                new Finding(
                    Rule.REVIEW,
                    "a crev reviewer in the web of trust rated this version negative",
                    Optional.empty(),
                    Optional.empty()));
          }
        }
        case VERIFIED -> {
          if (verdict.get() != CrevWebOfTrust.Verdict.VERIFIED) {
            raw.add(
                new Finding(
                    Rule.REVIEW,
                    negative
                        ? "a crev reviewer in the web of trust rated this version negative"
                        : "no crev reviewer in the web of trust approved this version",
                    Optional.empty(),
                    Optional.empty()));
          }
        }
        case NONE -> {}
      }
    }
    List<Finding> failures = new ArrayList<>();
    List<Finding> excused = new ArrayList<>();
    for (Finding finding : raw) {
      Optional<PolicyException> ex = exceptionFor(pkg, finding);
      if (ex.isPresent() && !today.isAfter(ex.get().until())) {
        excused.add(
            new Finding(
                finding.rule(),
                finding.message(),
                finding.advisoryId(),
                Optional.of("excused until " + ex.get().until() + describe(ex.get().reason()))));
      } else if (ex.isPresent()) {
        failures.add(
            new Finding(
                finding.rule(),
                finding.message() + " (exception expired on " + ex.get().until() + ")",
                finding.advisoryId(),
                Optional.empty()));
      } else {
        failures.add(finding);
      }
    }
    return new PackageCheck(
        pkg,
        f.provenance(),
        f.yanked(),
        affecting,
        audits,
        reviews,
        verdict,
        failures,
        excused,
        notes);
  }

  private static String describe(String reason) {
    return reason.isBlank() ? "" : ": " + reason;
  }

  private boolean ignored(Advisory adv) {
    for (String id : policy.ignoredAdvisories()) {
      if (id.equals(adv.id()) || adv.aliases().contains(id)) {
        return true;
      }
    }
    return false;
  }

  private Optional<PolicyException> exceptionFor(LockedPackage pkg, Finding finding) {
    PolicyException best = null;
    for (PolicyException e : policy.exceptions()) {
      if (!e.crate().equals(pkg.name().value())) {
        continue;
      }
      if (e.version().isPresent() && !e.version().get().equals(pkg.version())) {
        continue;
      }
      if (e.rule().isPresent() && e.rule().get() != finding.rule()) {
        continue;
      }
      if (e.advisory().isPresent() && !e.advisory().equals(finding.advisoryId())) {
        continue;
      }
      if (best == null || e.until().isAfter(best.until())) {
        best = e;
      }
    }
    return Optional.ofNullable(best);
  }
}
