package dev.cratetrust.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * An open cratetrust store, embedded H2 (a file) or PostgreSQL, with its schema migrated to the
 * current version.
 *
 * <p>H2 runs in PostgreSQL mode so one set of migrations under {@code db/migration} serves both.
 */
public final class Database implements AutoCloseable {
  /** Which engine is behind the store. */
  public enum Kind {
    H2,
    POSTGRESQL
  }

  private final HikariDataSource dataSource;
  private final Kind kind;
  private final String description;

  private Database(HikariDataSource dataSource, Kind kind, String description) {
    this.dataSource = dataSource;
    this.kind = kind;
    this.description = description;
  }

  /**
   * Opens the store named by {@code spec}: {@code postgresql://...} or {@code
   * jdbc:postgresql://...} for PostgreSQL, {@code mem:NAME} for an in-memory H2 database, anything
   * else is a file path for an embedded H2 store (created if missing). Migrations run before this
   * returns.
   */
  public static Database open(String spec) throws StoreException {
    HikariConfig cfg = new HikariConfig();
    Kind kind;
    String description;
    if (spec.startsWith("postgresql://") || spec.startsWith("postgres://")) {
      kind = Kind.POSTGRESQL;
      cfg.setJdbcUrl("jdbc:postgresql://" + spec.substring(spec.indexOf("://") + 3));
      description = "PostgreSQL " + redact(spec);
    } else if (spec.startsWith("jdbc:postgresql:")) {
      kind = Kind.POSTGRESQL;
      cfg.setJdbcUrl(spec);
      description = "PostgreSQL " + redact(spec);
    } else if (spec.startsWith("mem:")) {
      kind = Kind.H2;
      cfg.setJdbcUrl(
          "jdbc:h2:mem:"
              + spec.substring(4)
              + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
      description = "in-memory store " + spec;
    } else {
      kind = Kind.H2;
      Path file = Path.of(spec).toAbsolutePath().normalize();
      String base = file.toString();
      if (base.endsWith(".mv.db")) {
        base = base.substring(0, base.length() - ".mv.db".length());
      }
      try {
        Path parent = file.getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
      } catch (IOException e) {
        throw new StoreException("open store " + spec + ": cannot create its folder: " + e, e);
      }
      cfg.setJdbcUrl(
          "jdbc:h2:file:"
              + base
              + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE");
      description = "embedded store " + base + ".mv.db";
    }
    cfg.setMaximumPoolSize(Math.max(4, Runtime.getRuntime().availableProcessors() * 2));
    cfg.setPoolName("cratetrust-store");
    cfg.setInitializationFailTimeout(10_000);
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(cfg);
    } catch (RuntimeException e) {
      throw new StoreException("open " + description + ": " + rootMessage(e), e);
    }
    try {
      Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw new StoreException("migrate " + description + ": " + rootMessage(e), e);
    }
    return new Database(ds, kind, description);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  public Kind kind() {
    return kind;
  }

  public String description() {
    return description;
  }

  /** The default embedded store file: {@code $XDG_DATA_HOME/cratetrust/store} or ~/.local/share. */
  public static Path defaultPath() {
    String xdg = System.getenv("XDG_DATA_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".local", "share");
    return base.resolve("cratetrust").resolve("store");
  }

  private static String redact(String spec) {
    return spec.replaceAll("//[^/@]*@", "//***@");
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
