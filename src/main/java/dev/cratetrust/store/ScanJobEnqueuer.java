package dev.cratetrust.store;

import static dev.cratetrust.store.ScanJobSql.cut;

import dev.cratetrust.store.ScanJobs.EnqueueResult;
import dev.cratetrust.store.ScanJobs.NewJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Adds jobs to the scan queue, skipping those already queued or already verified. */
final class ScanJobEnqueuer {
  private final Database db;

  ScanJobEnqueuer(Database db) {
    this.db = db;
  }

  /** Adds {@code jobs}, recording each as a member of scan {@code scanId} when one is given. */
  EnqueueResult enqueue(List<NewJob> jobs, java.util.OptionalLong scanId) throws StoreException {
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
}
