package dev.cratetrust.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

/**
 * A uniquely named schema in the test PostgreSQL server, dropped on close, so parallel test runs
 * never see each other's tables.
 *
 * <p>The server is, in order: {@code CRATETRUST_TEST_PG} (environment) or {@code
 * cratetrust.test.pg} (system property), as {@code host:port/db?user=name}, which {@code .ci/run}
 * sets to the machine's server; else a server answering on {@code 127.0.0.1:5432/test} as {@code
 * postgres}; else an {@link EmbeddedPostgres} started once for this JVM and stopped at its exit.
 * The value {@code embedded} skips the probe and always starts one.
 */
public final class ScratchPostgres implements AutoCloseable {
  /** The default local server probed when nothing is configured. */
  static final String LOCAL = "127.0.0.1:5432/test?user=postgres";

  private final String base;
  private final String schema;

  private ScratchPostgres(String base, String schema) {
    this.base = base;
    this.schema = schema;
  }

  public static ScratchPostgres create() throws SQLException {
    String base = Server.BASE;
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + base);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return new ScratchPostgres(base, schema);
  }

  /** The store spec to pass to {@code Database.open} or {@code --db}. */
  public String spec() {
    return "postgresql://" + base + "&currentSchema=" + schema;
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + base);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  /** The configured server, or empty when neither the variable nor the property is set. */
  static Optional<String> configured() {
    String env = System.getenv("CRATETRUST_TEST_PG");
    String prop = System.getProperty("cratetrust.test.pg");
    String v = prop != null && !prop.isBlank() ? prop : env;
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  /** Whether a PostgreSQL server accepts {@code base} within two seconds. */
  static boolean answers(String base) {
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:postgresql://" + base + "&connectTimeout=2&socketTimeout=5")) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /** Resolves the server once per JVM, on first use. */
  private static final class Server {
    static final String BASE = resolve();

    private static String resolve() {
      Optional<String> configured = configured();
      if (configured.isPresent() && !configured.get().equals("embedded")) {
        return configured.get();
      }
      if (configured.isEmpty() && answers(LOCAL)) {
        return LOCAL;
      }
      try {
        EmbeddedPostgres pg = EmbeddedPostgres.start();
        Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "embedded-postgres-stop"));
        return pg.base();
      } catch (IOException e) {
        throw new UncheckedIOException(
            "no PostgreSQL for the tests: CRATETRUST_TEST_PG is not set, nothing answers on "
                + LOCAL
                + ", and the embedded server did not start",
            e);
      }
    }
  }
}
