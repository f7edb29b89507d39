package dev.cratetrust.web;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.store.AdvisoryRepository;
import dev.cratetrust.store.AuditFileRepository;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.ReviewCrevRepository;
import dev.cratetrust.store.ReviewOwnRepository;
import dev.cratetrust.store.SignalRecord;
import dev.cratetrust.store.SignalResults;
import dev.cratetrust.store.StoreException;
import dev.cratetrust.store.TrustTextParsers;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.trust.Advisory;
import dev.cratetrust.trust.AuditFact;
import dev.cratetrust.trust.CrevProof;
import dev.cratetrust.trust.OwnReview;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads from the store what the Reliability tab shows for one crate: every stored version with its
 * latest registry verification, latest signals, advisories, audits and reviews.
 *
 * <p>Only the registry's crate is shown (origin {@code crates.io} or another index, the crate's own
 * repository link): a verification of a local file or against a repository given by hand says
 * nothing about the published version.
 */
public final class ReliabilityData {
  private final Database db;
  private final TrustTextParsers parsers;

  public ReliabilityData(Database db, TrustTextParsers parsers) {
    this.db = db;
    this.parsers = parsers;
  }

  /** The timeline of {@code crate}; empty when the store holds no version of it. */
  public Optional<ReliabilityTimeline> timeline(CrateName crate) throws StoreException {
    return timeline(crate, List.of());
  }

  /**
   * The timeline of {@code crate} with {@code requested} versions (queued for verification) shown
   * too, as versions with nothing stored yet; empty when there is no version at all.
   */
  public Optional<ReliabilityTimeline> timeline(
      CrateName crate, java.util.Collection<CrateVersion> requested) throws StoreException {
    List<VersionFacts> facts = versions(crate, requested);
    return facts.isEmpty() ? Optional.empty() : Optional.of(ReliabilityTimeline.of(crate, facts));
  }

  /** The facts of every stored version of {@code crate}, oldest version first. */
  public List<VersionFacts> versions(CrateName crate, java.util.Collection<CrateVersion> requested)
      throws StoreException {
    Map<CrateVersion, VerificationRecord> verifications = new LinkedHashMap<>();
    for (VerificationRecord r : new VerificationResults(db).ofCrate(crate)) {
      if (VerificationRecord.isRegistry(r.origin()) && r.repositoryOverride().isEmpty()) {
        verifications.putIfAbsent(r.id().version(), r);
      }
    }
    Map<CrateVersion, SignalRecord> signals = new LinkedHashMap<>();
    for (SignalRecord s : new SignalResults(db).ofCrate(crate)) {
      signals.putIfAbsent(s.id().version(), s);
    }
    TreeSet<CrateVersion> versions = new TreeSet<>(verifications.keySet());
    versions.addAll(signals.keySet());
    versions.addAll(requested);
    if (versions.isEmpty()) {
      return List.of();
    }
    List<AdvisoryRepository.StoredAdvisory> advisories =
        new AdvisoryRepository(db, parsers.advisory()).forCrate(crate);
    AuditFileRepository.Loaded audits = new AuditFileRepository(db, parsers.vet()).loadAll();
    ReviewCrevRepository crev = new ReviewCrevRepository(db, parsers.crev());
    ReviewOwnRepository own = new ReviewOwnRepository(db, parsers.vet());
    List<VersionFacts> out = new ArrayList<>();
    for (CrateVersion v : versions) {
      Optional<SignalRecord> sig = Optional.ofNullable(signals.get(v));
      out.add(
          new VersionFacts(
              new PackageId(crate, v),
              Optional.ofNullable(verifications.get(v)),
              sig.map(SignalRecord::signals).orElse(List.of()),
              sig.map(SignalRecord::computedAt),
              advisoryNotes(advisories, v),
              auditNotes(audits.factsFor(crate, v)),
              reviewNotes(crev.reviewsOf(crate, v), own.of(crate, v))));
    }
    return out;
  }

  private static List<VersionFacts.AdvisoryNote> advisoryNotes(
      List<AdvisoryRepository.StoredAdvisory> stored, CrateVersion v) {
    List<VersionFacts.AdvisoryNote> out = new ArrayList<>();
    for (AdvisoryRepository.StoredAdvisory s : stored) {
      Advisory a = s.advisory();
      out.add(
          new VersionFacts.AdvisoryNote(
              a.id(),
              a.kind().code(),
              a.title(),
              a.statusOf(v).name().toLowerCase(Locale.ROOT),
              a.isMalicious(),
              a.link(),
              s.source().name(),
              s.source().readAt()));
    }
    return out;
  }

  private static List<VersionFacts.AuditNote> auditNotes(List<AuditFact> facts) {
    return facts.stream()
        .map(
            f ->
                new VersionFacts.AuditNote(
                    f.kind().code(),
                    new TreeSet<>(f.criteria()).stream().toList(),
                    f.chain(),
                    f.source().name(),
                    f.source().readAt()))
        .toList();
  }

  private static List<VersionFacts.ReviewNote> reviewNotes(
      List<ReviewCrevRepository.StoredProof<CrevProof.PackageReview>> crev, List<OwnReview> own) {
    List<VersionFacts.ReviewNote> out = new ArrayList<>();
    for (ReviewCrevRepository.StoredProof<CrevProof.PackageReview> p : crev) {
      CrevProof.PackageReview r = p.proof();
      out.add(
          new VersionFacts.ReviewNote(
              r.authorId(),
              r.rating().orElse(""),
              r.thoroughness().orElse(""),
              r.comment(),
              "crev " + p.source().name(),
              r.date()));
    }
    for (OwnReview r : own) {
      out.add(
          new VersionFacts.ReviewNote(
              r.who(), r.rating(), r.thoroughness(), r.notes(), "own review", r.date().toString()));
    }
    return out;
  }
}
