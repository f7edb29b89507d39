package dev.cratetrust.store;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.trust.AuditFact;
import dev.cratetrust.trust.CargoLock.LockedPackage;
import dev.cratetrust.trust.CheckReport.AdvisoryFact;
import dev.cratetrust.trust.CrevProof;
import dev.cratetrust.trust.PolicyEvaluator.PackageFacts;
import dev.cratetrust.trust.PolicyEvaluator.StoredReview;
import dev.cratetrust.trust.ProvenanceFact;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers every stored fact about locked packages (advisories, provenance, audits) for policy
 * evaluation, reading each crate's advisories once.
 */
public final class TrustFactsRepository {
  private final AdvisoryRepository advisories;
  private final TrustProvenanceRepository provenance;
  private final AuditFileRepository audits;
  private final ReviewCrevRepository reviews;

  public TrustFactsRepository(Database db) {
    this.advisories = new AdvisoryRepository(db);
    this.provenance = new TrustProvenanceRepository(db);
    this.audits = new AuditFileRepository(db);
    this.reviews = new ReviewCrevRepository(db);
  }

  /** The stored crev trust proofs, for the web of trust of a policy's roots. */
  public List<CrevProof.Trust> trustProofs() throws StoreException {
    return reviews.trustProofs();
  }

  /** The facts of every package, in lockfile order. */
  public List<PackageFacts> factsFor(List<LockedPackage> packages) throws StoreException {
    Map<CrateName, List<AdvisoryFact>> byCrate = new HashMap<>();
    AuditFileRepository.Loaded vet = audits.loadAll();
    List<PackageFacts> out = new ArrayList<>(packages.size());
    for (LockedPackage p : packages) {
      if (!p.fromCratesIo()) {
        out.add(new PackageFacts(p, List.of(), ProvenanceFact.unknown(), List.of(), List.of()));
        continue;
      }
      List<AdvisoryFact> adv = byCrate.get(p.name());
      if (adv == null) {
        adv = new ArrayList<>();
        for (AdvisoryRepository.StoredAdvisory s : advisories.forCrate(p.name())) {
          adv.add(new AdvisoryFact(s.advisory(), s.source()));
        }
        byCrate.put(p.name(), adv);
      }
      List<AuditFact> auditFacts = vet.factsFor(p.name(), p.version());
      List<StoredReview> crev = new ArrayList<>();
      for (ReviewCrevRepository.StoredProof<CrevProof.PackageReview> r :
          reviews.reviewsOf(p.name(), p.version())) {
        crev.add(new StoredReview(r.proof(), r.source()));
      }
      out.add(new PackageFacts(p, adv, provenance.latest(p.name(), p.version()), auditFacts, crev));
    }
    return out;
  }
}
