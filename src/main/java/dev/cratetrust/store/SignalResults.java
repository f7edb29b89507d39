package dev.cratetrust.store;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.signals.Severity;
import dev.cratetrust.signals.Signal;
import dev.cratetrust.signals.SignalsJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes the {@code signal_result} and {@code signal_code} tables: one row per crate
 * version and signals version, so recomputing replaces the row instead of adding a second one.
 */
public final class SignalResults {
  private final Database db;

  public SignalResults(Database db) {
    this.db = db;
  }

  /**
   * Stores {@code record}, replacing an earlier row of the same crate, version and signals version.
   */
  public void upsert(SignalRecord record) throws StoreException {
    try (Connection c = db.connection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        upsert(c, record);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw new StoreException(
          "store signals of " + record.id() + " in " + db.description() + ": " + e, e);
    }
  }

  /**
   * Stores {@code record} on the caller's connection, in the caller's transaction: the row of
   * {@code signal_result} is written first, so concurrent writers of one key queue on its lock.
   */
  public void upsert(Connection c, SignalRecord record) throws SQLException {
    String name = record.id().name().value();
    String version = record.id().version().value();
    String columns =
        "crate_name, crate_version, signals_version, warnings, notices, infos, signals_json,"
            + " computed_at";
    String sql =
        switch (db.kind()) {
          case H2 ->
              "MERGE INTO signal_result ("
                  + columns
                  + ") KEY (crate_name, crate_version, signals_version)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
          case POSTGRESQL ->
              "INSERT INTO signal_result ("
                  + columns
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                  + " ON CONFLICT (crate_name, crate_version, signals_version) DO UPDATE SET"
                  + " warnings = EXCLUDED.warnings, notices = EXCLUDED.notices,"
                  + " infos = EXCLUDED.infos, signals_json = EXCLUDED.signals_json,"
                  + " computed_at = EXCLUDED.computed_at";
        };
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, name);
      ps.setString(2, version);
      ps.setString(3, record.signalsVersion());
      ps.setInt(4, count(record.signals(), Severity.WARNING));
      ps.setInt(5, count(record.signals(), Severity.NOTICE));
      ps.setInt(6, count(record.signals(), Severity.INFO));
      ps.setString(7, SignalsJson.toJson(record.signals()).toString());
      ps.setTimestamp(8, Timestamp.from(record.computedAt()));
      ps.executeUpdate();
    }
    try (PreparedStatement del =
        c.prepareStatement(
            "DELETE FROM signal_code WHERE crate_name = ? AND crate_version = ?"
                + " AND signals_version = ?")) {
      del.setString(1, name);
      del.setString(2, version);
      del.setString(3, record.signalsVersion());
      del.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO signal_code (crate_name, crate_version, signals_version, code, severity)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      List<String> seen = new ArrayList<>();
      for (Signal s : record.signals()) {
        if (seen.contains(s.code())) {
          continue;
        }
        seen.add(s.code());
        ps.setString(1, name);
        ps.setString(2, version);
        ps.setString(3, record.signalsVersion());
        ps.setString(4, s.code());
        ps.setString(5, s.severity().label());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The stored signals of {@code id} by {@code signalsVersion}, if any. */
  public Optional<SignalRecord> find(PackageId id, String signalsVersion) throws StoreException {
    return query(
            "SELECT * FROM signal_result WHERE crate_name = ? AND crate_version = ?"
                + " AND signals_version = ?",
            "find signals of " + id,
            id.name().value(),
            id.version().value(),
            signalsVersion)
        .stream()
        .findFirst();
  }

  /** The most recently computed signals of {@code id}, whatever the signals version. */
  public Optional<SignalRecord> latest(PackageId id) throws StoreException {
    return query(
            "SELECT * FROM signal_result WHERE crate_name = ? AND crate_version = ?"
                + " ORDER BY computed_at DESC, signals_version DESC",
            "find latest signals of " + id,
            id.name().value(),
            id.version().value())
        .stream()
        .findFirst();
  }

  /**
   * The stored signals of every version of the crate {@code name}, newest computation first (a
   * version may appear once per signals version).
   */
  public List<SignalRecord> ofCrate(CrateName name) throws StoreException {
    return query(
        "SELECT * FROM signal_result WHERE crate_name = ?"
            + " ORDER BY computed_at DESC, signals_version DESC",
        "list signals of crate " + name,
        name.value());
  }

  /** Crate versions whose stored signals (of {@code signalsVersion}) include {@code code}. */
  public List<PackageId> withCode(String code, String signalsVersion) throws StoreException {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT crate_name, crate_version FROM signal_code WHERE code = ?"
                    + " AND signals_version = ? ORDER BY crate_name, crate_version")) {
      ps.setString(1, code);
      ps.setString(2, signalsVersion);
      List<PackageId> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(PackageId.of(rs.getString(1), rs.getString(2)));
        }
      }
      return out;
    } catch (SQLException | IllegalArgumentException e) {
      throw new StoreException(
          "list crates with signal " + code + " in " + db.description() + ": " + e, e);
    }
  }

  private List<SignalRecord> query(String sql, String operation, String... args)
      throws StoreException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      List<SignalRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new SignalRecord(
                  PackageId.of(rs.getString("crate_name"), rs.getString("crate_version")),
                  rs.getString("signals_version"),
                  SignalsJson.fromJson(Parsers.json().readTree(rs.getString("signals_json"))),
                  rs.getTimestamp("computed_at").toInstant()));
        }
      }
      return out;
    } catch (SQLException | RuntimeException e) {
      throw new StoreException(operation + " in " + db.description() + ": " + e, e);
    }
  }

  private static int count(List<Signal> signals, Severity s) {
    return (int) signals.stream().filter(x -> x.severity() == s).count();
  }
}
