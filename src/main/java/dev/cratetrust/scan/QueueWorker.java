package dev.cratetrust.scan;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.store.FailureKind;
import dev.cratetrust.store.ScanJob;
import dev.cratetrust.store.ScanJobs;
import dev.cratetrust.store.StoreException;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.store.VerificationResults;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs from the store's queue with a fixed number of virtual-thread loops, each claiming all
 * ready jobs of one repository at a time so a repository is fetched once; keeps its leases alive
 * with a heartbeat and records every outcome in the queue.
 *
 * <p>A job's result is stored only while this worker still holds its lease, so a job taken over by
 * another worker is never finished twice. It claims only jobs of its verifier's version and
 * registry, and vendored folders queued on its host. A bug met while running one job (an unexpected
 * exception, a result the store refuses) fails that job, with the stack trace in the log; only a
 * failing store stops the worker.
 */
public final class QueueWorker {
  private static final Logger log = LoggerFactory.getLogger(QueueWorker.class);

  /** When the loops stop: once nothing is left to do, or only when told to. */
  public enum Mode {
    DRAIN,
    FOREVER
  }

  /** What this worker did. */
  public record Stats(long verified, long retryLater, long deadLettered, long leaseLost) {}

  private final ScanJobs jobs;
  private final VerificationResults results;
  private final JobVerifier verifier;
  private final int parallelism;
  private final int groupSize;
  private final Duration idlePoll;
  private final String owner;
  private final ScanJobs.Scope scope;
  private final ScanProgress progress;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicLong verified = new AtomicLong();
  private final AtomicLong retry = new AtomicLong();
  private final AtomicLong deadCount = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private final AtomicReference<Throwable> storeFailure = new AtomicReference<>();
  private final java.util.concurrent.CountDownLatch finished =
      new java.util.concurrent.CountDownLatch(1);

  public QueueWorker(
      ScanJobs jobs,
      VerificationResults results,
      JobVerifier verifier,
      int parallelism,
      ScanProgress progress) {
    this(jobs, results, verifier, parallelism, 25, Duration.ofMillis(200), newOwnerId(), progress);
  }

  public QueueWorker(
      ScanJobs jobs,
      VerificationResults results,
      JobVerifier verifier,
      int parallelism,
      int groupSize,
      Duration idlePoll,
      String owner,
      ScanProgress progress) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("--jobs must be at least 1, got " + parallelism);
    }
    this.jobs = jobs;
    this.results = results;
    this.verifier = verifier;
    this.parallelism = parallelism;
    this.groupSize = groupSize;
    this.idlePoll = idlePoll;
    this.owner = owner;
    this.scope = new ScanJobs.Scope(verifier.version(), verifier.registryOrigin(), hostName());
    this.progress = progress;
  }

  /** This machine's host name as workers and vendored jobs record it. */
  public static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown-host";
    }
  }

  /** {@code host:pid:random}, unique per process run. */
  public static String newOwnerId() {
    String host = hostName();
    String pid = ManagementFactory.getRuntimeMXBean().getName();
    pid = pid.contains("@") ? pid.substring(0, pid.indexOf('@')) : pid;
    return host + ":" + pid + ":" + UUID.randomUUID().toString().substring(0, 8);
  }

  public String owner() {
    return owner;
  }

  /** The jobs this worker may claim. */
  public ScanJobs.Scope scope() {
    return scope;
  }

  /** Asks the loops to stop after their current job; unstarted claimed jobs are given back. */
  public void stop() {
    stopping.set(true);
  }

  /**
   * Stops and waits up to {@code grace} for {@link #run} to give back its jobs (for shutdown
   * hooks); true when it did.
   */
  public boolean stopAndWait(Duration grace) {
    stop();
    try {
      return finished.await(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Runs until the queue has no active work ({@link Mode#DRAIN}) or until {@link #stop()}; gives
   * back every job still held on the way out. Throws when the store failed.
   */
  public Stats run(Mode mode) throws StoreException {
    reclaimFromDeadLocalProcesses();
    beat();
    Thread heartbeat =
        Thread.ofVirtual()
            .name("cratetrust-heartbeat")
            .start(
                () -> {
                  long ms =
                      Math.max(50, Math.min(HEARTBEAT_MAX, jobs.policy().lease().toMillis() / 3));
                  while (!stopping.get()) {
                    try {
                      Thread.sleep(ms);
                      jobs.heartbeat(owner);
                      beat();
                    } catch (InterruptedException e) {
                      return;
                    } catch (StoreException e) {
                      log.warn("heartbeat for {} failed: {}", owner, e.getMessage());
                    }
                  }
                });
    List<Thread> loops = new ArrayList<>();
    for (int i = 0; i < parallelism; i++) {
      loops.add(Thread.ofVirtual().name("cratetrust-worker-" + i).start(() -> loop(mode)));
    }
    try {
      for (Thread t : loops) {
        t.join();
      }
    } catch (InterruptedException e) {
      stopping.set(true);
      Thread.currentThread().interrupt();
    } finally {
      stopping.set(true);
      heartbeat.interrupt();
      try {
        jobs.release(owner);
        beat();
        jobs.heartbeats().stopped(owner);
      } catch (StoreException e) {
        log.warn("could not give back jobs of {}: {}", owner, e.getMessage());
      }
      finished.countDown();
    }
    Throwable failure = storeFailure.get();
    if (failure instanceof StoreException se) {
      throw se;
    }
    if (failure != null) {
      throw new StoreException("run scan jobs: " + failure, failure);
    }
    return new Stats(verified.get(), retry.get(), deadCount.get(), lost.get());
  }

  /**
   * Gives back at once the jobs held by processes of this host that no longer exist (a scan killed
   * with {@code kill -9}), instead of waiting for their leases to expire. Holders on other hosts
   * are left to their leases.
   */
  private void reclaimFromDeadLocalProcesses() throws StoreException {
    int colon = owner.indexOf(':');
    if (colon <= 0) {
      return;
    }
    String host = owner.substring(0, colon);
    for (String other : jobs.runningOwners()) {
      String[] parts = other.split(":");
      if (parts.length != 3 || !parts[0].equals(host) || other.equals(owner)) {
        continue;
      }
      long pid;
      try {
        pid = Long.parseLong(parts[1]);
      } catch (NumberFormatException e) {
        continue;
      }
      if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        continue;
      }
      int n = jobs.release(other);
      log.info("took back {} job(s) from {}, which no longer runs", n, other);
    }
  }

  /** Longest time between two heartbeats, whatever the lease. */
  private static final long HEARTBEAT_MAX = 15_000;

  private void beat() {
    try {
      jobs.heartbeats().beat(owner, "worker", verified.get(), retry.get() + deadCount.get());
    } catch (StoreException e) {
      log.warn("heartbeat for {} failed: {}", owner, e.getMessage());
    }
  }

  /** What this worker did so far. */
  public Stats stats() {
    return new Stats(verified.get(), retry.get(), deadCount.get(), lost.get());
  }

  private void loop(Mode mode) {
    try {
      while (!stopping.get()) {
        List<ScanJob> group = jobs.claim(owner, groupSize, scope);
        if (group.isEmpty()) {
          if (mode == Mode.DRAIN && !jobs.hasActiveWork(scope)) {
            return;
          }
          Thread.sleep(idlePoll);
          continue;
        }
        for (ScanJob job : group) {
          if (stopping.get()) {
            jobs.release(job, owner);
            continue;
          }
          runOne(job);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (StoreException | RuntimeException e) {
      storeFailure.compareAndSet(null, e);
      stopping.set(true);
    }
  }

  private void runOne(ScanJob job) throws StoreException {
    if (!jobs.start(job, owner)) {
      lost.incrementAndGet();
      return;
    }
    progress.started(job.target());
    JobVerifier.Result result;
    try {
      ScanTarget target =
          new ScanTarget(
              job.target(),
              ScanSource.decode(job.source()),
              job.repository(),
              job.priority(),
              job.archiveSha256());
      result = verifier.verify(target);
      VerificationRecord record = result.record();
      if (!record.id().equals(job.target())
          || !record.verifierVersion().equals(job.verifierVersion())) {
        fail(
            job,
            "verifier returned a result for "
                + record.id()
                + " version "
                + record.verifierVersion()
                + " instead of "
                + job.target()
                + " version "
                + job.verifierVersion(),
            true,
            FailureKind.INTERNAL);
        return;
      }
    } catch (BadInputException e) {
      fail(job, "invalid input: " + e.getMessage(), true, FailureKind.INVALID_INPUT);
      return;
    } catch (UnavailableException e) {
      fail(job, e.getMessage(), false, FailureKind.UNAVAILABLE);
      return;
    } catch (StackOverflowError e) {
      log.error("verify {} failed with an internal error (a bug)", job.target(), e);
      fail(job, "internal error: " + e, false, FailureKind.INTERNAL);
      return;
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Exception | LinkageError | AssertionError e) {
      log.error("verify {} failed with an internal error (a bug)", job.target(), e);
      fail(job, "internal error: " + e, false, FailureKind.INTERNAL);
      return;
    }
    boolean stored;
    try {
      stored = jobs.complete(job, owner, results, result.record(), result.signals());
    } catch (StoreException | RuntimeException e) {
      // The store refused this result (or failed): fail the job; if recording that fails too,
      // the store itself is down and the worker stops.
      log.error("store the result of {} failed", job.target(), e);
      fail(job, "store the result: " + e.getMessage(), false, FailureKind.STORE);
      return;
    }
    if (stored) {
      verified.incrementAndGet();
      progress.verified(job.target());
    } else {
      lost.incrementAndGet();
    }
  }

  private void fail(ScanJob job, String error, boolean permanent, FailureKind kind)
      throws StoreException {
    switch (jobs.fail(job, owner, error, permanent, kind)) {
      case RETRY_LATER -> {
        retry.incrementAndGet();
        log.debug("verify {}: {} (will retry)", job.target(), InputText.printable(error));
        progress.failedRetryable(job.target(), error);
      }
      case DEAD -> {
        deadCount.incrementAndGet();
        log.info("verify {}: {} (gave up)", job.target(), InputText.printable(error));
        progress.deadLettered(job.target(), error);
      }
      case LEASE_LOST -> lost.incrementAndGet();
    }
  }
}
