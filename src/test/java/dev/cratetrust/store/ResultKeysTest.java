package dev.cratetrust.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.testing.ScratchPostgres;
import dev.cratetrust.testing.TestStores;
import dev.cratetrust.trust.ProvenanceFact;
import dev.cratetrust.trust.ProvenanceFact.ProvenanceClass;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Results are stored under what was verified: origin, checksum and repository override. */
class ResultKeysTest {
  private static final String SHA_A = "a".repeat(64);
  private static final String SHA_B = "b".repeat(64);
  private static final PackageId DEMO = PackageId.of("demo", "1.0.0");

  @TempDir Path tmp;
  private TestStores stores;

  @BeforeEach
  void openStores() {
    stores = new TestStores(tmp);
  }

  @AfterEach
  void closeAll() throws Exception {
    stores.closeAll();
  }

  private static VerificationRecord rec(
      String category, String verifier, String origin, String sha, String override) {
    return new VerificationRecord(
        DEMO,
        verifier,
        category,
        List.of(),
        Optional.empty(),
        "somewhere",
        "{}",
        Instant.parse("2026-11-22T00:00:00Z"),
        origin,
        sha,
        override);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void aLocalFileOrAnotherRepositoryNeverReplacesTheRegistryVerdict(String kind) throws Exception {
    Database db = stores.open(kind);
    VerificationResults results = new VerificationResults(db);
    results.upsert(rec("gold-star", "v1", VerificationRecord.CRATES_IO, SHA_A, ""));
    results.upsert(rec("looks-sketchy", "v1", VerificationRecord.CRATE_FILE, SHA_B, ""));
    results.upsert(rec("looks-sketchy", "v1", VerificationRecord.CRATES_IO, SHA_A, "/srv/fork"));
    results.upsert(rec("looks-sketchy", "v1", VerificationRecord.CRATE_DIR, SHA_A, ""));
    assertThat(results.count()).isEqualTo(4);
    assertThat(results.find(DEMO, "v1").orElseThrow().category()).isEqualTo("gold-star");
    Map<PackageId, ProvenanceFact> prov =
        new TrustProvenanceRepository(db).latest(Map.of(DEMO, Optional.of(SHA_A)));
    assertThat(prov.get(DEMO).category()).isEqualTo(ProvenanceClass.GOLD_STAR);
    assertThat(
            new TrustProvenanceRepository(db)
                .latest(CrateName.of("demo"), CrateVersion.of("1.0.0"))
                .category())
        .isEqualTo(ProvenanceClass.GOLD_STAR);
    // the same key again replaces its row
    results.upsert(rec("needs-improvement", "v1", VerificationRecord.CRATE_FILE, SHA_B, ""));
    assertThat(results.count()).isEqualTo(4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void aResultOfAnotherArchiveIsNotTheLockedCratesVerdict(String kind) throws Exception {
    Database db = stores.open(kind);
    new VerificationResults(db)
        .upsert(rec("gold-star", "v1", VerificationRecord.CRATES_IO, SHA_A, ""));
    TrustProvenanceRepository prov = new TrustProvenanceRepository(db);
    ProvenanceFact other = prov.latest(Map.of(DEMO, Optional.of(SHA_B))).get(DEMO);
    assertThat(other.category()).isEqualTo(ProvenanceClass.UNKNOWN);
    assertThat(other.problem().orElseThrow()).contains("another archive", SHA_A, SHA_B);
    assertThat(prov.current(Map.of(DEMO, Optional.of(SHA_B)), "v1")).isEmpty();
    assertThat(prov.current(Map.of(DEMO, Optional.of(SHA_A)), "v1")).containsExactly(DEMO);
    assertThat(prov.current(Map.of(DEMO, Optional.of(SHA_A)), "v2"))
        .as("stored by an older verifier version")
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void rowsStoredBeforeKeysBecomeCratesIoRowsWithNoChecksum(String kind) throws Exception {
    String spec;
    String jdbc;
    ScratchPostgres pg = null;
    if (kind.equals("mem")) {
      String name = "legacy-" + UUID.randomUUID();
      spec = "mem:" + name;
      jdbc =
          "jdbc:h2:mem:"
              + name
              + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    } else {
      pg = ScratchPostgres.create();
      spec = pg.spec();
      jdbc = "jdbc:postgresql://" + spec.substring("postgresql://".length());
    }
    try {
      // A store made before results were keyed: only the migrations of that time, V1 to V3.
      Path old = Files.createDirectories(tmp.resolve("old-migrations"));
      for (String m :
          List.of(
              "V1__verification_results.sql",
              "V2__scan_jobs.sql",
              "V3__scan_job_claim_order.sql")) {
        try (InputStream in = getClass().getResourceAsStream("/db/migration/" + m)) {
          Files.copy(in, old.resolve(m));
        }
      }
      Flyway flyway =
          Flyway.configure().dataSource(jdbc, null, null).locations("filesystem:" + old).load();
      flyway.migrate();
      try (Connection c = flyway.getConfiguration().getDataSource().getConnection();
          Statement st = c.createStatement()) {
        st.executeUpdate(
            "INSERT INTO verification_result (crate_name, crate_version, verifier_version,"
                + " category, reasons, commit_id, source, report_json, verified_at) VALUES"
                + " ('demo', '1.0.0', 'v0', 'needs-improvement', 'no-release-tag', NULL,"
                + " 'https://static.crates.io/crates/demo/demo-1.0.0.crate', '{}',"
                + " TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00')");
        st.executeUpdate(
            "INSERT INTO scan_job (crate_name, crate_version, verifier_version, source,"
                + " repository, priority, state, attempts, run_after, enqueued_at) VALUES"
                + " ('demo', '1.0.0', 'v0', 'vendor:/srv/vendor/demo', 'r', 0, 'queued', 0,"
                + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
      }
      try (Database db = Database.open(spec)) {
        VerificationRecord r =
            new VerificationResults(db).history(DEMO).stream().findFirst().orElseThrow();
        assertThat(r.origin()).isEqualTo(VerificationRecord.CRATES_IO);
        assertThat(r.archiveSha256()).isEmpty();
        assertThat(r.repositoryOverride()).isEmpty();
        assertThat(r.reasons()).containsExactly("no-release-tag");
        assertThat(new ScanJobs(db, ScanJobs.Policy.defaults()).list(JobState.QUEUED, 5))
            .singleElement()
            .satisfies(j -> assertThat(j.origin()).isEqualTo(VerificationRecord.VENDOR));
        // a result of unknown checksum still answers for the locked archive (offline check)
        assertThat(
                new TrustProvenanceRepository(db)
                    .latest(Map.of(DEMO, Optional.of(SHA_A)))
                    .get(DEMO)
                    .category())
            .isEqualTo(ProvenanceClass.NEEDS_IMPROVEMENT);
        // but it is not current: online check verifies the locked archive again
        assertThat(
                new TrustProvenanceRepository(db).current(Map.of(DEMO, Optional.of(SHA_A)), "v0"))
            .isEmpty();
      }
    } finally {
      if (pg != null) {
        pg.close();
      }
    }
  }
}
