package dev.cratetrust.store;

import static dev.cratetrust.store.ScanJobSql.CLAIMABLE;
import static dev.cratetrust.store.ScanJobSql.JOB_COLUMNS;
import static dev.cratetrust.store.ScanJobSql.cut;
import static dev.cratetrust.store.ScanJobSql.read;

import dev.cratetrust.store.ScanJobSql.Filter;
import dev.cratetrust.store.ScanJobs.Policy;
import dev.cratetrust.store.ScanJobs.Scope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Claims the next jobs of one repository from the scan queue under a lease, dead-lettering jobs
 * whose earlier holders vanished too often.
 */
final class ScanJobClaims {
  private final Database db;
  private final Policy policy;

  ScanJobClaims(Database db, Policy policy) {
    this.db = db;
    this.policy = policy;
  }

  List<ScanJob> claim(String owner, int max, Optional<Scope> scope) throws StoreException {
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
                        + ScanJobSql.nowPlus(db)
                        + " WHERE id = ?");
            PreparedStatement bury =
                c.prepareStatement(
                    "UPDATE scan_job SET state = 'dead', lease_owner = NULL, lease_until = NULL,"
                        + " finished_at = CURRENT_TIMESTAMP, last_error = ?,"
                        + " last_error_kind = 'vanished', last_failed_at = CURRENT_TIMESTAMP"
                        + " WHERE id = ?")) {
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
}
