package dev.cratetrust.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of the scan queue for {@code cratetrust status} and {@code /metrics}: depth by
 * priority class, recent throughput, recent failures by kind, the oldest waiting job and each
 * process's last heartbeat; ages are measured on the database's clock.
 *
 * <p>Throughput counts jobs finished in the window (a job verified twice counts once, at its last
 * finish); failures count jobs whose latest failed attempt falls in the window.
 */
public final class QueueStatus {
  /** Priority classes: {@code follow} below -1, {@code recheck} -1, {@code background} 0 and up. */
  public static final List<String> CLASSES = List.of("follow", "recheck", "background");

  /** The windows throughput and failures are counted over. */
  public static final List<Duration> WINDOWS =
      List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15));

  private static final String CLASS_OF =
      "CASE WHEN priority < -1 THEN 'follow' WHEN priority < 0 THEN 'recheck'"
          + " ELSE 'background' END";

  private final Database db;

  public QueueStatus(Database db) {
    this.db = db;
  }

  /** The oldest job still waiting to be claimed. */
  public record Oldest(String job, int priority, Instant enqueuedAt, Duration age) {}

  /** One worker or follower process as it last reported. */
  public record Process(
      String owner,
      String kind,
      Instant startedAt,
      Instant lastBeat,
      Duration sinceLastBeat,
      Optional<Instant> stoppedAt,
      long done,
      long failed) {}

  /**
   * @param queued jobs waiting (including those waiting out a retry backoff), by priority class
   * @param finished jobs finished (done) within each of {@link #WINDOWS}
   * @param failures per failure kind, jobs whose latest failure lies within each of {@link
   *     #WINDOWS}
   */
  public record Snapshot(
      Instant at,
      Map<String, Long> queued,
      long running,
      long done,
      long dead,
      Map<Duration, Long> finished,
      Map<String, Map<Duration, Long>> failures,
      Optional<Oldest> oldest,
      List<Process> processes) {
    public long queuedTotal() {
      return queued.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Reads the snapshot; processes that last beat more than a day ago are left out. */
  public Snapshot read() throws StoreException {
    try (Connection c = db.connection()) {
      Instant now;
      try (PreparedStatement ps = c.prepareStatement("SELECT CURRENT_TIMESTAMP");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        now = rs.getTimestamp(1).toInstant();
      }
      Map<String, Long> queued = new LinkedHashMap<>();
      CLASSES.forEach(k -> queued.put(k, 0L));
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + CLASS_OF
                      + " AS k, COUNT(*) FROM scan_job WHERE state = 'queued' GROUP BY "
                      + CLASS_OF);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          queued.put(rs.getString(1), rs.getLong(2));
        }
      }
      Map<String, Long> states = new LinkedHashMap<>();
      try (PreparedStatement ps =
              c.prepareStatement("SELECT state, COUNT(*) FROM scan_job GROUP BY state");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          states.put(rs.getString(1), rs.getLong(2));
        }
      }
      Map<Duration, Long> finished = new LinkedHashMap<>();
      Map<String, Map<Duration, Long>> failures = new LinkedHashMap<>();
      for (FailureKind k : FailureKind.values()) {
        failures.put(k.code(), new LinkedHashMap<>());
      }
      for (Duration w : WINDOWS) {
        Timestamp since = Timestamp.from(now.minus(w));
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM scan_job WHERE finished_at >= ? AND state = 'done'")) {
          ps.setTimestamp(1, since);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            finished.put(w, rs.getLong(1));
          }
        }
        for (Map<Duration, Long> m : failures.values()) {
          m.put(w, 0L);
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT last_error_kind, COUNT(*) FROM scan_job WHERE last_failed_at >= ?"
                    + " GROUP BY last_error_kind")) {
          ps.setTimestamp(1, since);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String kind = rs.getString(1) == null ? "unknown" : rs.getString(1);
              failures.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(w, rs.getLong(2));
            }
          }
        }
      }
      Optional<Oldest> oldest = Optional.empty();
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT crate_name, crate_version, priority, enqueued_at FROM scan_job"
                      + " WHERE state = 'queued' ORDER BY enqueued_at, id LIMIT 1");
          ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          Instant at = rs.getTimestamp(4).toInstant();
          oldest =
              Optional.of(
                  new Oldest(
                      rs.getString(1) + "@" + rs.getString(2),
                      rs.getInt(3),
                      at,
                      nonNegative(Duration.between(at, now))));
        }
      }
      List<Process> processes = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT owner, kind, started_at, beat_at, stopped_at, jobs_done, jobs_failed"
                  + " FROM worker_heartbeat WHERE beat_at >= ? ORDER BY kind, owner")) {
        ps.setTimestamp(1, Timestamp.from(now.minus(Duration.ofDays(1))));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Instant beat = rs.getTimestamp(4).toInstant();
            Timestamp stopped = rs.getTimestamp(5);
            processes.add(
                new Process(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getTimestamp(3).toInstant(),
                    beat,
                    nonNegative(Duration.between(beat, now)),
                    Optional.ofNullable(stopped).map(Timestamp::toInstant),
                    rs.getLong(6),
                    rs.getLong(7)));
          }
        }
      }
      return new Snapshot(
          now,
          queued,
          states.getOrDefault("running", 0L),
          states.getOrDefault("done", 0L),
          states.getOrDefault("dead", 0L),
          finished,
          failures,
          oldest,
          processes);
    } catch (SQLException e) {
      throw new StoreException("read the queue status of " + db.description() + ": " + e, e);
    }
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
