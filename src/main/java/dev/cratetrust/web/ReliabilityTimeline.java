package dev.cratetrust.web;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.signals.Severity;
import dev.cratetrust.signals.Signal;
import dev.cratetrust.store.VerificationRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The Reliability tab of one crate: its stored versions, newest first, each with its verdict, chain
 * of custody, advisories, audits, reviews and signals, the flags raised with the reason for each,
 * and what changed since the previous stored version and since the last version whose files were
 * verified against its repository.
 *
 * <p>Built only from stored facts; a version that was never verified shows as such, and a change
 * the stored signals do not capture is not shown.
 */
public record ReliabilityTimeline(CrateName crate, List<Entry> entries) {

  /** The category of a version whose files matched its repository's commit. */
  public static final String VERIFIED_CATEGORY = "gold-star";

  public ReliabilityTimeline {
    entries = List.copyOf(entries);
  }

  /** The stored verdict of one version. */
  public record Verdict(
      String category,
      List<String> reasons,
      Instant verifiedAt,
      String verifierVersion,
      Optional<String> commit) {
    public Verdict {
      reasons = List.copyOf(reasons);
    }
  }

  /**
   * One flag on a version and why it was raised.
   *
   * @param kind {@code advisory}, {@code audit}, {@code review}, {@code provenance} or {@code
   *     signal}
   * @param code the advisory id, reason or signal code
   * @param reason a sentence saying what the source states
   * @param source where the fact comes from and when it was read
   */
  public record Flag(String kind, String code, String reason, String source) {}

  /**
   * What changed from {@code base} (an earlier stored version) to this one.
   *
   * @param files changed paths by blob id, when both versions have stored reports with files
   */
  public record Step(
      CrateVersion base,
      Optional<String> baseCategory,
      SignalChange signals,
      Optional<StoredFiles> files) {}

  /** One stored version. */
  public record Entry(
      VersionFacts facts,
      Optional<Verdict> verdict,
      CustodyChain custody,
      List<Flag> flags,
      Optional<Step> sincePrevious,
      Optional<Step> sinceLastVerified) {
    public Entry {
      flags = List.copyOf(flags);
    }

    public CrateVersion version() {
      return facts.id().version();
    }
  }

  /** The timeline over {@code versions} (any order; one element per version). */
  public static ReliabilityTimeline of(CrateName crate, List<VersionFacts> versions) {
    List<VersionFacts> ascending =
        versions.stream().sorted(Comparator.comparing(v -> v.id().version())).toList();
    List<Entry> out = new ArrayList<>();
    VersionFacts previous = null;
    VersionFacts lastVerified = null;
    for (VersionFacts v : ascending) {
      Optional<JsonNode> report = report(v.verification());
      Optional<Verdict> verdict = v.verification().map(ReliabilityTimeline::verdict);
      CustodyChain custody = report.map(CustodyChain::of).orElseGet(CustodyChain::unverified);
      out.add(
          new Entry(
              v,
              verdict,
              custody,
              flags(v, report),
              Optional.ofNullable(previous).map(p -> step(p, v)),
              Optional.ofNullable(lastVerified).map(p -> step(p, v))));
      previous = v;
      if (verdict.map(d -> d.category().equals(VERIFIED_CATEGORY)).orElse(false)) {
        lastVerified = v;
      }
    }
    return new ReliabilityTimeline(crate, out.reversed());
  }

  /** The entry of {@code version}, if stored. */
  public Optional<Entry> entry(CrateVersion version) {
    return entries.stream().filter(e -> e.version().equals(version)).findFirst();
  }

  /** What changed from {@code base} to {@code target}, both stored versions. */
  public static Step step(VersionFacts base, VersionFacts target) {
    Optional<JsonNode> a = report(base.verification());
    Optional<JsonNode> b = report(target.verification());
    Optional<StoredFiles> files =
        a.isPresent() && b.isPresent() ? StoredFiles.between(a.get(), b.get()) : Optional.empty();
    return new Step(
        base.id().version(),
        base.verification().map(VerificationRecord::category),
        SignalChange.between(base.signals(), target.signals()),
        files);
  }

  /** The stored report as JSON, empty when there is none or it does not parse. */
  static Optional<JsonNode> report(Optional<VerificationRecord> record) {
    if (record.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode n = Parsers.json().readTree(record.get().reportJson());
      return n != null && n.isObject() ? Optional.of(n) : Optional.empty();
    } catch (JacksonException e) {
      return Optional.empty();
    }
  }

  private static Verdict verdict(VerificationRecord r) {
    return new Verdict(
        r.category(),
        r.reasons(),
        r.verifiedAt(),
        r.verifierVersion(),
        r.commit().map(c -> c.hex()));
  }

  private static List<Flag> flags(VersionFacts v, Optional<JsonNode> report) {
    List<Flag> out = new ArrayList<>();
    for (VersionFacts.AdvisoryNote a : v.advisories()) {
      if (a.affects()) {
        out.add(
            new Flag(
                "advisory",
                a.id(),
                (a.malicious() ? "malicious code: " : a.kind() + ": ") + a.title(),
                a.source() + ", synced " + a.syncedAt()));
      }
    }
    for (VersionFacts.AuditNote a : v.audits()) {
      if (a.kind().equals("violation") || a.kind().equals("conflict")) {
        out.add(
            new Flag(
                "audit",
                a.kind(),
                "cargo-vet "
                    + a.kind()
                    + (a.criteria().isEmpty() ? "" : " of " + String.join(", ", a.criteria())),
                a.source() + ", read " + a.readAt()));
      }
    }
    for (VersionFacts.ReviewNote r : v.reviews()) {
      if (r.rating().equals("negative") || r.rating().equals("dangerous")) {
        out.add(
            new Flag(
                "review",
                r.rating(),
                "review by " + r.author() + " rates it " + r.rating(),
                r.source() + ", " + r.date()));
      }
    }
    if (v.verification().isPresent()
        && !v.verification().get().category().equals(VERIFIED_CATEGORY)) {
      VerificationRecord rec = v.verification().get();
      String source = "verification by " + rec.verifierVersion() + ", " + rec.verifiedAt();
      JsonNode findings = report.map(r -> r.path("findings")).orElse(null);
      boolean any = false;
      if (findings != null && findings.isArray()) {
        for (JsonNode f : findings) {
          Optional<String> implies = CustodyChain.text(f, "implies");
          if (implies.isEmpty()) {
            continue;
          }
          any = true;
          String detail = CustodyChain.text(f, "detail").orElse("");
          out.add(
              new Flag(
                  "provenance",
                  CustodyChain.text(f, "code").orElse("?"),
                  CustodyChain.text(f, "summary").orElse("")
                      + (detail.isEmpty() ? "" : ": " + detail),
                  source));
        }
      }
      if (!any) {
        for (String reason : rec.reasons()) {
          out.add(new Flag("provenance", reason, "reason recorded by the verifier", source));
        }
      }
    }
    for (Signal s : v.signals()) {
      if (s.severity() == Severity.WARNING) {
        out.add(
            new Flag(
                "signal",
                s.code(),
                s.message(),
                "signals" + v.signalsComputedAt().map(t -> ", computed " + t).orElse("")));
      }
    }
    return out;
  }
}
