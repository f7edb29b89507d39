package dev.cratetrust.verify;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.registry.IndexEntry;
import dev.cratetrust.registry.Registry;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.StoreException;
import dev.cratetrust.store.TrustProvenanceRepository;
import dev.cratetrust.store.TrustYankedRepository;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.trust.PolicyEvaluator.PackageFacts;
import dev.cratetrust.trust.ProvenanceFact;
import dev.cratetrust.trust.ProvenanceFact.ProvenanceClass;
import dev.cratetrust.trust.YankedFact;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Completes the stored facts of a lockfile's crates.io packages online for {@code check}: reads
 * each version's yanked flag from the registry index and verifies, {@code jobs} at a time, the
 * versions with no stored result of the locked archive (the lockfile's checksum) by this verifier
 * version, storing every answer.
 *
 * <p>A version that could not be checked (registry or repository host unreachable, broken download,
 * a bug met while verifying it) keeps an unknown state with the reason; that is never a verdict
 * about the crate, and the other versions are still checked.
 */
public final class LockfileFactsCompleter {
  /** Downloads and verifies one published crate version, giving the record to store. */
  @FunctionalInterface
  public interface PublishedVerifier {
    VerificationRecord verify(PackageId id) throws BadInputException, UnavailableException;
  }

  /** What the completer reports while it works; the command line prints it. */
  public interface Progress {
    /** Before verifying {@code count} versions, {@code jobs} at a time, by {@code version}. */
    void verifying(long count, String verifierVersion, int jobs);

    /** A version's provenance was learned (possibly unknown with the reason). */
    void learned(PackageId id, ProvenanceFact fact);

    /**
     * Verifying {@code id} met a bug; called from a worker thread. The version keeps an unknown
     * state.
     */
    void internalError(PackageId id, Throwable error);
  }

  private final Registry registry;
  private final String registryName;
  private final PublishedVerifier verifier;
  private final String verifierVersion;
  private final Database store;
  private final Clock clock;
  private final int jobs;
  private final Progress progress;

  /**
   * What was learned about one version; {@code provenance} is empty when verification was not
   * attempted, {@code record} when it did not complete.
   */
  private record Learned(
      PackageId id,
      YankedFact yanked,
      Optional<ProvenanceFact> provenance,
      Optional<VerificationRecord> record) {}

  public LockfileFactsCompleter(
      Registry registry,
      String registryName,
      PublishedVerifier verifier,
      String verifierVersion,
      Database store,
      Clock clock,
      int jobs,
      Progress progress) {
    this.registry = registry;
    this.registryName = registryName;
    this.verifier = verifier;
    this.verifierVersion = verifierVersion;
    this.store = store;
    this.clock = clock;
    this.jobs = jobs;
    this.progress = progress;
  }

  /** The facts with yanked state and missing provenance filled in, in the same order. */
  public List<PackageFacts> complete(List<PackageFacts> stored) throws StoreException {
    Map<PackageId, Optional<String>> checksums = new LinkedHashMap<>();
    for (PackageFacts f : stored) {
      if (f.pkg().fromCratesIo()) {
        checksums.merge(
            new PackageId(f.pkg().name(), f.pkg().version()),
            f.pkg().checksum(),
            (a, b) -> a.isPresent() ? a : b);
      }
    }
    Set<PackageId> current =
        new TrustProvenanceRepository(store).current(checksums, verifierVersion);
    Map<PackageId, Boolean> todo = new LinkedHashMap<>();
    for (PackageId id : checksums.keySet()) {
      todo.put(id, !current.contains(id));
    }
    long toVerify = todo.values().stream().filter(v -> v).count();
    if (toVerify > 0) {
      progress.verifying(toVerify, verifierVersion, jobs);
    }
    Map<PackageId, Learned> learned = new LinkedHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(jobs, Thread.ofVirtual().factory());
    try {
      CompletionService<Learned> done = new ExecutorCompletionService<>(pool);
      for (Map.Entry<PackageId, Boolean> e : todo.entrySet()) {
        done.submit(() -> learn(e.getKey(), e.getValue(), checksums.get(e.getKey())));
      }
      VerificationResults results = new VerificationResults(store);
      TrustYankedRepository yanked = new TrustYankedRepository(store);
      for (int i = 0; i < todo.size(); i++) {
        Learned l = take(done);
        if (l.yanked().state() != YankedFact.State.UNKNOWN) {
          yanked.record(
              l.id(),
              l.yanked().state() == YankedFact.State.YANKED,
              registryName,
              l.yanked().checkedAt().orElseThrow());
        }
        if (l.record().isPresent()) {
          results.upsert(l.record().get());
        }
        l.provenance().ifPresent(p -> progress.learned(l.id(), p));
        learned.put(l.id(), l);
      }
    } finally {
      pool.shutdownNow();
    }
    List<PackageFacts> out = new ArrayList<>(stored.size());
    for (PackageFacts f : stored) {
      Learned l =
          f.pkg().fromCratesIo()
              ? learned.get(new PackageId(f.pkg().name(), f.pkg().version()))
              : null;
      out.add(
          l == null
              ? f
              : f.with(
                  l.provenance().orElse(f.provenance()),
                  l.yanked().state() == YankedFact.State.UNKNOWN
                          && f.yanked().state() != YankedFact.State.UNKNOWN
                      ? f.yanked()
                      : l.yanked()));
    }
    return out;
  }

  private static Learned take(CompletionService<Learned> done) {
    try {
      return done.take().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("check interrupted while verifying crates", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private Learned learn(PackageId id, boolean verify, Optional<String> lockedChecksum) {
    YankedFact yanked;
    try {
      Optional<IndexEntry> entry = registry.entry(id);
      yanked =
          entry.isPresent()
              ? YankedFact.of(entry.get().yanked(), clock.instant(), registryName)
              : YankedFact.unknown(
                  "read index entry of " + id + ": the registry index does not list this version");
    } catch (UnavailableException e) {
      yanked = YankedFact.unknown(e.getMessage());
    }
    if (!verify) {
      return new Learned(id, yanked, Optional.empty(), Optional.empty());
    }
    try {
      VerificationRecord rec = verifier.verify(id);
      if (lockedChecksum.isPresent() && !rec.archiveSha256().equals(lockedChecksum.get())) {
        return new Learned(
            id,
            yanked,
            Optional.of(
                ProvenanceFact.unknown(
                    "verify "
                        + id
                        + ": the registry's archive (sha256 "
                        + rec.archiveSha256()
                        + ") is not the locked one (sha256 "
                        + lockedChecksum.get()
                        + ")")),
            Optional.of(rec));
      }
      ProvenanceFact fact =
          new ProvenanceFact(
              ProvenanceClass.ofCode(rec.category()),
              Optional.of(String.join(",", rec.reasons())),
              Optional.of(rec.verifierVersion()),
              Optional.of(rec.verifiedAt()));
      return new Learned(id, yanked, Optional.of(fact), Optional.of(rec));
    } catch (UnavailableException | BadInputException e) {
      String msg = e.getMessage() == null ? e.toString() : e.getMessage();
      return new Learned(
          id,
          yanked,
          Optional.of(ProvenanceFact.unknown("verify " + id + ": " + msg)),
          Optional.empty());
    } catch (RuntimeException | StackOverflowError e) {
      progress.internalError(id, e);
      return new Learned(
          id,
          yanked,
          Optional.of(ProvenanceFact.unknown("verify " + id + ": internal error (a bug): " + e)),
          Optional.empty());
    }
  }
}
