package dev.cratetrust.store;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.PackageId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The store's reads for the web site's crate pages and search: one crate's verifications, known
 * versions, failed verification jobs and registry facts, and crate names by prefix. Every value
 * reaches SQL as a bound parameter.
 */
public final class CratePages {
  /** Longest prefix a name search accepts (a crate name is at most this long). */
  public static final int MAX_PREFIX = CrateName.MAX_LENGTH;

  private final Database db;

  public CratePages(Database db) {
    this.db = db;
  }

  /** A verification job given up on: why it failed and when. */
  public record JobFailure(PackageId id, String error, Instant at) {}

  /** One release as the last registry dump import recorded it. */
  public record Release(
      String version, Instant publishedAt, Optional<String> publishedBy, boolean yanked) {}

  /**
   * The registry's facts about one crate from the last dump import ({@code sync-dump}), with the
   * import's source and the dump's time.
   */
  public record RegistryCrate(
      String name,
      Instant createdAt,
      long downloads,
      List<String> owners,
      List<Release> releases,
      String source,
      Instant dumpTime) {}

  /**
   * Every version of {@code name} the store knows anything about (verified, signals computed,
   * queued, or in the registry dump), newest SemVer first.
   */
  public List<CrateVersion> versions(CrateName name) throws StoreException {
    String sql =
        "SELECT crate_version FROM verification_result WHERE crate_name = ?"
            + " UNION SELECT crate_version FROM signal_result WHERE crate_name = ?"
            + " UNION SELECT crate_version FROM scan_job WHERE crate_name = ?"
            + " UNION SELECT crate_version FROM registry_release WHERE crate_name = ?";
    TreeSet<CrateVersion> out = new TreeSet<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 1; i <= 4; i++) {
        ps.setString(i, name.value());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String v = rs.getString(1);
          if (CrateVersion.isValid(v)) {
            out.add(CrateVersion.of(v));
          }
        }
      }
    } catch (SQLException e) {
      throw new StoreException(
          "list versions of " + name + " in " + db.description() + ": " + e, e);
    }
    return List.copyOf(out.descendingSet());
  }

  /** The newest verification job of {@code id} that was given up on, if any. */
  public Optional<JobFailure> deadJob(PackageId id) throws StoreException {
    String sql =
        "SELECT last_error, finished_at, enqueued_at FROM scan_job"
            + " WHERE crate_name = ? AND crate_version = ? AND state = 'dead'"
            + " ORDER BY enqueued_at DESC";
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id.name().value());
      ps.setString(2, id.version().value());
      ps.setMaxRows(1);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        java.sql.Timestamp at =
            rs.getTimestamp(2) != null ? rs.getTimestamp(2) : rs.getTimestamp(3);
        return Optional.of(
            new JobFailure(
                id,
                Optional.ofNullable(rs.getString(1)).orElse("(no error recorded)"),
                at.toInstant()));
      }
    } catch (SQLException e) {
      throw new StoreException(
          "read failed jobs of " + id + " in " + db.description() + ": " + e, e);
    }
  }

  /** The registry's facts about {@code name} from the last dump import, if it lists the crate. */
  public Optional<RegistryCrate> registryCrate(CrateName name) throws StoreException {
    try (Connection c = db.connection()) {
      String source;
      Instant dumpTime;
      try (PreparedStatement ps =
              c.prepareStatement("SELECT source, dump_time FROM registry_import WHERE id = 1");
          ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        source = rs.getString(1);
        dumpTime = rs.getTimestamp(2).toInstant();
      }
      String stored;
      Instant created;
      long downloads;
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT crate_name, created_at, downloads FROM registry_crate"
                  + " WHERE canonical_name = ? ORDER BY downloads DESC")) {
        ps.setString(1, name.canonical());
        ps.setMaxRows(1);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          stored = rs.getString(1);
          created = rs.getTimestamp(2).toInstant();
          downloads = rs.getLong(3);
        }
      }
      List<String> owners = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT owner FROM registry_owner WHERE crate_name = ? ORDER BY owner")) {
        ps.setString(1, stored);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            owners.add(rs.getString(1));
          }
        }
      }
      List<Release> releases = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT crate_version, published_at, published_by, yanked FROM registry_release"
                  + " WHERE crate_name = ? ORDER BY published_at DESC")) {
        ps.setString(1, stored);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            releases.add(
                new Release(
                    rs.getString(1),
                    rs.getTimestamp(2).toInstant(),
                    Optional.ofNullable(rs.getString(3)),
                    rs.getBoolean(4)));
          }
        }
      }
      return Optional.of(
          new RegistryCrate(stored, created, downloads, owners, releases, source, dumpTime));
    } catch (SQLException e) {
      throw new StoreException(
          "read registry facts of " + name + " in " + db.description() + ": " + e, e);
    }
  }

  /**
   * Up to {@code limit} crate names the store knows (verified, with signals, or in the registry
   * dump) starting with {@code prefix}, compared case-insensitively and with {@code -} and {@code
   * _} as one character, sorted by name. Wildcards in the prefix match only themselves.
   */
  public List<String> namesWithPrefix(String prefix, int limit) throws StoreException {
    if (prefix.length() > MAX_PREFIX) {
      return List.of();
    }
    String pattern = like(prefix.toLowerCase(Locale.ROOT).replace('-', '_')) + "%";
    String key = "REPLACE(LOWER(crate_name), '-', '_')";
    String sql =
        "SELECT crate_name FROM verification_result WHERE "
            + key
            + " LIKE ? ESCAPE '!'"
            + " UNION SELECT crate_name FROM signal_result WHERE "
            + key
            + " LIKE ? ESCAPE '!'"
            + " UNION SELECT crate_name FROM registry_crate WHERE canonical_name LIKE ? ESCAPE '!'"
            + " ORDER BY 1";
    List<String> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, pattern);
      ps.setString(2, pattern);
      ps.setString(3, pattern);
      ps.setMaxRows(limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("search crate names in " + db.description() + ": " + e, e);
    }
    return out;
  }

  /**
   * The {@code limit} most downloaded crate names of the last registry dump import (with at least
   * {@link RegistryFactsStore#MIN_POPULAR_DOWNLOADS} downloads), the names look-alikes imitate.
   */
  public List<String> popularNames(int limit) throws StoreException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT crate_name FROM registry_crate WHERE download_rank < ? AND downloads >= ?"
                    + " ORDER BY download_rank")) {
      ps.setInt(1, limit);
      ps.setLong(2, RegistryFactsStore.MIN_POPULAR_DOWNLOADS);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("list popular crate names in " + db.description() + ": " + e, e);
    }
    return out;
  }

  /**
   * Up to {@code limit} distinct crate names the store knows (verified, with signals, or in the
   * registry dump), for comparing against a searched name.
   */
  public List<String> names(int limit) throws StoreException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT crate_name FROM verification_result UNION SELECT crate_name FROM"
                    + " signal_result UNION SELECT crate_name FROM registry_crate")) {
      ps.setMaxRows(limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("list crate names in " + db.description() + ": " + e, e);
    }
    return out;
  }

  private static String like(String s) {
    StringBuilder b = new StringBuilder(s.length() + 4);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '!' || ch == '%' || ch == '_') {
        // '_' is also the canonical separator; escaped it matches only '_'
        b.append('!');
      }
      b.append(ch);
    }
    return b.toString();
  }
}
