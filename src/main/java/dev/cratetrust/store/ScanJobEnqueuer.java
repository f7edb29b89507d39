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

  /** What adding one job did. */
  enum Added {
    ADDED,
    ALREADY_QUEUED,
    ALREADY_VERIFIED
  }

  /** Adds {@code jobs}, recording each as a member of scan {@code scanId} when one is given. */
  EnqueueResult enqueue(List<NewJob> jobs, java.util.OptionalLong scanId) throws StoreException {
    int added = 0;
    int queued = 0;
    int verified = 0;
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try (InTransaction tx = new InTransaction(c);
          PreparedStatement member =
              c.prepareStatement(
                  "INSERT INTO scan_member (scan_id, crate_name, crate_version, origin,"
                      + " archive_sha256) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
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
          switch (tx.add(j, false)) {
            case ADDED -> added++;
            case ALREADY_QUEUED -> queued++;
            case ALREADY_VERIFIED -> verified++;
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

  /** Adds jobs within a caller's transaction on {@code c}; the caller commits. */
  static final class InTransaction implements AutoCloseable {
    private final PreparedStatement hasJob;
    private final PreparedStatement hasAnyResult;
    private final PreparedStatement hasResult;
    private final PreparedStatement insert;
    private final PreparedStatement raise;

    InTransaction(Connection c) throws SQLException {
      String resultOf =
          "SELECT 1 FROM verification_result WHERE crate_name = ? AND crate_version = ?"
              + " AND verifier_version = ? AND origin = ?";
      hasJob =
          c.prepareStatement(
              "SELECT 1 FROM scan_job WHERE crate_name = ? AND crate_version = ?"
                  + " AND verifier_version = ? AND origin = ? AND archive_sha256 = ?");
      hasAnyResult = c.prepareStatement(resultOf);
      hasResult = c.prepareStatement(resultOf + " AND archive_sha256 = ?");
      insert =
          c.prepareStatement(
              "INSERT INTO scan_job (crate_name, crate_version, verifier_version, source,"
                  + " repository, priority, state, attempts, run_after, enqueued_at, origin,"
                  + " archive_sha256, pinned_host)"
                  + " VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP,"
                  + " ?, ?, ?)"
                  + " ON CONFLICT DO NOTHING");
      raise =
          c.prepareStatement(
              "UPDATE scan_job SET priority = ? WHERE crate_name = ? AND crate_version = ?"
                  + " AND verifier_version = ? AND origin = ? AND archive_sha256 = ?"
                  + " AND state = 'queued' AND priority > ?");
    }

    /**
     * Adds {@code j} unless it is queued or verified already; with {@code raisePriority}, a job
     * still waiting in the queue takes {@code j}'s priority when that is more urgent.
     */
    Added add(NewJob j, boolean raisePriority) throws SQLException {
      boolean verifiedAlready =
          j.archiveSha256().isEmpty() ? exists(hasAnyResult, j, false) : exists(hasResult, j, true);
      if (verifiedAlready) {
        return Added.ALREADY_VERIFIED;
      }
      return addIgnoringResults(j, raisePriority);
    }

    /**
     * Adds {@code j} even when a result of it is stored (a re-check); a job of the same key still
     * waiting takes {@code j}'s priority when more urgent.
     */
    Added addIgnoringResults(NewJob j) throws SQLException {
      return addIgnoringResults(j, true);
    }

    private Added addIgnoringResults(NewJob j, boolean raisePriority) throws SQLException {
      if (exists(hasJob, j, true)) {
        if (raisePriority) {
          raise.setInt(1, j.priority());
          raise.setString(2, j.target().name().value());
          raise.setString(3, j.target().version().value());
          raise.setString(4, j.verifierVersion());
          raise.setString(5, j.origin());
          raise.setString(6, j.archiveSha256());
          raise.setInt(7, j.priority());
          raise.executeUpdate();
        }
        return Added.ALREADY_QUEUED;
      }
      insert.setString(1, j.target().name().value());
      insert.setString(2, j.target().version().value());
      insert.setString(3, j.verifierVersion());
      insert.setString(4, cut(j.source()));
      insert.setString(5, cut(groupKey(j)));
      insert.setInt(6, j.priority());
      insert.setString(7, j.origin());
      insert.setString(8, j.archiveSha256());
      insert.setString(9, j.pinnedHost().orElse(null));
      return insert.executeUpdate() == 1 ? Added.ADDED : Added.ALREADY_QUEUED;
    }

    @Override
    public void close() throws SQLException {
      SQLException first = null;
      for (PreparedStatement ps : List.of(hasJob, hasAnyResult, hasResult, insert, raise)) {
        try {
          ps.close();
        } catch (SQLException e) {
          if (first == null) {
            first = e;
          }
        }
      }
      if (first != null) {
        throw first;
      }
    }
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
