package dev.cratetrust.scan;

import dev.cratetrust.store.JobState;
import dev.cratetrust.store.ScanJobs;
import dev.cratetrust.store.ScanJobs.EnqueueResult;
import dev.cratetrust.store.ScanJobs.NewJob;
import dev.cratetrust.store.ScanRuns;
import dev.cratetrust.store.StoreException;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.store.VerificationResults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Runs an ecosystem scan: puts every target in the store's durable queue (skipping crates already
 * verified by this verifier version), then works the queue until nothing is left to do now.
 *
 * <p>Because the queue and results live in the store, a scan killed at any point resumes where it
 * stopped when rerun, and several processes may work one queue.
 */
public final class Scanner {
  private static final int BATCH = 1000;

  /**
   * What a scan did and what is left in the queue for workers like this scan's (same verifier
   * version and registry; jobs of other versions are left to their workers).
   */
  public record Outcome(EnqueueResult enqueued, QueueWorker.Stats work, Map<JobState, Long> queue) {
    /** Jobs still waiting for a retry after an infrastructure failure. */
    public long waiting() {
      return queue.getOrDefault(JobState.QUEUED, 0L) + queue.getOrDefault(JobState.RUNNING, 0L);
    }

    public long dead() {
      return queue.getOrDefault(JobState.DEAD, 0L);
    }
  }

  /** Collects targets and enqueues them in batches, recording them as the scan's inputs. */
  public static final class Enqueuer {
    private final ScanJobs jobs;
    private final String verifierVersion;
    private final String registryOrigin;
    private final Optional<ScanRuns.ScanRun> run;
    private final String host = QueueWorker.hostName();
    private final List<NewJob> batch = new ArrayList<>();
    private int added;
    private int queued;
    private int verified;
    private StoreException failure;

    Enqueuer(
        ScanJobs jobs,
        String verifierVersion,
        String registryOrigin,
        Optional<ScanRuns.ScanRun> run) {
      this.jobs = jobs;
      this.verifierVersion = verifierVersion;
      this.registryOrigin = registryOrigin;
      this.run = run;
    }

    /** The scan the targets are recorded under, when one was started. */
    public Optional<ScanRuns.ScanRun> run() {
      return run;
    }

    /**
     * Adds one target (flushed to the store every 1000). A vendored folder is queued for workers on
     * this host only: the queue holds its path, not its files.
     */
    public void accept(ScanTarget t) {
      if (failure != null) {
        return;
      }
      boolean vendored = t.source() instanceof ScanSource.Vendored;
      batch.add(
          new NewJob(
              t.id(),
              verifierVersion,
              t.source().encode(),
              t.repository(),
              t.priority(),
              vendored ? VerificationRecord.VENDOR : registryOrigin,
              t.expectedSha256(),
              vendored ? Optional.of(host) : Optional.empty()));
      if (batch.size() >= BATCH) {
        flushQuietly();
      }
    }

    private void flushQuietly() {
      try {
        flush();
      } catch (StoreException e) {
        failure = e;
      }
    }

    private void flush() throws StoreException {
      if (batch.isEmpty()) {
        return;
      }
      EnqueueResult r =
          jobs.enqueue(
              batch, run.isPresent() ? OptionalLong.of(run.get().id()) : OptionalLong.empty());
      batch.clear();
      added += r.added();
      queued += r.alreadyQueued();
      verified += r.alreadyVerified();
    }

    EnqueueResult finish() throws StoreException {
      if (failure != null) {
        throw failure;
      }
      flush();
      return new EnqueueResult(added, queued, verified);
    }
  }

  private final ScanJobs jobs;
  private final VerificationResults results;
  private final JobVerifier verifier;

  public Scanner(ScanJobs jobs, VerificationResults results, JobVerifier verifier) {
    this.jobs = jobs;
    this.results = results;
    this.verifier = verifier;
  }

  /** A fresh enqueuer for this scan's verifier version, recording no scan. */
  public Enqueuer enqueuer() {
    return new Enqueuer(jobs, verifier.version(), verifier.registryOrigin(), Optional.empty());
  }

  /** A fresh enqueuer that records a new scan described by {@code description} in {@code runs}. */
  public Enqueuer enqueuer(ScanRuns runs, String description) throws StoreException {
    return new Enqueuer(
        jobs,
        verifier.version(),
        verifier.registryOrigin(),
        Optional.of(runs.start(description, verifier.version())));
  }

  /** Enqueues what {@code enqueuer} collected; with {@code enqueueOnly}, stops there. */
  public Outcome run(Enqueuer enqueuer, boolean enqueueOnly, int parallelism, ScanProgress progress)
      throws StoreException {
    return run(
        enqueuer,
        enqueueOnly,
        progress,
        new QueueWorker(jobs, results, verifier, parallelism, progress));
  }

  /** As above with a given worker (tests choose its owner id, group size and poll interval). */
  public Outcome run(
      Enqueuer enqueuer, boolean enqueueOnly, ScanProgress progress, QueueWorker worker)
      throws StoreException {
    EnqueueResult r = enqueuer.finish();
    long total = (long) r.added() + r.alreadyQueued() + r.alreadyVerified();
    QueueWorker.Stats stats = new QueueWorker.Stats(0, 0, 0, 0);
    if (!enqueueOnly) {
      Map<JobState, Long> before = jobs.counts(worker.scope());
      long pending = before.get(JobState.QUEUED) + before.get(JobState.RUNNING);
      progress.total(Math.max(total, pending), Math.max(0, total - pending));
      Thread hook =
          new Thread(() -> worker.stopAndWait(Duration.ofSeconds(10)), "cratetrust-scan-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        stats = worker.run(QueueWorker.Mode.DRAIN);
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // the JVM is already shutting down
        }
      }
    }
    return new Outcome(r, stats, jobs.counts(worker.scope()));
  }
}
