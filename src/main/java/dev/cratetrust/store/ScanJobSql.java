package dev.cratetrust.store;

import dev.cratetrust.crates.PackageId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** SQL fragments and row mapping shared by {@link ScanJobs} and the classes it delegates to. */
final class ScanJobSql {
  private ScanJobSql() {}

  static final String JOB_COLUMNS =
      "id, crate_name, crate_version, verifier_version, source, repository, priority, attempts,"
          + " last_error, origin, archive_sha256";
  static final String CLAIMABLE =
      "((state = 'queued' AND run_after <= CURRENT_TIMESTAMP)"
          + " OR (state = 'running' AND lease_until < CURRENT_TIMESTAMP))";
  static final int MAX_TEXT = 2000;

  /** SQL for the database's time plus a number of milliseconds given as one parameter. */
  static String nowPlus(Database db) {
    return switch (db.kind()) {
      case H2 -> "DATEADD(MILLISECOND, CAST(? AS BIGINT), CURRENT_TIMESTAMP)";
      case POSTGRESQL -> "(CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '1 millisecond')";
    };
  }

  /** The condition (and its parameters) restricting jobs to {@code scope}; none when empty. */
  record Filter(String sql, List<Object> args) {
    static Filter of(Optional<ScanJobs.Scope> scope) {
      if (scope.isEmpty()) {
        return new Filter("", List.of());
      }
      ScanJobs.Scope s = scope.get();
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

  static String cut(String s) {
    return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s;
  }

  static ScanJob read(ResultSet rs) throws SQLException {
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
