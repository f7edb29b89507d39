package dev.cratetrust.store;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.trust.CargoLock.LockedPackage;
import dev.cratetrust.trust.CheckReport.AdvisoryFact;
import dev.cratetrust.trust.CrevProof;
import dev.cratetrust.trust.PolicyEvaluator.PackageFacts;
import dev.cratetrust.trust.PolicyEvaluator.StoredReview;
import dev.cratetrust.trust.ProvenanceFact;
import dev.cratetrust.trust.YankedFact;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gathers every stored fact about locked packages (advisories, provenance, yanked, audits and own
 * reviews) for policy evaluation, reading each crate's advisories once.
 */
public final class TrustFactsRepository {
  private final AdvisoryRepository advisories;
  private final TrustProvenanceRepository provenance;
  private final AuditFileRepository audits;
  private final ReviewCrevRepository reviews;
  private final TrustYankedRepository yanked;
  private final ReviewOwnRepository ownReviews;

  /** {@code parsers} read the stored advisory, audit and proof texts back. */
  public TrustFactsRepository(Database db, TrustTextParsers parsers) {
    this.advisories = new AdvisoryRepository(db, parsers.advisory());
    this.provenance = new TrustProvenanceRepository(db);
    this.audits = new AuditFileRepository(db, parsers.vet());
    this.reviews = new ReviewCrevRepository(db, parsers.crev());
    this.yanked = new TrustYankedRepository(db);
    this.ownReviews = new ReviewOwnRepository(db, parsers.vet());
  }

  /** Every stored audit source plus the own reviews as the source named {@code own}. */
  public AuditFileRepository.Loaded auditSources() throws StoreException {
    return withOwnReviews(audits.loadAll());
  }

  private AuditFileRepository.Loaded withOwnReviews(AuditFileRepository.Loaded stored)
      throws StoreException {
    Optional<AuditFileRepository.Source> own = ownReviews.asAuditSource();
    if (own.isEmpty()) {
      return stored;
    }
    List<AuditFileRepository.Source> all = new ArrayList<>(stored.sources());
    all.add(own.get());
    return new AuditFileRepository.Loaded(all);
  }

  /** The stored crev trust proofs, for the web of trust of a policy's roots. */
  public List<CrevProof.Trust> trustProofs() throws StoreException {
    return reviews.trustProofs();
  }

  /** The facts of every package, in lockfile order, with audits of every source. */
  public List<PackageFacts> factsFor(List<LockedPackage> packages) throws StoreException {
    return factsFor(packages, List.of());
  }

  /**
   * The facts of every package, in lockfile order; audits come from the vet sources named in {@code
   * auditSources} (every one when empty), alone and combined.
   */
  public List<PackageFacts> factsFor(
      List<LockedPackage> packages, java.util.Collection<String> auditSources)
      throws StoreException {
    AuditFileRepository.Loaded vet = withOwnReviews(audits.loadAll());
    List<PackageId> ids = new ArrayList<>();
    Map<PackageId, Optional<String>> checksums = new java.util.LinkedHashMap<>();
    for (LockedPackage p : packages) {
      if (p.fromCratesIo()) {
        PackageId id = new PackageId(p.name(), p.version());
        ids.add(id);
        checksums.merge(id, p.checksum(), (a, b) -> a.isPresent() ? a : b);
      }
    }
    Map<CrateName, List<AdvisoryRepository.StoredAdvisory>> adv =
        advisories.forCrates(ids.stream().map(PackageId::name).toList());
    Map<PackageId, ProvenanceFact> prov = provenance.latest(checksums);
    Map<PackageId, YankedFact> yank = yanked.latest(ids);
    Map<PackageId, List<ReviewCrevRepository.StoredProof<CrevProof.PackageReview>>> crev =
        reviews.reviewsOf(ids);
    List<PackageFacts> out = new ArrayList<>(packages.size());
    for (LockedPackage p : packages) {
      if (!p.fromCratesIo()) {
        out.add(
            new PackageFacts(
                p,
                List.of(),
                ProvenanceFact.unknown(),
                YankedFact.unknown(),
                List.of(),
                List.of()));
        continue;
      }
      PackageId id = new PackageId(p.name(), p.version());
      List<AdvisoryFact> advisoryFacts = new ArrayList<>();
      for (AdvisoryRepository.StoredAdvisory s : adv.get(p.name())) {
        advisoryFacts.add(new AdvisoryFact(s.advisory(), s.source()));
      }
      List<StoredReview> crevFacts = new ArrayList<>();
      for (ReviewCrevRepository.StoredProof<CrevProof.PackageReview> r : crev.get(id)) {
        crevFacts.add(new StoredReview(r.proof(), r.source()));
      }
      out.add(
          new PackageFacts(
              p,
              advisoryFacts,
              prov.get(id),
              yank.get(id),
              vet.factsFor(p.name(), p.version(), auditSources),
              crevFacts));
    }
    return out;
  }
}
