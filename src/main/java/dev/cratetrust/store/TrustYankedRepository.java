package dev.cratetrust.store;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.trust.YankedFact;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The yanked flag of crate versions as last read from a registry index, in {@code registry_yanked}.
 */
public final class TrustYankedRepository {
  private static final int MAX_REGISTRY = 2000;
  private final Database db;

  public TrustYankedRepository(Database db) {
    this.db = db;
  }

  /** Records what {@code registry} said about {@code id} at {@code checkedAt}. */
  public void record(PackageId id, boolean yanked, String registry, Instant checkedAt)
      throws StoreException {
    String reg = registry.length() > MAX_REGISTRY ? registry.substring(0, MAX_REGISTRY) : registry;
    String sql = upsertSql(db);
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id.name().value());
      ps.setString(2, id.version().value());
      ps.setBoolean(3, yanked);
      ps.setString(4, reg);
      ps.setTimestamp(5, Timestamp.from(checkedAt));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException(
          "record yanked state of " + id + " in " + db.description() + ": " + e, e);
    }
  }

  /** The statement recording one version's flag: name, version, yanked, registry, time. */
  static String upsertSql(Database db) {
    return switch (db.kind()) {
      case H2 ->
          "MERGE INTO registry_yanked (crate_name, crate_version, yanked, registry, checked_at)"
              + " KEY (crate_name, crate_version) VALUES (?, ?, ?, ?, ?)";
      case POSTGRESQL ->
          "INSERT INTO registry_yanked (crate_name, crate_version, yanked, registry, checked_at)"
              + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (crate_name, crate_version) DO UPDATE SET"
              + " yanked = EXCLUDED.yanked, registry = EXCLUDED.registry,"
              + " checked_at = EXCLUDED.checked_at";
    };
  }

  /** The recorded state of each of {@code ids}; versions never read map to unknown. */
  public Map<PackageId, YankedFact> latest(Collection<PackageId> ids) throws StoreException {
    Map<PackageId, YankedFact> out = new HashMap<>();
    Set<PackageId> wanted = new LinkedHashSet<>(ids);
    List<String> names = wanted.stream().map(id -> id.name().value()).distinct().toList();
    try (Connection c = db.connection()) {
      TrustBatch.query(
          c,
          "SELECT crate_name, crate_version, yanked, registry, checked_at"
              + " FROM registry_yanked WHERE crate_name IN (",
          ")",
          names,
          rs -> {
            Optional<PackageId> parsed = TrustBatch.packageId(rs, 1);
            if (parsed.isEmpty()) {
              return;
            }
            PackageId id = parsed.get();
            if (wanted.contains(id)) {
              out.put(
                  id,
                  new YankedFact(
                      rs.getBoolean(3) ? YankedFact.State.YANKED : YankedFact.State.NOT_YANKED,
                      Optional.of(rs.getTimestamp(5).toInstant()),
                      Optional.of(rs.getString(4)),
                      Optional.empty()));
            }
          });
    } catch (SQLException e) {
      throw new StoreException(
          "read yanked state of " + wanted.size() + " versions from " + db.description() + ": " + e,
          e);
    }
    for (PackageId id : wanted) {
      out.putIfAbsent(id, YankedFact.unknown());
    }
    return out;
  }

  /** The recorded state of {@code id}, or unknown when it was never read. */
  public YankedFact latest(PackageId id) throws StoreException {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT yanked, registry, checked_at FROM registry_yanked"
                    + " WHERE crate_name = ? AND crate_version = ?")) {
      ps.setString(1, id.name().value());
      ps.setString(2, id.version().value());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return YankedFact.unknown();
        }
        return new YankedFact(
            rs.getBoolean(1) ? YankedFact.State.YANKED : YankedFact.State.NOT_YANKED,
            Optional.of(rs.getTimestamp(3).toInstant()),
            Optional.of(rs.getString(2)),
            Optional.empty());
      }
    } catch (SQLException e) {
      throw new StoreException(
          "read yanked state of " + id + " from " + db.description() + ": " + e, e);
    }
  }
}
