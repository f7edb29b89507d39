package dev.cratetrust.store;

import dev.cratetrust.trust.SourceProblem;
import dev.cratetrust.trust.SourceRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Trust sources in the store: where and when each was read, and the items it could not read. */
public final class TrustSourceRepository {
  private static final int MAX_TEXT = 3900;
  private final Database db;

  /** A stored source with its id and counts. */
  public record StoredSource(long id, SourceRef ref, int items, int problems) {}

  public TrustSourceRepository(Database db) {
    this.db = db;
  }

  /** Every source in the store, ordered by kind and name. */
  public List<StoredSource> list() throws StoreException {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, kind, name, location, revision, read_at, item_count, problem_count"
                    + " FROM trust_source ORDER BY kind, name, location")) {
      List<StoredSource> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new StoredSource(
                  rs.getLong(1), ref(rs, 2), rs.getInt("item_count"), rs.getInt("problem_count")));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("list trust sources in " + db.description() + ": " + e, e);
    }
  }

  /** The problems recorded when source {@code id} was last read. */
  public List<SourceProblem> problems(long id) throws StoreException {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT item, message FROM trust_source_problem WHERE source_id = ? ORDER BY item")) {
      ps.setLong(1, id);
      List<SourceProblem> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new SourceProblem(rs.getString(1), rs.getString(2)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("read trust source problems in " + db.description() + ": " + e, e);
    }
  }

  /**
   * Reads a {@link SourceRef} from columns kind, name, location, revision, read_at at {@code i}.
   */
  static SourceRef ref(ResultSet rs, int i) throws SQLException {
    return new SourceRef(
        rs.getString(i),
        rs.getString(i + 1),
        rs.getString(i + 2),
        Optional.ofNullable(rs.getString(i + 3)),
        rs.getTimestamp(i + 4).toInstant());
  }

  /**
   * Deletes the previous copy of the source (same kind and location) with everything read from it,
   * and inserts the new source row and its problems; returns the new id. Runs on {@code c} so the
   * caller's transaction covers the items it inserts next.
   */
  static long replace(Connection c, SourceRef ref, int items, List<SourceProblem> problems)
      throws SQLException {
    try (PreparedStatement del =
        c.prepareStatement("DELETE FROM trust_source WHERE kind = ? AND location = ?")) {
      del.setString(1, ref.kind());
      del.setString(2, ref.location());
      del.executeUpdate();
    }
    long id;
    try (PreparedStatement ins =
        c.prepareStatement(
            "INSERT INTO trust_source (kind, name, location, revision, read_at, item_count,"
                + " problem_count) VALUES (?, ?, ?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ins.setString(1, ref.kind());
      ins.setString(2, cut(ref.name(), 200));
      ins.setString(3, ref.location());
      ins.setString(4, ref.revision().orElse(null));
      ins.setTimestamp(5, Timestamp.from(ref.readAt()));
      ins.setInt(6, items);
      ins.setInt(7, problems.size());
      ins.executeUpdate();
      try (ResultSet keys = ins.getGeneratedKeys()) {
        keys.next();
        id = keys.getLong(1);
      }
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO trust_source_problem (source_id, item, message) VALUES (?, ?, ?)")) {
      for (SourceProblem sp : problems) {
        p.setLong(1, id);
        p.setString(2, cut(sp.item(), 2000));
        p.setString(3, cut(sp.message(), MAX_TEXT));
        p.addBatch();
      }
      p.executeBatch();
    }
    return id;
  }

  static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
