package dev.cratetrust.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A cheap fingerprint of what a crate's badge or page can depend on (verifications, verification
 * jobs given up on, advisory and other trust sources, signals, registry releases): it changes
 * whenever a row is added there, or a verification or source is stored again with a new time. A
 * cache may keep what it read while the fingerprint stays the same. It does not notice an edit that
 * keeps counts and times, which the store's writers never make.
 */
public final class StoreChanges {
  private static final String SQL =
      "SELECT (SELECT COUNT(*) FROM verification_result),"
          + " (SELECT MAX(verified_at) FROM verification_result),"
          + " (SELECT COUNT(*) FROM scan_job WHERE state = 'dead'),"
          + " (SELECT COUNT(*) FROM trust_source),"
          + " (SELECT MAX(read_at) FROM trust_source),"
          + " (SELECT COUNT(*) FROM signal_result),"
          + " (SELECT COUNT(*) FROM registry_release)";

  private final Database db;

  public StoreChanges(Database db) {
    this.db = db;
  }

  /** The current fingerprint. */
  public String fingerprint() throws StoreException {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(SQL);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      StringBuilder b = new StringBuilder();
      for (int i = 1; i <= 7; i++) {
        b.append(rs.getString(i)).append('|');
      }
      return b.toString();
    } catch (SQLException e) {
      throw new StoreException(
          "read the store's change marks in " + db.description() + ": " + e, e);
    }
  }
}
