package dev.cratetrust.store;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.trust.CrevProof;
import dev.cratetrust.trust.SourceProblem;
import dev.cratetrust.trust.SourceRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Signature-verified crev proofs in the store, verbatim; they are verified again when read back, so
 * a tampered row is dropped rather than trusted.
 */
public final class ReviewCrevRepository {
  private final Database db;
  private final TrustTextParsers.CrevText reader;

  /** A proof read back with its source. */
  public record StoredProof<T extends CrevProof>(T proof, SourceRef source) {}

  /** {@code reader} reads the stored proof texts back. */
  public ReviewCrevRepository(Database db, TrustTextParsers.CrevText reader) {
    this.db = db;
    this.reader = reader;
  }

  /** Replaces everything read before from {@code ref.location()}; returns the source id. */
  public long replace(SourceRef ref, List<CrevProof> proofs, List<SourceProblem> problems)
      throws StoreException {
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        Set<String> seen = new HashSet<>();
        List<CrevProof> unique = new ArrayList<>();
        for (CrevProof p : proofs) {
          if (seen.add(digest(p.text()))) {
            unique.add(p);
          }
        }
        long id = TrustSourceRepository.replace(c, ref, unique.size(), problems);
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO review_crev_proof (source_id, proof_digest, kind, author_id,"
                    + " crate_name, crate_version, crate_digest, proof_date, text)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          for (CrevProof p : unique) {
            ps.setLong(1, id);
            ps.setString(2, digest(p.text()));
            ps.setString(3, p instanceof CrevProof.Trust ? "trust" : "package review");
            ps.setString(4, TrustSourceRepository.cut(p.authorId(), 64));
            if (p instanceof CrevProof.PackageReview r) {
              ps.setString(5, TrustSourceRepository.cut(r.crate(), 64));
              ps.setString(6, TrustSourceRepository.cut(r.version(), 150));
              ps.setString(7, r.digest().map(d -> TrustSourceRepository.cut(d, 100)).orElse(null));
            } else {
              ps.setString(5, null);
              ps.setString(6, null);
              ps.setString(7, null);
            }
            ps.setString(8, TrustSourceRepository.cut(p.date(), 64));
            ps.setString(9, p.text());
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
          "save crev proofs from " + ref.location() + " in " + db.description() + ": " + e, e);
    }
  }

  /** Package reviews of {@code crate@version} from every source. */
  public List<StoredProof<CrevProof.PackageReview>> reviewsOf(CrateName crate, CrateVersion version)
      throws StoreException {
    List<StoredProof<CrevProof.PackageReview>> out = new ArrayList<>();
    for (StoredProof<CrevProof> p :
        query(
            "WHERE p.kind = 'package review' AND p.crate_name = ? AND p.crate_version = ?",
            crate.value(),
            version.value())) {
      if (p.proof() instanceof CrevProof.PackageReview r) {
        out.add(new StoredProof<>(r, p.source()));
      }
    }
    return out;
  }

  /**
   * Package reviews whose crev digest is {@code digest} (see {@code CrevDigest.of}): reviews of
   * exactly these files, whatever name and version they were published under.
   */
  public List<StoredProof<CrevProof.PackageReview>> reviewsWithDigest(String digest)
      throws StoreException {
    List<StoredProof<CrevProof.PackageReview>> out = new ArrayList<>();
    for (StoredProof<CrevProof> p :
        query("WHERE p.kind = 'package review' AND p.crate_digest = ?", digest)) {
      if (p.proof() instanceof CrevProof.PackageReview r) {
        out.add(new StoredProof<>(r, p.source()));
      }
    }
    return out;
  }

  /** Every stored trust proof. */
  public List<CrevProof.Trust> trustProofs() throws StoreException {
    List<CrevProof.Trust> out = new ArrayList<>();
    for (StoredProof<CrevProof> p : query("WHERE p.kind = 'trust'")) {
      if (p.proof() instanceof CrevProof.Trust t) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * The stored package reviews of each of {@code ids} (matched by name and version), ordered as
   * {@link #reviewsOf(CrateName, CrateVersion)} orders them; versions without reviews map to an
   * empty list.
   */
  public Map<PackageId, List<StoredProof<CrevProof.PackageReview>>> reviewsOf(
      Collection<PackageId> ids) throws StoreException {
    Map<PackageId, List<StoredProof<CrevProof.PackageReview>>> out = new HashMap<>();
    for (PackageId id : ids) {
      out.put(id, new ArrayList<>());
    }
    List<String> names = out.keySet().stream().map(id -> id.name().value()).distinct().toList();
    for (List<String> chunk : TrustBatch.chunks(names)) {
      for (StoredProof<CrevProof> p :
          query(
              "WHERE p.kind = 'package review' AND p.crate_name IN ("
                  + TrustBatch.placeholders(chunk.size())
                  + ")",
              chunk.toArray(String[]::new))) {
        if (p.proof() instanceof CrevProof.PackageReview r
            && CrateVersion.isValid(r.version())
            && CrateName.problem(r.crate()) == null) {
          List<StoredProof<CrevProof.PackageReview>> list =
              out.get(new PackageId(CrateName.of(r.crate()), CrateVersion.of(r.version())));
          if (list != null) {
            list.add(new StoredProof<>(r, p.source()));
          }
        }
      }
    }
    return out;
  }

  private List<StoredProof<CrevProof>> query(String where, String... args) throws StoreException {
    List<StoredProof<CrevProof>> out = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT s.kind, s.name, s.location, s.revision, s.read_at, p.text"
                    + " FROM review_crev_proof p JOIN trust_source s ON s.id = p.source_id "
                    + where
                    + " ORDER BY p.proof_date, p.proof_digest")) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          SourceRef ref = TrustSourceRepository.ref(rs, 1);
          for (CrevProof p : reader.proofs(ref.location(), rs.getString(6))) {
            out.add(new StoredProof<>(p, ref));
          }
        }
      }
    } catch (SQLException e) {
      throw new StoreException("read crev proofs from " + db.description() + ": " + e, e);
    }
    return out;
  }

  static String digest(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
