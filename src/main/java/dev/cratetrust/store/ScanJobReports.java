package dev.cratetrust.store;

import static dev.cratetrust.store.ScanJobSql.JOB_COLUMNS;
import static dev.cratetrust.store.ScanJobSql.read;

import dev.cratetrust.store.ScanJobSql.Filter;
import dev.cratetrust.store.ScanJobs.Scope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Read-only views of the scan queue: counts by state, active work, job lists and holders. */
final class ScanJobReports {
  private final Database db;

  ScanJobReports(Database db) {
    this.db = db;
  }

  /** The distinct owners holding running jobs (whether or not their leases expired). */
  List<String> runningOwners() throws StoreException {
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

  Map<JobState, Long> counts(Optional<Scope> scope) throws StoreException {
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

  boolean hasActiveWork(Optional<Scope> scope) throws StoreException {
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
  List<ScanJob> list(JobState state, int limit) throws StoreException {
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
}
