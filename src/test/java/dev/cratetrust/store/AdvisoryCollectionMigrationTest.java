package dev.cratetrust.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CrateName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store synced before V13 holds toolchain advisories (path {@code rust/...}) among crate
 * advisories; after migrating, they are their own collection and match no crate.
 */
class AdvisoryCollectionMigrationTest {
  static final Path DB = Path.of("src/test/resources/data/rustsec/advisory-db");

  @Test
  void toolchainRowsStoredBeforeTheCollectionColumnAreMovedToTheirCollection(@TempDir Path tmp)
      throws Exception {
    String base = tmp.resolve("old").toAbsolutePath().toString();
    String url =
        "jdbc:h2:file:"
            + base
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    Flyway.configure()
        .dataSource(url, "", "")
        .locations("classpath:" + Database.MIGRATIONS)
        .target("12")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(url, "", "")) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO trust_source (id, kind, name, location, read_at, item_count,"
                  + " problem_count) VALUES (1, 'advisory-db', 'old', '/old', ?, 2, 0)")) {
        ps.setTimestamp(1, Timestamp.from(Instant.EPOCH));
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO advisory (source_id, advisory_id, crate_name, path, text)"
                  + " VALUES (1, ?, ?, ?, ?)")) {
        for (String[] row :
            new String[][] {
              {"CVE-2019-16760", "cargo", "rust/cargo/CVE-2019-16760.md"},
              {"RUSTSEC-2020-0019", "tokio-rustls", "crates/tokio-rustls/RUSTSEC-2020-0019.md"}
            }) {
          ps.setString(1, row[0]);
          ps.setString(2, row[1]);
          ps.setString(3, row[2]);
          ps.setString(4, Files.readString(DB.resolve(row[2])));
          ps.executeUpdate();
        }
      }
    }
    try (Database store = Database.open(base)) {
      AdvisoryRepository repo =
          new AdvisoryRepository(store, dev.cratetrust.cli.TrustFormats.PARSERS.advisory());
      assertThat(repo.forCrate(CrateName.of("cargo"))).isEmpty();
      assertThat(repo.toolchainCount(CrateName.of("cargo"))).isEqualTo(1);
      assertThat(repo.forCrate(CrateName.of("tokio-rustls")))
          .extracting(s -> s.advisory().id())
          .containsExactly("RUSTSEC-2020-0019");
    }
  }
}
