package dev.cratetrust.store;

import dev.cratetrust.crates.PackageId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes the {@code scan_run} and {@code scan_member} tables: which crate versions each
 * scan was asked to verify, so its report accounts for every one of them.
 */
public final class ScanRuns {
  /** One scan: when it started, with which verifier version, on which input. */
  public record ScanRun(long id, Instant startedAt, String verifierVersion, String description) {}

  /**
   * What became of one input crate of a scan: its stored verdict, or the state of its job and the
   * last error (empty job state when it was never queued).
   */
  public record MemberOutcome(
      PackageId id,
      String origin,
      Optional<VerificationRecord> result,
      Optional<JobState> jobState,
      Optional<String> lastError) {}

  private static final int MAX_DESCRIPTION = 2000;

  private final Database db;

  public ScanRuns(Database db) {
    this.db = db;
  }

  /** Records a new scan and returns it. */
  public ScanRun start(String description, String verifierVersion) throws StoreException {
    String d =
        description.length() > MAX_DESCRIPTION
            ? description.substring(0, MAX_DESCRIPTION)
            : description;
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO scan_run (started_at, verifier_version, description)"
                    + " VALUES (CURRENT_TIMESTAMP, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, verifierVersion);
      ps.setString(2, d);
      ps.executeUpdate();
      long id;
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        id = rs.getLong(1);
      }
      return find(id).orElseThrow();
    } catch (SQLException e) {
      throw new StoreException("record a scan in " + db.description() + ": " + e, e);
    }
  }

  /** The scan with {@code id}, if any. */
  public Optional<ScanRun> find(long id) throws StoreException {
    return runs("SELECT * FROM scan_run WHERE id = ?", id).stream().findFirst();
  }

  /** The most recently started scan, if any. */
  public Optional<ScanRun> latest() throws StoreException {
    return runs("SELECT * FROM scan_run ORDER BY id DESC LIMIT 1").stream().findFirst();
  }

  /** The {@code limit} most recently started scans, newest first. */
  public List<ScanRun> recent(int limit) throws StoreException {
    return runs("SELECT * FROM scan_run ORDER BY id DESC LIMIT ?", limit);
  }

  /**
   * Every input crate of {@code run} with its outcome: the most recent result of the scan's
   * verifier version from the same origin (and checksum, when one was expected), else its job.
   */
  public List<MemberOutcome> outcomes(ScanRun run) throws StoreException {
    try (Connection c = db.connection()) {
      Map<String, VerificationRecord> results = new HashMap<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT v.* FROM verification_result v JOIN scan_member m"
                  + " ON m.crate_name = v.crate_name AND m.crate_version = v.crate_version"
                  + " AND m.origin = v.origin"
                  + " AND (m.archive_sha256 = '' OR m.archive_sha256 = v.archive_sha256)"
                  + " WHERE m.scan_id = ? AND v.verifier_version = ?"
                  + " ORDER BY v.verified_at")) {
        ps.setLong(1, run.id());
        ps.setString(2, run.verifierVersion());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            VerificationRecord r = VerificationResults.read(rs);
            // later rows (newer) replace earlier ones of the same member
            results.put(key(r.id(), r.origin(), r.archiveSha256()), r);
            results.put(key(r.id(), r.origin(), ""), r);
          }
        }
      }
      Map<String, Object[]> jobs = new HashMap<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT j.crate_name, j.crate_version, j.origin, j.archive_sha256, j.state,"
                  + " j.last_error FROM scan_job j JOIN scan_member m"
                  + " ON m.crate_name = j.crate_name AND m.crate_version = j.crate_version"
                  + " AND m.origin = j.origin AND m.archive_sha256 = j.archive_sha256"
                  + " WHERE m.scan_id = ? AND j.verifier_version = ?")) {
        ps.setLong(1, run.id());
        ps.setString(2, run.verifierVersion());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            jobs.put(
                key(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                new Object[] {JobState.ofColumn(rs.getString(5)), rs.getString(6)});
          }
        }
      }
      List<MemberOutcome> out = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT crate_name, crate_version, origin, archive_sha256 FROM scan_member"
                  + " WHERE scan_id = ? ORDER BY crate_name, crate_version, origin")) {
        ps.setLong(1, run.id());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            PackageId id = PackageId.of(rs.getString(1), rs.getString(2));
            String origin = rs.getString(3);
            String sha = rs.getString(4);
            Optional<VerificationRecord> result =
                Optional.ofNullable(results.get(key(id, origin, sha)));
            Object[] job = jobs.get(key(rs.getString(1), rs.getString(2), origin, sha));
            out.add(
                new MemberOutcome(
                    id,
                    origin,
                    result,
                    job == null ? Optional.empty() : Optional.of((JobState) job[0]),
                    job == null ? Optional.empty() : Optional.ofNullable((String) job[1])));
          }
        }
      }
      return out;
    } catch (SQLException | IllegalArgumentException e) {
      throw new StoreException(
          "read the outcomes of scan " + run.id() + " in " + db.description() + ": " + e, e);
    }
  }

  private static String key(PackageId id, String origin, String sha) {
    return key(id.name().value(), id.version().value(), origin, sha);
  }

  private static String key(String name, String version, String origin, String sha) {
    return name + "\u0000" + version + "\u0000" + origin + "\u0000" + sha;
  }

  private List<ScanRun> runs(String sql, Object... args) throws StoreException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<ScanRun> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new ScanRun(
                  rs.getLong("id"),
                  rs.getTimestamp("started_at").toInstant(),
                  rs.getString("verifier_version"),
                  rs.getString("description")));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("read scans in " + db.description() + ": " + e, e);
    }
  }
}
