package dev.cratetrust.web;

import dev.cratetrust.advisory.AdvisoryParser;
import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.review.crev.CrevProofReader;
import dev.cratetrust.review.vet.VetAuditsParser;
import dev.cratetrust.signals.LookAlikeNames;
import dev.cratetrust.store.AdvisoryRepository;
import dev.cratetrust.store.CratePages;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.ReviewCrevRepository;
import dev.cratetrust.store.SignalRecord;
import dev.cratetrust.store.SignalResults;
import dev.cratetrust.store.StoreException;
import dev.cratetrust.store.TrustFactsRepository;
import dev.cratetrust.store.TrustSourceRepository;
import dev.cratetrust.store.TrustTextParsers;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.trust.Advisory;
import dev.cratetrust.trust.AuditFact;
import dev.cratetrust.trust.CrevProof;
import dev.cratetrust.trust.SourceRef;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Everything the store knows about one crate version, read once per request and shared by the crate
 * page and the JSON API: the stored verification and its report, advisories, vet audits, crev
 * reviews, signals and registry facts, each with its source and date.
 *
 * <p>It shows what was stored when; it does not re-check anything, and a verdict is about the
 * published files versus the repository, not about the code's quality or intent.
 */
public record CratePageData(
    CrateName name,
    CrateVersion version,
    List<CrateVersion> versions,
    Verdict verdict,
    Optional<VerificationRecord> verification,
    Optional<JsonNode> report,
    List<AdvisoryFact> advisories,
    Optional<SourceRef> advisorySource,
    List<AuditFact> audits,
    List<ReviewCrevRepository.StoredProof<CrevProof.PackageReview>> reviews,
    Optional<SignalRecord> signals,
    Optional<CratePages.RegistryCrate> registry,
    Optional<LookAlikeNames.Match> lookAlike) {

  /** The stored texts' parsers: the same set the commands use (cli's TrustFormats). */
  static final TrustTextParsers PARSERS =
      new TrustTextParsers(
          AdvisoryParser::parse,
          VetAuditsParser::parse,
          (input, text) -> CrevProofReader.read(input, text).proofs());

  /** How many popular names look-alikes are compared with, as {@code signals} does by default. */
  static final int POPULAR = 1000;

  /**
   * The verdict's class as the CLI spells it ({@code gold-star}, {@code needs-improvement}, {@code
   * looks-sketchy}, {@code could-not-verify}) or {@code not-checked}, with the reason codes and
   * when it was reached; {@code problem} says why verifying could not complete.
   */
  public record Verdict(
      String cls, List<String> reasons, Optional<Instant> at, Optional<String> problem) {
    public static final String NOT_CHECKED = "not-checked";
    public static final String COULD_NOT_VERIFY = "could-not-verify";
  }

  /** An advisory about the crate and whether it applies to this version. */
  public record AdvisoryFact(Advisory advisory, Advisory.Status status, SourceRef source) {
    public boolean flags() {
      return status == Advisory.Status.AFFECTED;
    }
  }

  /** Every version the store knows of {@code name}, newest first; empty when it knows none. */
  public static List<CrateVersion> versionsOf(Database db, CrateName name) throws StoreException {
    return new CratePages(db).versions(name);
  }

  /**
   * Reads what the store knows about {@code name} at {@code version} (the newest known version when
   * empty); empty when the store knows no version of the crate, or not the one asked for.
   */
  public static Optional<CratePageData> load(
      Database db, CrateName name, Optional<CrateVersion> version) throws StoreException {
    CratePages pages = new CratePages(db);
    List<CrateVersion> versions = pages.versions(name);
    if (versions.isEmpty()) {
      return Optional.empty();
    }
    CrateVersion v = version.orElse(versions.getFirst());
    if (!versions.contains(v)) {
      return Optional.empty();
    }
    PackageId id = new PackageId(name, v);
    Optional<VerificationRecord> verification =
        new VerificationResults(db)
            .ofCrate(name).stream().filter(r -> r.id().version().equals(v)).min(BulkData.PREFERRED);
    Optional<JsonNode> report = verification.flatMap(CratePageData::parse);
    Verdict verdict;
    if (verification.isPresent()) {
      VerificationRecord r = verification.get();
      verdict =
          new Verdict(r.category(), r.reasons(), Optional.of(r.verifiedAt()), Optional.empty());
    } else {
      verdict =
          pages
              .deadJob(id)
              .map(
                  f ->
                      new Verdict(
                          Verdict.COULD_NOT_VERIFY,
                          List.of(),
                          Optional.of(f.at()),
                          Optional.of(f.error())))
              .orElse(
                  new Verdict(Verdict.NOT_CHECKED, List.of(), Optional.empty(), Optional.empty()));
    }
    List<AdvisoryFact> advisories =
        new AdvisoryRepository(db, PARSERS.advisory())
            .forCrate(name).stream()
                .map(s -> new AdvisoryFact(s.advisory(), s.advisory().statusOf(v), s.source()))
                .toList();
    Optional<SourceRef> advisorySource =
        new TrustSourceRepository(db)
            .list().stream()
                .map(TrustSourceRepository.StoredSource::ref)
                .filter(s -> s.kind().equals(SourceRef.ADVISORY_DB))
                .max(Comparator.comparing(SourceRef::readAt));
    List<AuditFact> audits = new TrustFactsRepository(db, PARSERS).auditSources().factsFor(name, v);
    var reviews = new ReviewCrevRepository(db, PARSERS.crev()).reviewsOf(name, v);
    Optional<SignalRecord> signals = new SignalResults(db).latest(id);
    Optional<CratePages.RegistryCrate> registry = pages.registryCrate(name);
    Optional<LookAlikeNames.Match> lookAlike =
        new LookAlikeNames(pages.popularNames(POPULAR)).match(name.value());
    return Optional.of(
        new CratePageData(
            name,
            v,
            versions,
            verdict,
            verification,
            report,
            advisories,
            advisorySource,
            audits,
            reviews,
            signals,
            registry,
            lookAlike));
  }

  /** Whether the version shown is the newest the store knows. */
  public boolean latest() {
    return versions.getFirst().equals(version);
  }

  private static Optional<JsonNode> parse(VerificationRecord r) {
    try {
      JsonNode n = Parsers.json().readTree(r.reportJson());
      return n != null && n.isObject() ? Optional.of(n) : Optional.empty();
    } catch (JacksonException e) {
      return Optional.empty();
    }
  }
}
