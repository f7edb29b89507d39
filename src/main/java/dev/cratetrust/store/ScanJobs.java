package dev.cratetrust.store;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.PackageId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable queue of verification jobs, shared by any number of processes on one store (H2 with
 * {@code AUTO_SERVER} or PostgreSQL).
 *
 * <p>Jobs are claimed with {@code FOR UPDATE SKIP LOCKED}, then held by a lease that {@link
 * #heartbeat} extends; a job whose holder died is claimable again once its lease expires. Leases,
 * backoffs and timestamps are read from the database's clock ({@code CURRENT_TIMESTAMP}), so
 * workers whose own clocks disagree still agree on when a lease ends. A job is finished exactly
 * once: {@link #complete} writes the result and marks the job done in one transaction, and only
 * while the caller still holds the lease. Failed jobs are retried with exponential backoff and
 * dead-lettered after {@link Policy#maxAttempts()} starts. A worker claims only jobs of its own
 * verifier version ({@link Scope}), so workers of two versions can share a queue during an upgrade.
 */
public final class ScanJobs {
  /** How jobs are retried and held. */
  public record Policy(int maxAttempts, Duration lease, Duration backoffBase, Duration backoffMax) {
    public Policy {
      if (maxAttempts < 1 || lease.isNegative() || lease.isZero() || backoffBase.isNegative()) {
        throw new IllegalArgumentException("invalid queue policy " + maxAttempts + "/" + lease);
      }
    }

    /** 5 attempts, 5-minute leases, 1 minute × 2^retries backoff capped at 1 hour. */
    public static Policy defaults() {
      return new Policy(5, Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofHours(1));
    }

    public Policy withLease(Duration l) {
      return new Policy(maxAttempts, l, backoffBase, backoffMax);
    }

    public Policy withBackoff(Duration base) {
      return new Policy(maxAttempts, lease, base, backoffMax);
    }
  }

  /**
   * A job to add. {@code repository} groups jobs that share a repository (so one worker takes them
   * together); empty when unknown. {@code origin} and {@code archiveSha256} are what its result
   * will be stored under (the checksum empty when only the registry knows it); {@code pinnedHost}
   * is the only host whose workers may take it.
   */
  public record NewJob(
      PackageId target,
      String verifierVersion,
      String source,
      String repository,
      int priority,
      String origin,
      String archiveSha256,
      Optional<String> pinnedHost) {

    /** A job with the origin its source implies, no expected checksum, for any host. */
    public NewJob(
        PackageId target, String verifierVersion, String source, String repository, int priority) {
      this(
          target,
          verifierVersion,
          source,
          repository,
          priority,
          source.startsWith("vendor:") ? VerificationRecord.VENDOR : VerificationRecord.CRATES_IO,
          "",
          Optional.empty());
    }
  }

  /**
   * The jobs one worker may take: those of its verifier version, from its registry (or vendored
   * folders), not pinned to another host.
   */
  public record Scope(String verifierVersion, String registryOrigin, String host) {}

  /** What {@link #enqueue} did with each job. */
  public record EnqueueResult(int added, int alreadyQueued, int alreadyVerified) {}

  /** What {@link #fail} did with a failed job. */
  public enum FailOutcome {
    RETRY_LATER,
    DEAD,
    LEASE_LOST
  }

  private final Database db;
  private final Policy policy;
  private final ScanJobClaims claims;
  private final ScanJobReports reports;

  public ScanJobs(Database db, Policy policy) {
    this.db = db;
    this.policy = policy;
    this.claims = new ScanJobClaims(db, policy);
    this.reports = new ScanJobReports(db);
  }

  private String nowPlus() {
    return ScanJobSql.nowPlus(db);
  }

  private String leaseEnd() {
    return nowPlus();
  }

  public Policy policy() {
    return policy;
  }

  /** The heartbeats of the processes sharing this queue. */
  public WorkerHeartbeats heartbeats() {
    return new WorkerHeartbeats(db);
  }

  /**
   * Adds the jobs that are neither queued already (in any state) nor verified already by the same
   * verifier version from the same origin (and checksum, when one is expected); safe against
   * concurrent enqueuers.
   */
  public EnqueueResult enqueue(List<NewJob> jobs) throws StoreException {
    return enqueue(jobs, java.util.OptionalLong.empty());
  }

  /**
   * As {@link #enqueue(List)}, also recording every job (added or not) as a member of scan {@code
   * scanId}.
   */
  public EnqueueResult enqueue(List<NewJob> jobs, java.util.OptionalLong scanId)
      throws StoreException {
    return new ScanJobEnqueuer(db).enqueue(jobs, scanId);
  }

  /**
   * Claims up to {@code max} claimable jobs of any verifier version, origin and host (tools and
   * tests; workers use {@link #claim(String, int, Scope)}).
   */
  public List<ScanJob> claim(String owner, int max) throws StoreException {
    return claims.claim(owner, max, Optional.empty());
  }

  /**
   * Claims up to {@code max} claimable jobs within {@code scope} of one repository for {@code
   * owner}: a repository with a job whose holder vanished (lease expired) first, else the one of
   * the most urgent queued job, else the next whose jobs no other worker is claiming; empty when
   * nothing is claimable now. Jobs of other verifier versions are left for workers of those
   * versions. Jobs already started {@link Policy#maxAttempts()} times by holders that vanished are
   * dead-lettered instead.
   */
  public List<ScanJob> claim(String owner, int max, Scope scope) throws StoreException {
    return claims.claim(owner, max, Optional.of(scope));
  }

  /**
   * Records that {@code owner} starts running {@code job} (counts an attempt); false when the lease
   * was lost and the job must not run.
   */
  public boolean start(ScanJob job, String owner) throws StoreException {
    return update(
            "UPDATE scan_job SET attempts = attempts + 1, lease_until = "
                + leaseEnd()
                + " WHERE id = ? AND state = 'running' AND lease_owner = ?",
            "start scan job " + job.target(),
            policy.lease().toMillis(),
            job.id(),
            owner)
        == 1;
  }

  /**
   * Stores {@code record} and marks {@code job} done in one transaction, only if {@code owner}
   * still holds it; false (nothing written) when the lease was lost to another worker.
   */
  public boolean complete(
      ScanJob job, String owner, VerificationResults results, VerificationRecord record)
      throws StoreException {
    return complete(job, owner, results, record, Optional.empty());
  }

  /**
   * As above, also storing the crate's {@code signals} in the same transaction (where {@code
   * cratetrust verify} stores them).
   */
  public boolean complete(
      ScanJob job,
      String owner,
      VerificationResults results,
      VerificationRecord record,
      Optional<SignalRecord> signals)
      throws StoreException {
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        int n;
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE scan_job SET state = 'done', finished_at = CURRENT_TIMESTAMP,"
                    + " finished_by = ?, lease_owner = NULL, lease_until = NULL,"
                    + " last_error = NULL WHERE id = ? AND state = 'running' AND lease_owner = ?")) {
          ps.setString(1, owner);
          ps.setLong(2, job.id());
          ps.setString(3, owner);
          n = ps.executeUpdate();
        }
        if (n != 1) {
          c.rollback();
          return false;
        }
        results.upsert(c, record);
        if (signals.isPresent()) {
          new SignalResults(db).upsert(c, signals.get());
        }
        c.commit();
        return true;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException(
          "complete scan job " + job.target() + " in " + db.description() + ": " + e, e);
    }
  }

  /**
   * Records that the current attempt of {@code job} failed with {@code error}: queued again after a
   * backoff, or dead-lettered once it has been started {@link Policy#maxAttempts()} times (or when
   * {@code permanent}).
   */
  public FailOutcome fail(ScanJob job, String owner, String error, boolean permanent)
      throws StoreException {
    return fail(
        job,
        owner,
        error,
        permanent,
        permanent ? FailureKind.INVALID_INPUT : FailureKind.UNAVAILABLE);
  }

  /** As above, recording the failure as of {@code kind} (for error rates). */
  public FailOutcome fail(
      ScanJob job, String owner, String error, boolean permanent, FailureKind kind)
      throws StoreException {
    int attempts;
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT attempts FROM scan_job WHERE id = ? AND state = 'running'"
                    + " AND lease_owner = ?")) {
      ps.setLong(1, job.id());
      ps.setString(2, owner);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return FailOutcome.LEASE_LOST;
        }
        attempts = rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new StoreException(
          "record failure of scan job " + job.target() + " in " + db.description() + ": " + e, e);
    }
    String message = ScanJobSql.cut(InputText.printable(error));
    if (permanent || attempts >= policy.maxAttempts()) {
      int n =
          update(
              "UPDATE scan_job SET state = 'dead', finished_at = CURRENT_TIMESTAMP,"
                  + " finished_by = ?, lease_owner = NULL, lease_until = NULL, last_error = ?,"
                  + " last_error_kind = ?, last_failed_at = CURRENT_TIMESTAMP"
                  + " WHERE id = ? AND lease_owner = ?",
              "dead-letter scan job " + job.target(),
              owner,
              message,
              kind.code(),
              job.id(),
              owner);
      return n == 1 ? FailOutcome.DEAD : FailOutcome.LEASE_LOST;
    }
    int n =
        update(
            "UPDATE scan_job SET state = 'queued', run_after = "
                + nowPlus()
                + ", lease_owner = NULL, lease_until = NULL, last_error = ?, last_error_kind = ?,"
                + " last_failed_at = CURRENT_TIMESTAMP WHERE id = ? AND lease_owner = ?",
            "requeue scan job " + job.target(),
            backoff(attempts).toMillis(),
            message,
            kind.code(),
            job.id(),
            owner);
    return n == 1 ? FailOutcome.RETRY_LATER : FailOutcome.LEASE_LOST;
  }

  /** The delay before retry number {@code attempts}: base × 2^(attempts-1), capped. */
  public Duration backoff(int attempts) {
    Duration d = policy.backoffBase().multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 30));
    return d.compareTo(policy.backoffMax()) > 0 ? policy.backoffMax() : d;
  }

  /** Extends the leases of every job {@code owner} holds; returns how many. */
  public int heartbeat(String owner) throws StoreException {
    return update(
        "UPDATE scan_job SET lease_until = "
            + leaseEnd()
            + " WHERE state = 'running' AND lease_owner = ?",
        "extend leases of " + owner,
        policy.lease().toMillis(),
        owner);
  }

  /**
   * Gives back every job {@code owner} holds (queued again, claimable now) so a stopping process
   * does not make others wait for its leases to expire; returns how many.
   */
  public int release(String owner) throws StoreException {
    return update(
        "UPDATE scan_job SET state = 'queued', lease_owner = NULL, lease_until = NULL,"
            + " run_after = CURRENT_TIMESTAMP WHERE state = 'running' AND lease_owner = ?",
        "release jobs of " + owner,
        owner);
  }

  /** Gives back one claimed job that was not started. */
  public void release(ScanJob job, String owner) throws StoreException {
    update(
        "UPDATE scan_job SET state = 'queued', lease_owner = NULL, lease_until = NULL"
            + " WHERE id = ? AND state = 'running' AND lease_owner = ?",
        "release scan job " + job.target(),
        job.id(),
        owner);
  }

  /** The distinct owners holding running jobs (whether or not their leases expired). */
  public List<String> runningOwners() throws StoreException {
    return reports.runningOwners();
  }

  /** Queues every dead-lettered job again with a fresh attempt count; returns how many. */
  public int requeueDead() throws StoreException {
    return update(
        "UPDATE scan_job SET state = 'queued', attempts = 0, run_after = CURRENT_TIMESTAMP,"
            + " finished_at = NULL WHERE state = 'dead'",
        "requeue dead scan jobs");
  }

  /** How many jobs are in each state. */
  public Map<JobState, Long> counts() throws StoreException {
    return reports.counts(Optional.empty());
  }

  /** How many jobs within {@code scope} are in each state. */
  public Map<JobState, Long> counts(Scope scope) throws StoreException {
    return reports.counts(Optional.of(scope));
  }

  /**
   * True while some job is claimable now or held by a worker (whose lease may still run); jobs
   * waiting out a backoff do not count.
   */
  public boolean hasActiveWork() throws StoreException {
    return reports.hasActiveWork(Optional.empty());
  }

  /** As {@link #hasActiveWork()}, counting only jobs within {@code scope}. */
  public boolean hasActiveWork(Scope scope) throws StoreException {
    return reports.hasActiveWork(Optional.of(scope));
  }

  /**
   * Where a queued crate version stands: its state, the last error of a failed attempt, and when it
   * was queued and finished.
   */
  public record JobStatus(
      PackageId id,
      String verifierVersion,
      JobState state,
      Optional<String> lastError,
      Instant enqueuedAt,
      Optional<Instant> finishedAt) {}

  /**
   * The jobs of every version of {@code name} (all verifier versions and origins), most recently
   * queued first.
   */
  public List<JobStatus> ofCrate(CrateName name) throws StoreException {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT crate_name, crate_version, verifier_version, state, last_error,"
                    + " enqueued_at, finished_at FROM scan_job WHERE crate_name = ?"
                    + " ORDER BY enqueued_at DESC, id DESC")) {
      ps.setString(1, name.value());
      List<JobStatus> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Timestamp finished = rs.getTimestamp(7);
          out.add(
              new JobStatus(
                  PackageId.of(rs.getString(1), rs.getString(2)),
                  rs.getString(3),
                  JobState.ofColumn(rs.getString(4)),
                  Optional.ofNullable(rs.getString(5)),
                  rs.getTimestamp(6).toInstant(),
                  Optional.ofNullable(finished).map(Timestamp::toInstant)));
        }
      }
      return out;
    } catch (SQLException | IllegalArgumentException e) {
      throw new StoreException(
          "list scan jobs of " + name + " in " + db.description() + ": " + e, e);
    }
  }

  /** Jobs in {@code state}, most urgent first, at most {@code limit}. */
  public List<ScanJob> list(JobState state, int limit) throws StoreException {
    return reports.list(state, limit);
  }

  private int update(String sql, String operation, Object... args) throws StoreException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException(operation + " in " + db.description() + ": " + e, e);
    }
  }
}
