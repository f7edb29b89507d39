package dev.cratetrust.store;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.PackageId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes the {@code verification_result} table: one row per crate version, verifier
 * version and what was verified (origin, checksum, repository override), so rerunning a scan or
 * {@code verify} replaces a row instead of adding a second one, and verifying a local copy never
 * replaces the registry crate's row.
 */
public final class VerificationResults {
  private static final int MAX_SOURCE = 2000;
  private static final int MAX_REASONS = 2000;
  private static final String COLUMNS =
      "crate_name, crate_version, verifier_version, category, reasons, commit_id, source,"
          + " report_json, verified_at, origin, archive_sha256, repository_override";
  private static final String KEY =
      "crate_name, crate_version, verifier_version, origin, archive_sha256, repository_override";

  private final Database db;

  public VerificationResults(Database db) {
    this.db = db;
  }

  /**
   * Stores {@code record}, replacing any earlier row with the same key (crate, version, verifier
   * version, origin, checksum, repository override; the last write wins); safe to call concurrently
   * from several processes.
   */
  public void upsert(VerificationRecord record) throws StoreException {
    try (Connection c = db.connection()) {
      upsert(c, record);
    } catch (SQLException e) {
      throw new StoreException(
          "store verification of " + record.id() + " in " + db.description() + ": " + e, e);
    }
  }

  /**
   * Stores {@code record} on the caller's connection (so it can share a transaction with a queue
   * update); same semantics as {@link #upsert(VerificationRecord)}.
   */
  public void upsert(Connection c, VerificationRecord record) throws SQLException {
    String reasons = String.join(",", record.reasons());
    if (reasons.length() > MAX_REASONS) {
      throw new SQLException(
          "reasons of " + record.id() + " are longer than " + MAX_REASONS + " characters");
    }
    String source = record.source();
    if (source.length() > MAX_SOURCE) {
      source = source.substring(0, MAX_SOURCE);
    }
    String sql =
        switch (db.kind()) {
          case H2 ->
              "MERGE INTO verification_result ("
                  + COLUMNS
                  + ") KEY ("
                  + KEY
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
          case POSTGRESQL ->
              "INSERT INTO verification_result ("
                  + COLUMNS
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                  + " ON CONFLICT ("
                  + KEY
                  + ") DO UPDATE SET"
                  + " category = EXCLUDED.category, reasons = EXCLUDED.reasons,"
                  + " commit_id = EXCLUDED.commit_id, source = EXCLUDED.source,"
                  + " report_json = EXCLUDED.report_json, verified_at = EXCLUDED.verified_at";
        };
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, record.id().name().value());
      ps.setString(2, record.id().version().value());
      ps.setString(3, record.verifierVersion());
      ps.setString(4, record.category());
      ps.setString(5, reasons);
      ps.setString(6, record.commit().map(CommitId::hex).orElse(null));
      ps.setString(7, source);
      ps.setString(8, record.reportJson());
      ps.setTimestamp(9, Timestamp.from(record.verifiedAt()));
      ps.setString(10, record.origin());
      ps.setString(11, record.archiveSha256());
      ps.setString(12, record.repositoryOverride());
      ps.executeUpdate();
    }
  }

  /**
   * The most recent stored crates.io verification of {@code id} by {@code verifierVersion}
   * following the crate's own repository link, whatever its checksum.
   */
  public Optional<VerificationRecord> find(PackageId id, String verifierVersion)
      throws StoreException {
    List<VerificationRecord> rows =
        query(
            "SELECT "
                + COLUMNS
                + " FROM verification_result WHERE crate_name = ? AND crate_version = ?"
                + " AND verifier_version = ? AND origin = ? AND repository_override = ''"
                + " ORDER BY verified_at DESC",
            "find verification of " + id,
            id.name().value(),
            id.version().value(),
            verifierVersion,
            VerificationRecord.CRATES_IO);
    return rows.stream().findFirst();
  }

  /**
   * The most recent verification (by any verifier version) of exactly what {@code key} names: same
   * crate version, origin, checksum and repository override.
   */
  public Optional<VerificationRecord> findSame(VerificationRecord key) throws StoreException {
    return query(
            "SELECT "
                + COLUMNS
                + " FROM verification_result WHERE crate_name = ? AND crate_version = ?"
                + " AND origin = ? AND archive_sha256 = ? AND repository_override = ?"
                + " ORDER BY verified_at DESC, verifier_version DESC",
            "find verification of " + key.id(),
            key.id().name().value(),
            key.id().version().value(),
            key.origin(),
            key.archiveSha256(),
            key.repositoryOverride())
        .stream()
        .findFirst();
  }

  /** Every stored verification of {@code id}, newest first, whatever the verifier version. */
  public List<VerificationRecord> history(PackageId id) throws StoreException {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM verification_result WHERE crate_name = ? AND crate_version = ?"
            + " ORDER BY verified_at DESC, verifier_version DESC",
        "list verifications of " + id,
        id.name().value(),
        id.version().value());
  }

  /**
   * For each crate version and what was verified (origin, checksum, repository override), its most
   * recent verification by any verifier version, ordered by crate name then version text.
   */
  public List<VerificationRecord> latestPerVersion() throws StoreException {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM (SELECT v.*, ROW_NUMBER() OVER (PARTITION BY crate_name, crate_version,"
            + " origin, archive_sha256, repository_override"
            + " ORDER BY verified_at DESC, verifier_version DESC) AS rn"
            + " FROM verification_result v) t WHERE rn = 1 ORDER BY crate_name, crate_version, origin",
        "list latest verifications");
  }

  /**
   * For each crate name, its single most recent verification (of any version), ordered by crate
   * name.
   */
  public List<VerificationRecord> latestPerCrate() throws StoreException {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM (SELECT v.*, ROW_NUMBER() OVER (PARTITION BY crate_name"
            + " ORDER BY verified_at DESC, crate_version DESC, verifier_version DESC) AS rn"
            + " FROM verification_result v) t WHERE rn = 1 ORDER BY crate_name",
        "list latest verification per crate");
  }

  /**
   * Every stored verification of the crate {@code name} (all versions, origins and verifier
   * versions), newest first; the Reliability tab picks per version from these.
   */
  public List<VerificationRecord> ofCrate(CrateName name) throws StoreException {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM verification_result WHERE crate_name = ?"
            + " ORDER BY verified_at DESC, verifier_version DESC",
        "list verifications of crate " + name,
        name.value());
  }

  /** Receives stored verifications one at a time. */
  @FunctionalInterface
  public interface RowConsumer {
    void accept(VerificationRecord record) throws java.io.IOException;
  }

  /**
   * Hands every stored verification (all verifier versions and origins) to {@code consumer},
   * ordered by crate name, version, verifier version, origin, checksum and override, reading the
   * table in batches of {@code fetchSize} rows so it is never held in memory whole.
   */
  public void each(int fetchSize, RowConsumer consumer) throws StoreException, java.io.IOException {
    try (Connection c = db.connection()) {
      boolean auto = c.getAutoCommit();
      // PostgreSQL streams a result with a cursor only inside a transaction
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT "
                  + COLUMNS
                  + " FROM verification_result ORDER BY crate_name, crate_version,"
                  + " verifier_version, origin, archive_sha256, repository_override")) {
        ps.setFetchSize(fetchSize);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            consumer.accept(read(rs));
          }
        }
      } finally {
        c.rollback();
        c.setAutoCommit(auto);
      }
    } catch (SQLException | IllegalArgumentException e) {
      throw new StoreException("read every verification in " + db.description() + ": " + e, e);
    }
  }

  /** How many rows the table holds (all verifier versions). */
  public long count() throws StoreException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM verification_result");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new StoreException("count verifications in " + db.description() + ": " + e, e);
    }
  }

  private List<VerificationRecord> query(String sql, String operation, String... args)
      throws StoreException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      List<VerificationRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    } catch (SQLException | IllegalArgumentException e) {
      throw new StoreException(operation + " in " + db.description() + ": " + e, e);
    }
  }

  static VerificationRecord read(ResultSet rs) throws SQLException {
    String reasons = rs.getString("reasons");
    String commit = rs.getString("commit_id");
    return new VerificationRecord(
        PackageId.of(rs.getString("crate_name"), rs.getString("crate_version")),
        rs.getString("verifier_version"),
        rs.getString("category"),
        reasons.isEmpty() ? List.of() : Arrays.asList(reasons.split(",")),
        Optional.ofNullable(commit).map(CommitId::of),
        rs.getString("source"),
        rs.getString("report_json"),
        rs.getTimestamp("verified_at").toInstant(),
        rs.getString("origin"),
        rs.getString("archive_sha256"),
        rs.getString("repository_override"));
  }
}
