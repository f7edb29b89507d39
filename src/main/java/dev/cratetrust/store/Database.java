package dev.cratetrust.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * An open cratetrust store, embedded H2 (a file) or PostgreSQL, with its schema migrated to the
 * current version.
 *
 * <p>H2 runs in PostgreSQL mode so one set of migrations under {@code db/migration} serves both.
 * Opening skips Flyway (about a second of a short command's start) when the schema history already
 * lists exactly the migrations on the classpath, with their checksums; any doubt runs Flyway.
 */
public final class Database implements AutoCloseable {
  static final String MIGRATIONS = "db/migration";

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
      if (!SchemaHistory.isCurrent(ds, Database.class.getClassLoader())) {
        Flyway.configure()
            .dataSource(ds)
            .locations("classpath:" + MIGRATIONS)
            // Versions are numbered by feature (V2-V9 scan queue, V10-V19 trust, ...), so a new
            // scan-queue migration may have a lower number than one a store already has.
            .outOfOrder(true)
            .load()
            .migrate();
      }
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

  /**
   * Decides whether the store already has every migration on the classpath applied, by reading
   * Flyway's schema history directly: true only when its successful SQL migrations are exactly the
   * classpath's versioned scripts, with equal script names and checksums (computed as Flyway does).
   * Anything else (no history table, a failed or pending migration, a script of another kind, a
   * classpath it cannot list) answers false so that Flyway migrates and validates in full.
   */
  static final class SchemaHistory {
    private static final String HISTORY_TABLE = "flyway_schema_history";
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");

    /** One applied or applicable versioned migration. */
    record Migration(String version, String script, int checksum) {}

    private SchemaHistory() {}

    static boolean isCurrent(DataSource ds, ClassLoader loader) {
      Optional<Set<Migration>> available = onClasspath(loader);
      if (available.isEmpty() || available.get().isEmpty()) {
        return false;
      }
      Optional<Set<Migration>> applied;
      try (Connection c = ds.getConnection()) {
        applied = applied(c);
      } catch (SQLException e) {
        return false;
      }
      return applied.isPresent() && applied.get().equals(available.get());
    }

    /** The successful SQL migrations in the history, or empty when it holds anything else. */
    static Optional<Set<Migration>> applied(Connection c) {
      Set<Migration> applied = new HashSet<>();
      // Asked first because a failing query on a new store makes H2 write a .trace.db file.
      try (ResultSet tables = c.getMetaData().getTables(null, null, HISTORY_TABLE, null)) {
        if (!tables.next()) {
          return Optional.empty();
        }
      } catch (SQLException e) {
        return Optional.empty();
      }
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "select version, script, checksum, type, success from " + HISTORY_TABLE)) {
        while (rs.next()) {
          String version = rs.getString(1);
          String type = rs.getString(4);
          if (version == null && ("TABLE".equals(type) || "SCHEMA".equals(type))) {
            continue;
          }
          int checksum = rs.getInt(3);
          boolean noChecksum = rs.wasNull();
          if (!"SQL".equals(type) || noChecksum || version == null || !rs.getBoolean(5)) {
            return Optional.empty();
          }
          applied.add(new Migration(version, rs.getString(2), checksum));
        }
      } catch (SQLException e) {
        return Optional.empty();
      }
      return Optional.of(applied);
    }

    /** The versioned SQL scripts under {@code db/migration}, or empty when one cannot be read. */
    static Optional<Set<Migration>> onClasspath(ClassLoader loader) {
      Set<Migration> found = new HashSet<>();
      Set<String> seen = new HashSet<>();
      try {
        for (URL url : Collections.list(loader.getResources(MIGRATIONS))) {
          Optional<List<String>> names = scriptNames(url);
          if (names.isEmpty()) {
            return Optional.empty();
          }
          for (String name : names.get()) {
            Matcher m = VERSIONED.matcher(name);
            if (!m.matches() || !seen.add(name)) {
              return Optional.empty();
            }
            URL script = loader.getResource(MIGRATIONS + "/" + name);
            if (script == null) {
              return Optional.empty();
            }
            try (InputStream in = script.openStream()) {
              found.add(new Migration(m.group(1).replace('_', '.'), name, checksum(in)));
            }
          }
        }
      } catch (IOException | IllegalArgumentException e) {
        return Optional.empty();
      }
      return Optional.of(found);
    }

    private static Optional<List<String>> scriptNames(URL folder) throws IOException {
      switch (folder.getProtocol()) {
        case "file" -> {
          try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            return Optional.of(files.map(p -> p.getFileName().toString()).toList());
          } catch (URISyntaxException e) {
            return Optional.empty();
          }
        }
        case "jar" -> {
          if (!(folder.openConnection() instanceof JarURLConnection connection)) {
            return Optional.empty();
          }
          String folderName = connection.getEntryName();
          String prefix = folderName.endsWith("/") ? folderName : folderName + "/";
          List<String> names = new ArrayList<>();
          try (JarFile jar = new JarFile(Path.of(connection.getJarFileURL().toURI()).toFile())) {
            for (JarEntry e : Collections.list(jar.entries())) {
              String name = e.getName();
              if (name.startsWith(prefix) && name.length() > prefix.length()) {
                names.add(name.substring(prefix.length()));
              }
            }
          } catch (URISyntaxException e) {
            return Optional.empty();
          }
          return Optional.of(names);
        }
        default -> {
          return Optional.empty();
        }
      }
    }

    /** Flyway's checksum: CRC-32 over the UTF-8 bytes of every line without its line break. */
    static int checksum(InputStream in) throws IOException {
      CRC32 crc = new CRC32();
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 4096);
      String line = reader.readLine();
      if (line != null && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      while (line != null) {
        crc.update(line.getBytes(StandardCharsets.UTF_8));
        line = reader.readLine();
      }
      return (int) crc.getValue();
    }
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
