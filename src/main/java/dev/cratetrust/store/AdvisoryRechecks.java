package dev.cratetrust.store;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.trust.Advisory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Queues a re-check of every stored crate version a newly imported advisory affects, so its verdict
 * is computed again ahead of background scans.
 *
 * <p>Only versions verified from a registry (crates.io or an index) are queued: a crate file or
 * folder verified once is not kept, so it cannot be read again. Whether an advisory affects a
 * version is decided by its {@code patched}/{@code unaffected} ranges alone, as cargo-audit does.
 */
public final class AdvisoryRechecks {
  private final Database db;

  public AdvisoryRechecks(Database db) {
    this.db = db;
  }

  /** What {@link #recheck} queued. */
  public record Outcome(int affected, int requeued, int added, int alreadyPending) {}

  /** The ids of every crates.io advisory in the store, from any source. */
  public Set<String> storedIds() throws StoreException {
    Set<String> out = new HashSet<>();
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement("SELECT DISTINCT advisory_id FROM advisory WHERE collection = ?");
        ResultSet rs = query(ps, "crates")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new StoreException("read advisory ids from " + db.description() + ": " + e, e);
    }
    return out;
  }

  private static ResultSet query(PreparedStatement ps, String arg) throws SQLException {
    ps.setString(1, arg);
    return ps.executeQuery();
  }

  /**
   * Queues, for {@code verifierVersion}, every stored registry-verified version that one of {@code
   * advisories} affects: a finished or dead-lettered job of it is queued again, a waiting one takes
   * {@code priority} when more urgent, and a version without a job gets a new one.
   */
  public Outcome recheck(Collection<Advisory> advisories, String verifierVersion, int priority)
      throws StoreException {
    Map<String, List<Advisory>> byCrate = new HashMap<>();
    for (Advisory a : advisories) {
      byCrate.computeIfAbsent(a.crate().value(), k -> new ArrayList<>()).add(a);
    }
    if (byCrate.isEmpty()) {
      return new Outcome(0, 0, 0, 0);
    }
    record Key(PackageId id, String origin) {}
    Set<Key> affected = new LinkedHashSet<>();
    try (Connection c = db.connection()) {
      TrustBatch.query(
          c,
          "SELECT DISTINCT crate_name, crate_version, origin FROM verification_result"
              + " WHERE (origin = 'crates.io' OR origin LIKE 'index:%') AND crate_name IN (",
          ")",
          List.copyOf(byCrate.keySet()),
          rs -> {
            var id = TrustBatch.packageId(rs, 1);
            if (id.isEmpty()) {
              return;
            }
            for (Advisory a : byCrate.getOrDefault(rs.getString(1), List.of())) {
              if (a.statusOf(id.get().version()) == Advisory.Status.AFFECTED) {
                affected.add(new Key(id.get(), rs.getString(3)));
                return;
              }
            }
          });
      c.setAutoCommit(false);
      int requeued = 0;
      int added = 0;
      int pending = 0;
      try (PreparedStatement again =
              c.prepareStatement(
                  "UPDATE scan_job SET state = 'queued', attempts = 0,"
                      + " run_after = CURRENT_TIMESTAMP, finished_at = NULL, finished_by = NULL,"
                      + " last_error = NULL, priority = LEAST(priority, ?) WHERE crate_name = ?"
                      + " AND crate_version = ? AND verifier_version = ? AND origin = ?"
                      + " AND archive_sha256 = '' AND state IN ('done', 'dead')");
          ScanJobEnqueuer.InTransaction jobs = new ScanJobEnqueuer.InTransaction(c)) {
        for (Key k : affected) {
          again.setInt(1, priority);
          again.setString(2, k.id().name().value());
          again.setString(3, k.id().version().value());
          again.setString(4, verifierVersion);
          again.setString(5, k.origin());
          if (again.executeUpdate() == 1) {
            requeued++;
            continue;
          }
          ScanJobs.NewJob job =
              new ScanJobs.NewJob(
                  k.id(),
                  verifierVersion,
                  "registry",
                  "",
                  priority,
                  k.origin(),
                  "",
                  java.util.Optional.empty());
          switch (jobs.addIgnoringResults(job)) {
            case ADDED -> added++;
            case ALREADY_QUEUED, ALREADY_VERIFIED -> pending++;
          }
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
      return new Outcome(affected.size(), requeued, added, pending);
    } catch (SQLException e) {
      throw new StoreException(
          "queue re-checks of "
              + affected.size()
              + " versions named by new advisories in "
              + db.description()
              + ": "
              + e,
          e);
    }
  }
}
