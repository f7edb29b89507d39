package dev.cratetrust.store;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.PackageId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Splits the keys of a batched store read into {@code IN (...)} lists of bounded size. */
final class TrustBatch {
  /** Keys per statement; well under PostgreSQL's limit of 32767 parameters. */
  static final int SIZE = 500;

  private TrustBatch() {}

  static <T> List<List<T>> chunks(List<T> keys) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < keys.size(); i += SIZE) {
      out.add(keys.subList(i, Math.min(keys.size(), i + SIZE)));
    }
    return out;
  }

  /** {@code ?, ?, ?} for {@code n} parameters. */
  static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  /** Handles one row of a batched read. */
  @FunctionalInterface
  interface RowHandler {
    void row(ResultSet rs) throws SQLException, StoreException;
  }

  /**
   * Runs {@code before + "?, ?, ..." + after} once per chunk of {@code keys} (the placeholders
   * inside an {@code IN (...)}) and hands every row to {@code handler}.
   */
  static void query(
      Connection c, String before, String after, List<String> keys, RowHandler handler)
      throws SQLException, StoreException {
    for (List<String> chunk : chunks(keys)) {
      try (PreparedStatement ps = c.prepareStatement(before + placeholders(chunk.size()) + after)) {
        for (int i = 0; i < chunk.size(); i++) {
          ps.setString(i + 1, chunk.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            handler.row(rs);
          }
        }
      }
    }
  }

  /** The crate version in columns {@code nameColumn} and {@code nameColumn + 1}, if valid. */
  static Optional<PackageId> packageId(ResultSet rs, int nameColumn) throws SQLException {
    String name = rs.getString(nameColumn);
    String version = rs.getString(nameColumn + 1);
    if (CrateName.problem(name) != null || !CrateVersion.isValid(version)) {
      return Optional.empty();
    }
    return Optional.of(new PackageId(CrateName.of(name), CrateVersion.of(version)));
  }
}
