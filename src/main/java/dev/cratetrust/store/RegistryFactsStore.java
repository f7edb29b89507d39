package dev.cratetrust.store;

import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.registry.DbDumpException;
import dev.cratetrust.registry.DbDumpRegistryData;
import dev.cratetrust.signals.RegistryFacts;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Registry metadata for signals (migration {@code V21__registry_facts.sql}): imports what {@link
 * DbDumpRegistryData} reads from a crates.io db-dump, replacing the previous import, and answers
 * {@link RegistryFacts} for one crate version.
 *
 * <p>The facts are as of the dump: versions published after it are unknown here, owners are the
 * current ones (no history, so no {@code owners-added}), and nothing checks the dump's
 * authenticity.
 */
public final class RegistryFactsStore {
  /** How many of the most downloaded crates count as popular for look-alike names by default. */
  public static final int DEFAULT_POPULAR = 1000;

  /**
   * Downloads a crate needs, besides its rank, to count as popular: a small registry's top crates
   * are not names worth imitating.
   */
  public static final long MIN_POPULAR_DOWNLOADS = 100_000;

  /** The window in which an account's newly created crates are counted, ending at the dump. */
  public static final Duration PUBLISHER_WINDOW = Duration.ofDays(30);

  private static final int BATCH = 1000;

  private final Database db;
  private final Clock clock;

  public RegistryFactsStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Which dump the tables hold. */
  public record Import(
      String source,
      Optional<String> dumpTimestamp,
      Instant dumpTime,
      Instant importedAt,
      long crates,
      long releases,
      long owners) {}

  /**
   * Reads {@code dump} and replaces every stored registry fact with its content in one transaction,
   * so readers see the old or the new import, never a mix.
   */
  public Import importDump(Path dump) throws DbDumpException, StoreException {
    String source = dump.toString();
    try (Connection c = db.connection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        for (String t :
            List.of("registry_release", "registry_owner", "registry_crate", "registry_import")) {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t)) {
            ps.executeUpdate();
          }
        }
        Writer w = new Writer(c);
        DbDumpRegistryData.Summary s;
        try {
          s = DbDumpRegistryData.read(dump, w);
          w.finish();
        } catch (WriteFailure e) {
          throw e.getCause();
        } finally {
          w.close();
        }
        Instant dumpTime =
            s.metadata().timestamp().flatMap(RegistryFactsStore::instant).orElse(w.latest);
        Import imported =
            new Import(
                source,
                s.metadata().timestamp(),
                dumpTime,
                clock.instant(),
                s.crates(),
                s.releases(),
                s.owners());
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO registry_import (id, source, dump_timestamp, dump_time, imported_at,"
                    + " crates, releases, owners) VALUES (1, ?, ?, ?, ?, ?, ?, ?)")) {
          ps.setString(1, source.length() > 2000 ? source.substring(0, 2000) : source);
          ps.setString(2, s.metadata().timestamp().orElse(null));
          ps.setTimestamp(3, Timestamp.from(dumpTime));
          ps.setTimestamp(4, Timestamp.from(imported.importedAt()));
          ps.setLong(5, s.crates());
          ps.setLong(6, s.releases());
          ps.setLong(7, s.owners());
          ps.executeUpdate();
        }
        c.commit();
        return imported;
      } catch (SQLException | DbDumpException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw new StoreException(
          "import registry facts from " + source + " into " + db.description() + ": " + e, e);
    }
  }

  private static Optional<Instant> instant(String s) {
    try {
      return Optional.of(Instant.parse(s));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The import the tables hold, if any. */
  public Optional<Import> lastImport() throws StoreException {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT source, dump_timestamp, dump_time, imported_at, crates, releases, owners"
                    + " FROM registry_import WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(
          new Import(
              rs.getString(1),
              Optional.ofNullable(rs.getString(2)),
              rs.getTimestamp(3).toInstant(),
              rs.getTimestamp(4).toInstant(),
              rs.getLong(5),
              rs.getLong(6),
              rs.getLong(7)));
    } catch (SQLException e) {
      throw new StoreException("read the registry import of " + db.description() + ": " + e, e);
    }
  }

  /**
   * The registry facts of {@code crate}'s version from the last import, with facts about its normal
   * and build dependencies and the {@code popular} most downloaded crate names (those with at least
   * {@link #MIN_POPULAR_DOWNLOADS}); empty when nothing was imported or the crate is not in the
   * dump.
   */
  public Optional<RegistryFacts> facts(CrateContents crate, int popular) throws StoreException {
    PackageId id = crate.id();
    String op = "read registry facts of " + id;
    try (Connection c = db.connection()) {
      Optional<Instant> dumpTime = Optional.empty();
      try (PreparedStatement ps =
              c.prepareStatement("SELECT dump_time FROM registry_import WHERE id = 1");
          ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          dumpTime = Optional.of(rs.getTimestamp(1).toInstant());
        }
      }
      if (dumpTime.isEmpty()) {
        return Optional.empty();
      }
      Optional<CrateRow> row = crateRow(c, id.name().canonical());
      if (row.isEmpty()) {
        return Optional.empty();
      }
      String name = row.get().name();
      List<RegistryFacts.Release> releases = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT crate_version, published_at, published_by, yanked FROM registry_release"
                  + " WHERE crate_name = ?")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            releases.add(
                new RegistryFacts.Release(
                    rs.getString(1),
                    rs.getTimestamp(2).toInstant(),
                    Optional.ofNullable(rs.getString(3)),
                    rs.getBoolean(4),
                    false));
          }
        }
      }
      List<String> owners =
          strings(
              c, "SELECT owner FROM registry_owner WHERE crate_name = ?" + " ORDER BY owner", name);
      Optional<RegistryFacts.PublisherActivity> activity = Optional.empty();
      Optional<String> publisher =
          releases.stream()
              .filter(r -> r.version().equals(id.version().value()))
              .findFirst()
              .flatMap(RegistryFacts.Release::publishedBy);
      if (publisher.isPresent()) {
        Instant from = dumpTime.get().minus(PUBLISHER_WINDOW);
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(DISTINCT r.crate_name) FROM registry_release r JOIN registry_crate k"
                    + " ON k.crate_name = r.crate_name WHERE r.published_by = ?"
                    + " AND k.created_at >= ? AND r.published_at >= ?")) {
          ps.setString(1, publisher.get());
          ps.setTimestamp(2, Timestamp.from(from));
          ps.setTimestamp(3, Timestamp.from(from));
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            activity =
                Optional.of(
                    new RegistryFacts.PublisherActivity(
                        publisher.get(), rs.getInt(1), PUBLISHER_WINDOW));
          }
        }
      }
      List<RegistryFacts.DependencyFacts> deps = new ArrayList<>();
      for (String dep : dependencyNames(crate)) {
        Optional<CrateRow> d =
            CrateName.problem(dep) == null
                ? crateRow(c, CrateName.of(dep).canonical())
                : Optional.empty();
        deps.add(
            new RegistryFacts.DependencyFacts(
                dep,
                d.map(x -> OptionalLong.of(x.downloads())).orElse(OptionalLong.empty()),
                d.map(CrateRow::createdAt)));
      }
      List<String> popularNames = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT crate_name FROM registry_crate WHERE download_rank < ? AND downloads >= ?"
                  + " ORDER BY download_rank")) {
        ps.setInt(1, popular);
        ps.setLong(2, MIN_POPULAR_DOWNLOADS);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            popularNames.add(rs.getString(1));
          }
        }
      }
      return Optional.of(
          new RegistryFacts(
              Optional.of(row.get().createdAt()),
              releases,
              owners,
              Optional.empty(),
              activity,
              deps,
              popularNames));
    } catch (SQLException e) {
      throw new StoreException(op + " from " + db.description() + ": " + e, e);
    }
  }

  private record CrateRow(String name, Instant createdAt, long downloads) {}

  private static Optional<CrateRow> crateRow(Connection c, String canonical) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT crate_name, created_at, downloads FROM registry_crate WHERE canonical_name = ?"
                + " ORDER BY downloads DESC")) {
      ps.setString(1, canonical);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new CrateRow(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getLong(3)));
      }
    }
  }

  private static List<String> strings(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }

  /** Normal and build dependencies of the crate's manifest, by the crate depended on. */
  private static Set<String> dependencyNames(CrateContents crate) {
    Set<String> out = new LinkedHashSet<>();
    Optional<CrateFile> f = crate.file("Cargo.toml");
    if (f.isEmpty()) {
      return out;
    }
    try {
      for (CargoManifest.Dependency d : CargoManifest.parse(f.get().content()).dependencies()) {
        if (d.kind() != CargoManifest.DependencyKind.DEV) {
          out.add(d.packageName());
        }
      }
    } catch (CargoManifest.InvalidManifestException e) {
      // no readable manifest, no dependencies to describe; the signals report the manifest
    }
    return out;
  }

  /** Batches the dump's rows into the tables; crates are ranked by downloads when all are read. */
  private static final class Writer implements DbDumpRegistryData.Sink, AutoCloseable {
    private final List<DbDumpRegistryData.Crate> crates = new ArrayList<>();
    private final PreparedStatement owners;
    private final PreparedStatement releases;
    private final Connection c;
    private boolean cratesWritten;
    private int pendingOwners;
    private int pendingReleases;
    Instant latest = Instant.EPOCH;

    Writer(Connection c) throws SQLException {
      this.c = c;
      owners = c.prepareStatement("INSERT INTO registry_owner (crate_name, owner) VALUES (?, ?)");
      releases =
          c.prepareStatement(
              "INSERT INTO registry_release (crate_name, crate_version, published_at,"
                  + " published_by, yanked) VALUES (?, ?, ?, ?, ?)");
    }

    @Override
    public void crate(DbDumpRegistryData.Crate k) {
      crates.add(k);
      if (k.createdAt().isAfter(latest)) {
        latest = k.createdAt();
      }
    }

    @Override
    public void owner(DbDumpRegistryData.Owner o) throws DbDumpException {
      try {
        writeCrates();
        owners.setString(1, o.crate().value());
        owners.setString(2, o.login().length() > 200 ? o.login().substring(0, 200) : o.login());
        owners.addBatch();
        if (++pendingOwners == BATCH) {
          owners.executeBatch();
          pendingOwners = 0;
        }
      } catch (SQLException e) {
        throw new WriteFailure(e);
      }
    }

    @Override
    public void release(DbDumpRegistryData.Release r) {
      try {
        writeCrates();
        releases.setString(1, r.crate().value());
        releases.setString(2, r.version().value());
        releases.setTimestamp(3, Timestamp.from(r.publishedAt()));
        if (r.publishedBy().isPresent()) {
          String by = r.publishedBy().get();
          releases.setString(4, by.length() > 100 ? by.substring(0, 100) : by);
        } else {
          releases.setNull(4, Types.VARCHAR);
        }
        releases.setBoolean(5, r.yanked());
        releases.addBatch();
        if (++pendingReleases == BATCH) {
          releases.executeBatch();
          pendingReleases = 0;
        }
      } catch (SQLException e) {
        throw new WriteFailure(e);
      }
    }

    private void writeCrates() throws SQLException {
      if (cratesWritten) {
        return;
      }
      cratesWritten = true;
      crates.sort(
          Comparator.comparingLong(DbDumpRegistryData.Crate::downloads)
              .reversed()
              .thenComparing(k -> k.name().value()));
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO registry_crate (crate_name, canonical_name, created_at, downloads,"
                  + " download_rank) VALUES (?, ?, ?, ?, ?)")) {
        int n = 0;
        for (DbDumpRegistryData.Crate k : crates) {
          ps.setString(1, k.name().value());
          ps.setString(2, k.name().canonical());
          ps.setTimestamp(3, Timestamp.from(k.createdAt()));
          ps.setLong(4, k.downloads());
          ps.setInt(5, n++);
          ps.addBatch();
          if (n % BATCH == 0) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
      crates.clear();
    }

    void finish() throws SQLException {
      writeCrates();
      owners.executeBatch();
      releases.executeBatch();
    }

    @Override
    public void close() throws SQLException {
      owners.close();
      releases.close();
    }
  }

  /** Carries an SQL failure out of the reader's callbacks. */
  private static final class WriteFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WriteFailure(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }
}
