package dev.cratetrust.store;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.trust.ProvenanceFact;
import dev.cratetrust.trust.ProvenanceFact.ProvenanceClass;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Reads the latest stored provenance verdict of a crate version from {@code verification_result}.
 */
public final class TrustProvenanceRepository {
  private final Database db;

  public TrustProvenanceRepository(Database db) {
    this.db = db;
  }

  /** The most recent verification of {@code name@version}, or unknown when none is stored. */
  public ProvenanceFact latest(CrateName name, CrateVersion version) throws StoreException {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT category, reasons, verifier_version, verified_at FROM verification_result"
                    + " WHERE crate_name = ? AND crate_version = ?"
                    + " ORDER BY verified_at DESC, verifier_version DESC")) {
      ps.setString(1, name.value());
      ps.setString(2, version.value());
      ps.setMaxRows(1);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return ProvenanceFact.unknown();
        }
        return new ProvenanceFact(
            ProvenanceClass.ofCode(rs.getString(1)),
            Optional.ofNullable(rs.getString(2)),
            Optional.ofNullable(rs.getString(3)),
            Optional.of(rs.getTimestamp(4).toInstant()));
      }
    } catch (SQLException e) {
      throw new StoreException(
          "read provenance of " + name + "@" + version + " from " + db.description() + ": " + e, e);
    }
  }
}
