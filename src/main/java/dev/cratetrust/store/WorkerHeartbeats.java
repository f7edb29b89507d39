package dev.cratetrust.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The last sign of life of each worker and follower process, in {@code worker_heartbeat}, with
 * times from the database's clock.
 */
public final class WorkerHeartbeats {
  private final Database db;

  public WorkerHeartbeats(Database db) {
    this.db = db;
  }

  /** Records that {@code owner} (a {@code kind} process) is alive with these totals so far. */
  public void beat(String owner, String kind, long done, long failed) throws StoreException {
    String sql =
        switch (db.kind()) {
          case H2 ->
              "MERGE INTO worker_heartbeat t USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
                  + " CAST(? AS BIGINT), CAST(? AS BIGINT))) s(owner, kind, done, failed)"
                  + " ON t.owner = s.owner"
                  + " WHEN MATCHED THEN UPDATE SET beat_at = CURRENT_TIMESTAMP, stopped_at = NULL,"
                  + " jobs_done = s.done, jobs_failed = s.failed"
                  + " WHEN NOT MATCHED THEN INSERT (owner, kind, started_at, beat_at, jobs_done,"
                  + " jobs_failed) VALUES (s.owner, s.kind, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP,"
                  + " s.done, s.failed)";
          case POSTGRESQL ->
              "INSERT INTO worker_heartbeat (owner, kind, started_at, beat_at, jobs_done,"
                  + " jobs_failed) VALUES (?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, ?, ?)"
                  + " ON CONFLICT (owner) DO UPDATE SET beat_at = CURRENT_TIMESTAMP,"
                  + " stopped_at = NULL, jobs_done = EXCLUDED.jobs_done,"
                  + " jobs_failed = EXCLUDED.jobs_failed";
        };
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, ScanJobSql.cut(owner));
      ps.setString(2, kind);
      ps.setLong(3, done);
      ps.setLong(4, failed);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException(
          "record the heartbeat of " + owner + " in " + db.description() + ": " + e, e);
    }
  }

  /** Records that {@code owner} stopped cleanly. */
  public void stopped(String owner) throws StoreException {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE worker_heartbeat SET stopped_at = CURRENT_TIMESTAMP WHERE owner = ?")) {
      ps.setString(1, ScanJobSql.cut(owner));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException(
          "record that " + owner + " stopped in " + db.description() + ": " + e, e);
    }
  }
}
