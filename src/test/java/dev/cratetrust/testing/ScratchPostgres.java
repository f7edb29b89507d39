package dev.cratetrust.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A uniquely named schema in the local test PostgreSQL ({@code 127.0.0.1:5432/test}, trust auth),
 * dropped on close, so parallel test runs never see each other's tables.
 */
public final class ScratchPostgres implements AutoCloseable {
  private static final String BASE = "127.0.0.1:5432/test?user=postgres";
  private final String schema;

  private ScratchPostgres(String schema) {
    this.schema = schema;
  }

  public static ScratchPostgres create() throws SQLException {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + BASE);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return new ScratchPostgres(schema);
  }

  /** The store spec to pass to {@code Database.open} or {@code --db}. */
  public String spec() {
    return "postgresql://" + BASE + "&currentSchema=" + schema;
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + BASE);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
