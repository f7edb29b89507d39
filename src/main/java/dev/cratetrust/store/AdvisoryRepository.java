package dev.cratetrust.store;

import dev.cratetrust.advisory.AdvisoryImport;
import dev.cratetrust.crates.CrateName;
import dev.cratetrust.trust.Advisory;
import dev.cratetrust.trust.SourceProblem;
import dev.cratetrust.trust.SourceRef;
import dev.cratetrust.trust.TrustInputException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * RustSec advisories in the store, kept verbatim per source so every fact keeps its file, source
 * and read time.
 */
public final class AdvisoryRepository {
  private final Database db;
  private final TrustTextParsers.AdvisoryText parser;

  /** An advisory read back from the store with the source it came from. */
  public record StoredAdvisory(Advisory advisory, String path, SourceRef source) {}

  /** {@code parser} reads the stored advisory texts back. */
  public AdvisoryRepository(Database db, TrustTextParsers.AdvisoryText parser) {
    this.db = db;
    this.parser = parser;
  }

  /**
   * Replaces everything previously read from the same location with {@code imported}, in one
   * transaction; returns the source id.
   */
  public long replace(AdvisoryImport imported, String name, Instant readAt) throws StoreException {
    SourceRef ref =
        new SourceRef(
            SourceRef.ADVISORY_DB, name, imported.location(), imported.revision(), readAt);
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        long id =
            TrustSourceRepository.replace(
                c, ref, imported.advisories().size(), imported.problems());
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO advisory (source_id, advisory_id, crate_name, path, text, collection)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
          for (AdvisoryImport.Entry e : imported.advisories()) {
            ps.setLong(1, id);
            ps.setString(2, e.advisory().id());
            ps.setString(3, e.advisory().crate().value());
            ps.setString(4, TrustSourceRepository.cut(e.path(), 1000));
            ps.setString(5, e.text());
            ps.setString(6, e.collection().folder());
            ps.addBatch();
          }
          ps.executeBatch();
        }
        c.commit();
        return id;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException(
          "save advisories from " + imported.location() + " in " + db.description() + ": " + e, e);
    }
  }

  /**
   * The stored crates.io advisories of every crate in {@code crates}, each list ordered as {@link
   * #forCrate} orders it; crates without advisories map to an empty list.
   */
  public Map<CrateName, List<StoredAdvisory>> forCrates(Collection<CrateName> crates)
      throws StoreException {
    Map<CrateName, List<StoredAdvisory>> out = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (CrateName n : new LinkedHashSet<>(crates)) {
      out.put(n, new ArrayList<>());
      names.add(n.value());
    }
    try (Connection c = db.connection()) {
      TrustBatch.query(
          c,
          "SELECT s.kind, s.name, s.location, s.revision, s.read_at, a.path, a.text,"
              + " a.crate_name FROM advisory a JOIN trust_source s ON s.id = a.source_id"
              + " WHERE a.collection = 'crates' AND a.crate_name IN (",
          ") ORDER BY a.advisory_id, s.name",
          names,
          rs -> {
            SourceRef ref = TrustSourceRepository.ref(rs, 1);
            String path = rs.getString(6);
            Advisory parsed;
            try {
              parsed = parser.parse(path, rs.getString(7));
            } catch (TrustInputException e) {
              throw new StoreException(
                  "read advisories for "
                      + rs.getString(8)
                      + " from "
                      + db.description()
                      + ": stored advisory no longer parses: "
                      + e.getMessage(),
                  e);
            }
            List<StoredAdvisory> list = out.get(CrateName.of(rs.getString(8)));
            if (list != null) {
              list.add(new StoredAdvisory(parsed, path, ref));
            }
          });
    } catch (SQLException e) {
      throw new StoreException(
          "read advisories of " + names.size() + " crates from " + db.description() + ": " + e, e);
    }
    return out;
  }

  /**
   * Every stored advisory about the crates.io crate {@code crate}, from every advisory source;
   * toolchain advisories ({@code rust/}) are never returned, whatever their component's name.
   */
  public List<StoredAdvisory> forCrate(CrateName crate) throws StoreException {
    List<StoredAdvisory> out = new ArrayList<>();
    List<SourceProblem> unreadable = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT s.kind, s.name, s.location, s.revision, s.read_at, a.path, a.text"
                    + " FROM advisory a JOIN trust_source s ON s.id = a.source_id"
                    + " WHERE a.collection = 'crates' AND a.crate_name = ?"
                    + " ORDER BY a.advisory_id, s.name")) {
      ps.setString(1, crate.value());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          SourceRef ref = TrustSourceRepository.ref(rs, 1);
          String path = rs.getString(6);
          try {
            out.add(new StoredAdvisory(parser.parse(path, rs.getString(7)), path, ref));
          } catch (TrustInputException e) {
            unreadable.add(new SourceProblem(path, e.getMessage()));
          }
        }
      }
    } catch (SQLException e) {
      throw new StoreException(
          "read advisories for " + crate + " from " + db.description() + ": " + e, e);
    }
    if (!unreadable.isEmpty()) {
      throw new StoreException(
          "read advisories for "
              + crate
              + " from "
              + db.description()
              + ": stored advisory no longer parses: "
              + unreadable.getFirst().message());
    }
    return out;
  }

  /**
   * The crate names in the crates collection that differ from {@code crate} only in case or in
   * {@code -} versus {@code _} (crates.io treats such names as the same crate), without {@code
   * crate} itself.
   */
  public List<CrateName> otherSpellings(CrateName crate) throws StoreException {
    String key = crate.value().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    List<CrateName> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT DISTINCT crate_name FROM advisory WHERE collection = 'crates'"
                    + " AND REPLACE(LOWER(crate_name), '_', '-') = ? ORDER BY crate_name")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!rs.getString(1).equals(crate.value())) {
            out.add(CrateName.of(rs.getString(1)));
          }
        }
      }
    } catch (SQLException e) {
      throw new StoreException(
          "look up other spellings of " + crate + " in " + db.description() + ": " + e, e);
    }
    return out;
  }

  /**
   * How many toolchain advisories ({@code rust/}) about the toolchain component named like {@code
   * crate} (cargo, rustdoc, std) are stored; they are never matched against the crate.
   */
  public int toolchainCount(CrateName crate) throws StoreException {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM advisory WHERE collection = 'rust' AND crate_name = ?")) {
      ps.setString(1, crate.value());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new StoreException(
          "count toolchain advisories about " + crate + " in " + db.description() + ": " + e, e);
    }
  }
}
