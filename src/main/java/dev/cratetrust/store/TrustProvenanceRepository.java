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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the stored provenance verdict of a registry crate version from {@code verification_result}:
 * only results of registry downloads (crates.io or another index) that followed the crate's own
 * repository link (directly or through a {@code --git-rewrite} mirror) count, so a verdict about a
 * local file or a hand-picked repository ({@code --repo}) is never reported as the registry
 * crate's.
 *
 * <p>When the lockfile gives the crate's checksum, only a result of that archive counts; a result
 * stored without a checksum (before checksums were recorded) is used, and reported as such by its
 * verifier version and date.
 */
public final class TrustProvenanceRepository {
  private static final String REGISTRY_ROWS =
      " (origin = 'crates.io' OR origin LIKE 'index:%')"
          + " AND (repository_override = '' OR repository_override LIKE 'rewrite:%')";

  private final Database db;

  public TrustProvenanceRepository(Database db) {
    this.db = db;
  }

  /** One stored registry result, as this class reads it. */
  private record Row(
      ProvenanceFact fact, String archiveSha256, String verifierVersion, String origin) {}

  /**
   * The most recent usable verification of each of {@code ids}; versions never verified map to
   * unknown. Same as {@link #latest(Map)} with no checksums known.
   */
  public Map<PackageId, ProvenanceFact> latest(Collection<PackageId> ids) throws StoreException {
    Map<PackageId, Optional<String>> m = new LinkedHashMap<>();
    ids.forEach(id -> m.put(id, Optional.empty()));
    return latest(m);
  }

  /**
   * The most recent verification of each crate version of {@code locked} (with the lockfile's
   * checksum, when it has one) by a registry download: a result of another archive does not count
   * (unknown, with that as the problem); versions never verified map to unknown.
   */
  public Map<PackageId, ProvenanceFact> latest(Map<PackageId, Optional<String>> locked)
      throws StoreException {
    Map<PackageId, List<Row>> rows = rows(locked.keySet());
    Map<PackageId, ProvenanceFact> out = new HashMap<>();
    for (Map.Entry<PackageId, Optional<String>> e : locked.entrySet()) {
      List<Row> all = rows.getOrDefault(e.getKey(), List.of());
      Optional<Row> usable =
          all.stream().filter(r -> usableFor(r.archiveSha256(), e.getValue())).findFirst();
      if (usable.isPresent()) {
        out.put(e.getKey(), usable.get().fact());
      } else if (!all.isEmpty()) {
        out.put(
            e.getKey(),
            ProvenanceFact.unknown(
                "the stored verification of "
                    + e.getKey()
                    + " is of another archive (sha256 "
                    + all.getFirst().archiveSha256()
                    + ") than the locked one (sha256 "
                    + e.getValue().orElse("")
                    + ")"));
      } else {
        out.put(e.getKey(), ProvenanceFact.unknown());
      }
    }
    return out;
  }

  /**
   * The versions of {@code locked} that have a stored result by {@code verifierVersion} of exactly
   * the locked archive (any registry result when the lockfile gives no checksum); the others need
   * verifying again.
   */
  public Set<PackageId> current(Map<PackageId, Optional<String>> locked, String verifierVersion)
      throws StoreException {
    Map<PackageId, List<Row>> rows = rows(locked.keySet());
    Set<PackageId> out = new HashSet<>();
    for (Map.Entry<PackageId, Optional<String>> e : locked.entrySet()) {
      for (Row r : rows.getOrDefault(e.getKey(), List.of())) {
        boolean sameArchive =
            e.getValue().isEmpty()
                ? true
                : !r.archiveSha256().isEmpty() && r.archiveSha256().equals(e.getValue().get());
        if (sameArchive && r.verifierVersion().equals(verifierVersion)) {
          out.add(e.getKey());
        }
      }
    }
    return out;
  }

  private static boolean usableFor(String stored, Optional<String> locked) {
    return locked.isEmpty() || stored.isEmpty() || stored.equals(locked.get());
  }

  /** Registry rows of {@code ids}, newest first per crate version. */
  private Map<PackageId, List<Row>> rows(Collection<PackageId> ids) throws StoreException {
    Set<PackageId> wanted = new HashSet<>(ids);
    List<String> names = wanted.stream().map(id -> id.name().value()).distinct().toList();
    Map<PackageId, List<Row>> out = new HashMap<>();
    try (Connection c = db.connection()) {
      TrustBatch.query(
          c,
          "SELECT crate_name, crate_version, category, reasons, verifier_version,"
              + " verified_at, archive_sha256, origin FROM verification_result WHERE"
              + REGISTRY_ROWS
              + " AND crate_name IN (",
          ") ORDER BY verified_at DESC, verifier_version DESC",
          names,
          rs -> {
            Optional<PackageId> parsed = TrustBatch.packageId(rs, 1);
            if (parsed.isEmpty() || !wanted.contains(parsed.get())) {
              return;
            }
            out.computeIfAbsent(parsed.get(), k -> new java.util.ArrayList<>()).add(row(rs, 3));
          });
    } catch (SQLException e) {
      throw new StoreException(
          "read provenance of " + wanted.size() + " versions from " + db.description() + ": " + e,
          e);
    }
    return out;
  }

  /** Reads category, reasons, verifier version, date, checksum, origin from column {@code from}. */
  private static Row row(ResultSet rs, int from) throws SQLException {
    return new Row(
        new ProvenanceFact(
            ProvenanceClass.ofCode(rs.getString(from)),
            Optional.ofNullable(rs.getString(from + 1)),
            Optional.ofNullable(rs.getString(from + 2)),
            Optional.of(rs.getTimestamp(from + 3).toInstant())),
        rs.getString(from + 4),
        rs.getString(from + 2),
        rs.getString(from + 5));
  }

  /**
   * The most recent registry verification of {@code name@version} (any archive), or unknown when
   * none is stored.
   */
  public ProvenanceFact latest(CrateName name, CrateVersion version) throws StoreException {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT category, reasons, verifier_version, verified_at, archive_sha256, origin"
                    + " FROM verification_result WHERE crate_name = ? AND crate_version = ? AND"
                    + REGISTRY_ROWS
                    + " ORDER BY verified_at DESC, verifier_version DESC")) {
      ps.setString(1, name.value());
      ps.setString(2, version.value());
      ps.setMaxRows(1);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return ProvenanceFact.unknown();
        }
        return row(rs, 1).fact();
      }
    } catch (SQLException e) {
      throw new StoreException(
          "read provenance of " + name + "@" + version + " from " + db.description() + ": " + e, e);
    }
  }
}
