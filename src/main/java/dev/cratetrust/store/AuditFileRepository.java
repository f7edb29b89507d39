package dev.cratetrust.store;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.trust.AuditFact;
import dev.cratetrust.trust.SourceProblem;
import dev.cratetrust.trust.SourceRef;
import dev.cratetrust.trust.TrustInputException;
import dev.cratetrust.trust.VetAudits;
import dev.cratetrust.trust.VetResolver;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** cargo-vet audit files in the store, one verbatim file per source. */
public final class AuditFileRepository {
  private final Database db;
  private final TrustTextParsers.VetText parser;

  /** {@code parser} reads the stored audit files back. */
  public AuditFileRepository(Database db, TrustTextParsers.VetText parser) {
    this.db = db;
    this.parser = parser;
  }

  /** Every stored audit file, parsed, ready to answer per-version questions. */
  public record Loaded(List<Source> sources) {
    public Loaded {
      sources = List.copyOf(sources);
    }

    /**
     * What every stored source says about {@code crate@version}, each alone and, as cargo-vet
     * merges its imports, all of them together.
     */
    public List<AuditFact> factsFor(CrateName crate, CrateVersion version) {
      return factsFor(crate, version, List.of());
    }

    /**
     * What the sources named in {@code names} (every source when empty) say about {@code
     * crate@version}, each alone and together.
     */
    public List<AuditFact> factsFor(
        CrateName crate, CrateVersion version, java.util.Collection<String> names) {
      List<AuditFact> out = new ArrayList<>();
      List<VetResolver.Named> chosen = new ArrayList<>();
      for (Source s : sources) {
        if (names.isEmpty() || names.contains(s.ref().name())) {
          out.addAll(s.resolver().facts(s.ref(), crate, version));
          chosen.add(new VetResolver.Named(s.ref(), s.audits()));
        }
      }
      out.addAll(VetResolver.combined(chosen, crate, version));
      return out;
    }
  }

  /** One stored source with its parsed audits. */
  public record Source(SourceRef ref, VetAudits audits, VetResolver resolver) {}

  /**
   * Replaces the file previously read from {@code ref.location()}; the text must already parse.
   * Returns the source id.
   */
  public long replace(SourceRef ref, String text, VetAudits parsed, List<SourceProblem> problems)
      throws StoreException {
    int items = parsed.audits().values().stream().mapToInt(List::size).sum();
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        long id = TrustSourceRepository.replace(c, ref, items, problems);
        try (PreparedStatement ps =
            c.prepareStatement("INSERT INTO audit_file (source_id, text) VALUES (?, ?)")) {
          ps.setLong(1, id);
          ps.setString(2, text);
          ps.executeUpdate();
        }
        c.commit();
        return id;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException(
          "save audits from " + ref.location() + " in " + db.description() + ": " + e, e);
    }
  }

  /** Records that a source could not be read at all, keeping no audits from it. */
  public void recordFailure(SourceRef ref, List<SourceProblem> problems) throws StoreException {
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        TrustSourceRepository.replace(c, ref, 0, problems);
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException(
          "save audit source " + ref.location() + " in " + db.description() + ": " + e, e);
    }
  }

  public Loaded loadAll() throws StoreException {
    List<Source> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT s.kind, s.name, s.location, s.revision, s.read_at, f.text"
                    + " FROM audit_file f JOIN trust_source s ON s.id = f.source_id"
                    + " ORDER BY s.name, s.location");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        SourceRef ref = TrustSourceRepository.ref(rs, 1);
        VetAudits audits;
        try {
          audits = parser.parse(ref.location(), rs.getString(6));
        } catch (TrustInputException e) {
          throw new StoreException(
              "read audits of " + ref.name() + " from " + db.description() + ": " + e.getMessage(),
              e);
        }
        out.add(new Source(ref, audits, new VetResolver(audits)));
      }
    } catch (SQLException e) {
      throw new StoreException("read audit files from " + db.description() + ": " + e, e);
    }
    return new Loaded(out);
  }
}
