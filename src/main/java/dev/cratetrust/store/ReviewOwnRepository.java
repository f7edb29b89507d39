package dev.cratetrust.store;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.trust.OwnReview;
import dev.cratetrust.trust.SourceRef;
import dev.cratetrust.trust.TrustInputException;
import dev.cratetrust.trust.VetAudits;
import dev.cratetrust.trust.VetAuditsWriter;
import dev.cratetrust.trust.VetResolver;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The project's own reviews ({@code cratetrust review add}) in {@code own_review}, and their view
 * as the cargo-vet audit source named {@value #SOURCE_NAME}.
 */
public final class ReviewOwnRepository {
  /** The audit source name own reviews carry in {@code check}, {@code info} and policies. */
  public static final String SOURCE_NAME = "own";

  /** The {@link SourceRef#kind()} of own reviews. */
  public static final String SOURCE_KIND = "own-reviews";

  private static final String COLUMNS =
      "crate_name, crate_version, delta_from, who, criteria, thoroughness, understanding, rating,"
          + " notes, reviewed_at, crev_digest";
  private final Database db;
  private final TrustTextParsers.VetText parser;

  /** {@code parser} reads the own reviews back as a cargo-vet source. */
  public ReviewOwnRepository(Database db, TrustTextParsers.VetText parser) {
    this.db = db;
    this.parser = parser;
  }

  /** Stores {@code r}; returns its id. */
  public long add(OwnReview r) throws StoreException {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO own_review (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, r.crate().value());
      ps.setString(2, r.version().value());
      if (r.deltaFrom().isPresent()) {
        ps.setString(3, r.deltaFrom().get().value());
      } else {
        ps.setNull(3, Types.VARCHAR);
      }
      ps.setString(4, r.who());
      ps.setString(5, String.join(",", r.criteria()));
      ps.setString(6, r.thoroughness());
      ps.setString(7, r.understanding());
      ps.setString(8, r.rating());
      ps.setString(9, r.notes());
      ps.setTimestamp(10, Timestamp.from(r.date()));
      ps.setString(11, r.crevDigest().orElse(null));
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    } catch (SQLException e) {
      throw new StoreException(
          "store review of " + r.crate() + "@" + r.version() + " in " + db.description() + ": " + e,
          e);
    }
  }

  /** Every own review, by crate, version and date. */
  public List<OwnReview> all() throws StoreException {
    return query("", List.of(), "read own reviews");
  }

  /** The own reviews whose reviewed version is {@code name@version}, full or delta. */
  public List<OwnReview> of(CrateName name, CrateVersion version) throws StoreException {
    return query(
        " WHERE crate_name = ? AND crate_version = ?",
        List.of(name.value(), version.value()),
        "read own reviews of " + name + "@" + version);
  }

  /**
   * Own reviews as a cargo-vet source, so criteria follow {@code implies} and chains of deltas the
   * way they do for imported audit files; empty when there are none.
   */
  public Optional<AuditFileRepository.Source> asAuditSource() throws StoreException {
    List<OwnReview> reviews = all();
    if (reviews.isEmpty()) {
      return Optional.empty();
    }
    Instant newest = reviews.stream().map(OwnReview::date).max(Comparator.naturalOrder()).get();
    SourceRef ref =
        new SourceRef(SOURCE_KIND, SOURCE_NAME, db.description(), Optional.empty(), newest);
    VetAudits audits;
    try {
      audits = parser.parse(SOURCE_NAME, VetAuditsWriter.write(reviews));
    } catch (TrustInputException | IllegalArgumentException e) {
      throw new StoreException(
          "read own reviews from " + db.description() + ": " + e.getMessage(), e);
    }
    return Optional.of(new AuditFileRepository.Source(ref, audits, new VetResolver(audits)));
  }

  private List<OwnReview> query(String where, List<String> args, String what)
      throws StoreException {
    List<OwnReview> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM own_review"
                    + where
                    + " ORDER BY crate_name, reviewed_at, id")) {
      for (int i = 0; i < args.size(); i++) {
        ps.setString(i + 1, args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String delta = rs.getString(3);
          String digest = rs.getString(11);
          out.add(
              new OwnReview(
                  CrateName.of(rs.getString(1)),
                  CrateVersion.of(rs.getString(2)),
                  delta == null ? Optional.empty() : Optional.of(CrateVersion.of(delta)),
                  rs.getString(4),
                  Arrays.asList(rs.getString(5).split(",")),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getString(9),
                  rs.getTimestamp(10).toInstant(),
                  Optional.ofNullable(digest)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException(what + " from " + db.description() + ": " + e, e);
    }
    out.sort(
        Comparator.comparing((OwnReview r) -> r.crate().value())
            .thenComparing(OwnReview::version)
            .thenComparing(OwnReview::date));
    return out;
  }
}
