package dev.cratetrust.store;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.store.ScanJobs.NewJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The cursor of {@code cratetrust follow} per registry index, in {@code registry_follow}, moved
 * only in the transaction that queues the versions up to it.
 *
 * <p>A {@link Step} queues jobs and records yanks on one connection and commits them together with
 * the new cursor, only if the cursor is still where the step began (so two followers of one index
 * never both move it); a step that is not committed leaves nothing behind.
 */
public final class RegistryFollow {
  private static final int MAX_INDEX = 2000;
  private final Database db;

  public RegistryFollow(Database db) {
    this.db = db;
  }

  /** The index commit whose versions are all queued, or empty before the first step. */
  public Optional<String> cursor(String index) throws StoreException {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement("SELECT cursor_commit FROM registry_follow WHERE index_url = ?")) {
      ps.setString(1, cut(index));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException(
          "read the follow cursor of " + index + " from " + db.description() + ": " + e, e);
    }
  }

  /** Starts a step from cursor {@code from} (empty: the first step). */
  public Step begin(String index, Optional<String> from) throws StoreException {
    try {
      return new Step(db.connection(), cut(index), from);
    } catch (SQLException e) {
      throw new StoreException(
          "start a follow step of " + index + " in " + db.description() + ": " + e, e);
    }
  }

  /** What a committed step did. */
  public record StepResult(long added, long alreadyQueued, long alreadyVerified, long yanks) {}

  /** One transaction of the follow loop; {@link #close()} rolls back unless committed. */
  public final class Step implements AutoCloseable {
    private final Connection c;
    private final String index;
    private final Optional<String> from;
    private final ScanJobEnqueuer.InTransaction jobs;
    private final PreparedStatement yank;
    private long added;
    private long queued;
    private long verified;
    private long yanks;
    private long seen;
    private boolean committed;

    private Step(Connection c, String index, Optional<String> from) throws SQLException {
      this.c = c;
      this.index = index;
      this.from = from;
      try {
        c.setAutoCommit(false);
        this.jobs = new ScanJobEnqueuer.InTransaction(c);
        this.yank = c.prepareStatement(TrustYankedRepository.upsertSql(db));
      } catch (SQLException e) {
        c.close();
        throw e;
      }
    }

    /** Queues {@code job} (a waiting job of the same key takes its priority if more urgent). */
    public void enqueue(NewJob job) throws StoreException {
      try {
        seen++;
        switch (jobs.add(job, true)) {
          case ADDED -> added++;
          case ALREADY_QUEUED -> queued++;
          case ALREADY_VERIFIED -> verified++;
        }
      } catch (SQLException e) {
        throw fail("queue " + job.target(), e);
      }
    }

    /** Records the index's yank flag of {@code id} as read at {@code at}. */
    public void yanked(PackageId id, boolean yanked, Instant at) throws StoreException {
      try {
        yank.setString(1, id.name().value());
        yank.setString(2, id.version().value());
        yank.setBoolean(3, yanked);
        yank.setString(4, index);
        yank.setTimestamp(5, Timestamp.from(at));
        yank.executeUpdate();
        yanks++;
      } catch (SQLException e) {
        throw fail("record the yank flag of " + id, e);
      }
    }

    /**
     * Commits the queued jobs and yanks with the cursor moved to {@code to}; throws, committing
     * nothing, when another follower moved the cursor since this step began.
     */
    public StepResult commit(String to, Instant at) throws StoreException {
      try {
        int n;
        if (from.isEmpty()) {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO registry_follow (index_url, cursor_commit, updated_at,"
                      + " versions_seen) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, index);
            ps.setString(2, to);
            ps.setTimestamp(3, Timestamp.from(at));
            ps.setLong(4, seen);
            n = ps.executeUpdate();
          }
        } else {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE registry_follow SET cursor_commit = ?, updated_at = ?,"
                      + " versions_seen = versions_seen + ? WHERE index_url = ?"
                      + " AND cursor_commit = ?")) {
            ps.setString(1, to);
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setLong(3, seen);
            ps.setString(4, index);
            ps.setString(5, from.get());
            n = ps.executeUpdate();
          }
        }
        if (n != 1) {
          c.rollback();
          throw new StoreException(
              "move the follow cursor of "
                  + index
                  + " to "
                  + to
                  + ": another follower moved it from "
                  + from.orElse("(none)")
                  + " first; nothing of this step was stored");
        }
        c.commit();
        committed = true;
        return new StepResult(added, queued, verified, yanks);
      } catch (SQLException e) {
        throw fail("move the follow cursor to " + to, e);
      }
    }

    private StoreException fail(String operation, SQLException e) {
      try {
        c.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      return new StoreException(
          operation + " (following " + index + ") in " + db.description() + ": " + e, e);
    }

    @Override
    public void close() throws StoreException {
      try {
        if (!committed) {
          c.rollback();
        }
        jobs.close();
        yank.close();
        c.close();
      } catch (SQLException e) {
        throw new StoreException(
            "end a follow step of " + index + " in " + db.description() + ": " + e, e);
      }
    }
  }

  private static String cut(String s) {
    return s.length() > MAX_INDEX ? s.substring(0, MAX_INDEX) : s;
  }
}
