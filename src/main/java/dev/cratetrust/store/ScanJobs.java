package dev.cratetrust.store;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.PackageId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

  private static final String JOB_COLUMNS =
      "id, crate_name, crate_version, verifier_version, source, repository, priority, attempts,"
          + " last_error, origin, archive_sha256";
  private static final String CLAIMABLE =
      "((state = 'queued' AND run_after <= CURRENT_TIMESTAMP)"
          + " OR (state = 'running' AND lease_until < CURRENT_TIMESTAMP))";
  private static final int MAX_TEXT = 2000;

  private final Database db;
  private final Policy policy;

  public ScanJobs(Database db, Policy policy) {
    this.db = db;
    this.policy = policy;
  }

  /** SQL for the database's time plus a number of milliseconds given as one parameter. */
  private String nowPlus() {
    return switch (db.kind()) {
      case H2 -> "DATEADD(MILLISECOND, CAST(? AS BIGINT), CURRENT_TIMESTAMP)";
      case POSTGRESQL -> "(CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '1 millisecond')";
    };
  }

  private String leaseEnd() {
    return nowPlus();
  }

  /** The condition (and its parameters) restricting jobs to {@code scope}; none when empty. */
  private record Filter(String sql, List<Object> args) {
    static Filter of(Optional<Scope> scope) {
      if (scope.isEmpty()) {
        return new Filter("", List.of());
      }
      Scope s = scope.get();
      return new Filter(
          " AND verifier_version = ? AND (origin = ? OR origin = 'vendor')"
              + " AND (pinned_host IS NULL OR pinned_host = ?)",
          List.of(s.verifierVersion(), s.registryOrigin(), s.host()));
    }

    int bind(PreparedStatement ps, int from) throws SQLException {
      int i = from;
      for (Object a : args) {
        ps.setObject(i++, a);
      }
      return i;
    }
  }

  public Policy policy() {
    return policy;
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
    int added = 0;
    int queued = 0;
    int verified = 0;
    String insert =
        "INSERT INTO scan_job (crate_name, crate_version, verifier_version, source, repository,"
            + " priority, state, attempts, run_after, enqueued_at, origin, archive_sha256,"
            + " pinned_host)"
            + " VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, ?,"
            + " ?, ?)"
            + " ON CONFLICT DO NOTHING";
    String resultOf =
        "SELECT 1 FROM verification_result WHERE crate_name = ? AND crate_version = ?"
            + " AND verifier_version = ? AND origin = ?";
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try (PreparedStatement hasJob =
              c.prepareStatement(
                  "SELECT 1 FROM scan_job WHERE crate_name = ? AND crate_version = ?"
                      + " AND verifier_version = ? AND origin = ? AND archive_sha256 = ?");
          PreparedStatement hasAnyResult = c.prepareStatement(resultOf);
          PreparedStatement hasResult = c.prepareStatement(resultOf + " AND archive_sha256 = ?");
          PreparedStatement member =
              c.prepareStatement(
                  "INSERT INTO scan_member (scan_id, crate_name, crate_version, origin,"
                      + " archive_sha256) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
          PreparedStatement ins = c.prepareStatement(insert)) {
        int inBatch = 0;
        for (NewJob j : jobs) {
          if (scanId.isPresent()) {
            member.setLong(1, scanId.getAsLong());
            member.setString(2, j.target().name().value());
            member.setString(3, j.target().version().value());
            member.setString(4, j.origin());
            member.setString(5, j.archiveSha256());
            member.executeUpdate();
          }
          boolean verifiedAlready =
              j.archiveSha256().isEmpty()
                  ? exists(hasAnyResult, j, false)
                  : exists(hasResult, j, true);
          if (verifiedAlready) {
            verified++;
            continue;
          }
          if (exists(hasJob, j, true)) {
            queued++;
            continue;
          }
          ins.setString(1, j.target().name().value());
          ins.setString(2, j.target().version().value());
          ins.setString(3, j.verifierVersion());
          ins.setString(4, cut(j.source()));
          ins.setString(5, cut(groupKey(j)));
          ins.setInt(6, j.priority());
          ins.setString(7, j.origin());
          ins.setString(8, j.archiveSha256());
          ins.setString(9, j.pinnedHost().orElse(null));
          int n = ins.executeUpdate();
          if (n == 1) {
            added++;
          } else {
            queued++;
          }
          if (++inBatch == 500) {
            c.commit();
            inBatch = 0;
          }
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("enqueue scan jobs in " + db.description() + ": " + e, e);
    }
    return new EnqueueResult(added, queued, verified);
  }

  private static String groupKey(NewJob j) {
    return j.repository().isBlank() ? "crate:" + j.target().name().value() : j.repository();
  }

  private static boolean exists(PreparedStatement ps, NewJob j, boolean withChecksum)
      throws SQLException {
    ps.setString(1, j.target().name().value());
    ps.setString(2, j.target().version().value());
    ps.setString(3, j.verifierVersion());
    ps.setString(4, j.origin());
    if (withChecksum) {
      ps.setString(5, j.archiveSha256());
    }
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  /**
   * Claims up to {@code max} claimable jobs of any verifier version, origin and host (tools and
   * tests; workers use {@link #claim(String, int, Scope)}).
   */
  public List<ScanJob> claim(String owner, int max) throws StoreException {
    return claim(owner, max, Optional.empty());
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
    return claim(owner, max, Optional.of(scope));
  }

  private List<ScanJob> claim(String owner, int max, Optional<Scope> scope) throws StoreException {
    Filter filter = Filter.of(scope);
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        // Candidate repositories, most urgent first: jobs whose holder vanished, then queued jobs
        // by priority. Read without locks (each query walks its own index; H2 would sort the whole
        // queue for a locking read); the jobs are then locked per repository, skipping any that
        // another worker holds, so two workers never claim the same job.
        Set<String> candidates = new LinkedHashSet<>();
        candidates.addAll(
            repositories(
                c,
                "SELECT repository FROM scan_job WHERE state = 'running'"
                    + " AND lease_until < CURRENT_TIMESTAMP"
                    + filter.sql()
                    + " ORDER BY priority, id LIMIT ?",
                filter));
        candidates.addAll(
            repositories(
                c,
                "SELECT repository FROM scan_job WHERE state = 'queued'"
                    + " AND run_after <= CURRENT_TIMESTAMP"
                    + filter.sql()
                    + " ORDER BY state, priority, id LIMIT ?",
                filter));
        List<ScanJob> jobs = new ArrayList<>();
        for (String repository : candidates) {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + JOB_COLUMNS
                      + " FROM scan_job WHERE repository = ? AND "
                      + CLAIMABLE
                      + filter.sql()
                      + " ORDER BY priority, id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            ps.setString(1, repository);
            int next = filter.bind(ps, 2);
            ps.setInt(next, max);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                jobs.add(read(rs));
              }
            }
          }
          if (!jobs.isEmpty()) {
            break;
          }
        }
        if (jobs.isEmpty()) {
          c.commit();
          return List.of();
        }
        List<ScanJob> claimed = new ArrayList<>();
        try (PreparedStatement hold =
                c.prepareStatement(
                    "UPDATE scan_job SET state = 'running', lease_owner = ?, lease_until = "
                        + leaseEnd()
                        + " WHERE id = ?");
            PreparedStatement bury =
                c.prepareStatement(
                    "UPDATE scan_job SET state = 'dead', lease_owner = NULL, lease_until = NULL,"
                        + " finished_at = CURRENT_TIMESTAMP, last_error = ? WHERE id = ?")) {
          for (ScanJob j : jobs) {
            if (j.attempts() >= policy.maxAttempts()) {
              bury.setString(
                  1,
                  cut(
                      "started "
                          + j.attempts()
                          + " times; the last holder vanished without finishing"
                          + j.lastError().map(e -> "; earlier error: " + e).orElse("")));
              bury.setLong(2, j.id());
              bury.executeUpdate();
              continue;
            }
            hold.setString(1, owner);
            hold.setLong(2, policy.lease().toMillis());
            hold.setLong(3, j.id());
            hold.executeUpdate();
            claimed.add(j);
          }
        }
        c.commit();
        return claimed;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("claim scan jobs in " + db.description() + ": " + e, e);
    }
  }

  /** How many candidate repositories one claim looks at before giving up for now. */
  private static final int CANDIDATES = 32;

  private static List<String> repositories(Connection c, String sql, Filter filter)
      throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int next = filter.bind(ps, 1);
      ps.setInt(next, CANDIDATES);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
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
    String message = cut(InputText.printable(error));
    if (permanent || attempts >= policy.maxAttempts()) {
      int n =
          update(
              "UPDATE scan_job SET state = 'dead', finished_at = CURRENT_TIMESTAMP,"
                  + " finished_by = ?, lease_owner = NULL, lease_until = NULL, last_error = ?"
                  + " WHERE id = ? AND lease_owner = ?",
              "dead-letter scan job " + job.target(),
              owner,
              message,
              job.id(),
              owner);
      return n == 1 ? FailOutcome.DEAD : FailOutcome.LEASE_LOST;
    }
    int n =
        update(
            "UPDATE scan_job SET state = 'queued', run_after = "
                + nowPlus()
                + ", lease_owner = NULL, lease_until = NULL, last_error = ? WHERE id = ?"
                + " AND lease_owner = ?",
            "requeue scan job " + job.target(),
            backoff(attempts).toMillis(),
            message,
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
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT DISTINCT lease_owner FROM scan_job WHERE state = 'running'"
                    + " AND lease_owner IS NOT NULL");
        ResultSet rs = ps.executeQuery()) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("list job holders in " + db.description() + ": " + e, e);
    }
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
    return counts(Optional.empty());
  }

  /** How many jobs within {@code scope} are in each state. */
  public Map<JobState, Long> counts(Scope scope) throws StoreException {
    return counts(Optional.of(scope));
  }

  private Map<JobState, Long> counts(Optional<Scope> scope) throws StoreException {
    Map<JobState, Long> out = new EnumMap<>(JobState.class);
    for (JobState s : JobState.values()) {
      out.put(s, 0L);
    }
    Filter filter = Filter.of(scope);
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT state, COUNT(*) FROM scan_job WHERE 1 = 1"
                    + filter.sql()
                    + " GROUP BY state")) {
      filter.bind(ps, 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(JobState.ofColumn(rs.getString(1)), rs.getLong(2));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("count scan jobs in " + db.description() + ": " + e, e);
    }
  }

  /**
   * True while some job is claimable now or held by a worker (whose lease may still run); jobs
   * waiting out a backoff do not count.
   */
  public boolean hasActiveWork() throws StoreException {
    return hasActiveWork(Optional.empty());
  }

  /** As {@link #hasActiveWork()}, counting only jobs within {@code scope}. */
  public boolean hasActiveWork(Scope scope) throws StoreException {
    return hasActiveWork(Optional.of(scope));
  }

  private boolean hasActiveWork(Optional<Scope> scope) throws StoreException {
    Filter filter = Filter.of(scope);
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT 1 FROM scan_job WHERE ((state = 'queued'"
                    + " AND run_after <= CURRENT_TIMESTAMP) OR state = 'running')"
                    + filter.sql()
                    + " LIMIT 1")) {
      filter.bind(ps, 1);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new StoreException("look for scan jobs in " + db.description() + ": " + e, e);
    }
  }

  /** Jobs in {@code state}, most urgent first, at most {@code limit}. */
  public List<ScanJob> list(JobState state, int limit) throws StoreException {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + JOB_COLUMNS
                    + " FROM scan_job WHERE state = ? ORDER BY priority, id LIMIT ?")) {
      ps.setString(1, state.column());
      ps.setInt(2, limit);
      List<ScanJob> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("list scan jobs in " + db.description() + ": " + e, e);
    }
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

  private static String cut(String s) {
    return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s;
  }

  private static ScanJob read(ResultSet rs) throws SQLException {
    return new ScanJob(
        rs.getLong("id"),
        PackageId.of(rs.getString("crate_name"), rs.getString("crate_version")),
        rs.getString("verifier_version"),
        rs.getString("source"),
        rs.getString("repository"),
        rs.getInt("priority"),
        rs.getInt("attempts"),
        Optional.ofNullable(rs.getString("last_error")),
        rs.getString("origin"),
        rs.getString("archive_sha256"));
  }
}
