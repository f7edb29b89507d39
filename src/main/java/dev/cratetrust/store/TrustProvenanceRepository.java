package dev.cratetrust.store;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.trust.ProvenanceFact;
import dev.cratetrust.trust.ProvenanceFact.ProvenanceClass;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the latest stored provenance verdict of a crate version from {@code verification_result}.
 */
public final class TrustProvenanceRepository {
  private final Database db;

  public TrustProvenanceRepository(Database db) {
    this.db = db;
  }

  /**
   * The most recent verification of each of {@code ids}; versions never verified map to unknown.
   */
  public Map<PackageId, ProvenanceFact> latest(Collection<PackageId> ids) throws StoreException {
    Map<PackageId, ProvenanceFact> out = new HashMap<>();
    Set<PackageId> wanted = new LinkedHashSet<>(ids);
    List<String> names = wanted.stream().map(id -> id.name().value()).distinct().toList();
    try (Connection c = db.connection()) {
      TrustBatch.query(
          c,
          "SELECT crate_name, crate_version, category, reasons, verifier_version,"
              + " verified_at FROM verification_result WHERE crate_name IN (",
          ") ORDER BY verified_at DESC, verifier_version DESC",
          names,
          rs -> {
            Optional<PackageId> parsed = TrustBatch.packageId(rs, 1);
            if (parsed.isEmpty()) {
              return;
            }
            PackageId id = parsed.get();
            if (wanted.contains(id) && !out.containsKey(id)) {
              out.put(
                  id,
                  new ProvenanceFact(
                      ProvenanceClass.ofCode(rs.getString(3)),
                      Optional.ofNullable(rs.getString(4)),
                      Optional.ofNullable(rs.getString(5)),
                      Optional.of(rs.getTimestamp(6).toInstant())));
            }
          });
    } catch (SQLException e) {
      throw new StoreException(
          "read provenance of " + wanted.size() + " versions from " + db.description() + ": " + e,
          e);
    }
    for (PackageId id : wanted) {
      out.putIfAbsent(id, ProvenanceFact.unknown());
    }
    return out;
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
