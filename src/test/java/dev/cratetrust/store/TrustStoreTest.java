package dev.cratetrust.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.advisory.AdvisoryImport;
import dev.cratetrust.advisory.AdvisoryParser;
import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.review.crev.CrevProofReader;
import dev.cratetrust.review.vet.VetAuditsParser;
import dev.cratetrust.testing.CrevProofBuilder;
import dev.cratetrust.trust.AuditFact;
import dev.cratetrust.trust.CrevProof;
import dev.cratetrust.trust.SourceProblem;
import dev.cratetrust.trust.SourceRef;
import dev.cratetrust.trust.VetAudits;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The trust repositories on both engines: H2 in memory and PostgreSQL in a schema of its own. */
class TrustStoreTest {
  static final String PG = "postgresql://127.0.0.1:5432/test?user=postgres";

  /** Opens a fresh store of the given kind; PostgreSQL gets a new schema dropped on close. */
  static final class Fresh implements AutoCloseable {
    final Database db;
    private final String schema;

    Fresh(Database.Kind kind) throws Exception {
      String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
      if (kind == Database.Kind.H2) {
        schema = null;
        db = Database.open("mem:trust" + id);
      } else {
        schema = "trust_" + id;
        try (Connection c = DriverManager.getConnection("jdbc:" + PG);
            Statement s = c.createStatement()) {
          s.execute("CREATE SCHEMA " + schema);
        }
        db = Database.open(PG + "&currentSchema=" + schema);
      }
    }

    @Override
    public void close() throws java.sql.SQLException {
      db.close();
      if (schema != null) {
        try (Connection c = DriverManager.getConnection("jdbc:" + PG);
            Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
      }
    }
  }

  static AdvisoryImport.Entry advisory(String id, String crate, String patched) throws Exception {
    String text =
        "```toml\n[advisory]\nid = \""
            + id
            + "\"\npackage = \""
            + crate
            + "\"\ndate = \"2024-01-02\"\n[versions]\npatched = [\""
            + patched
            + "\"]\n```\n\n# Problem in "
            + crate
            + "\n";
    return new AdvisoryImport.Entry(
        "crates/" + crate + "/" + id + ".md", text, AdvisoryParser.parse(id, text));
  }

  @Test
  void storedAdvisoriesAreReadBackThroughTheGivenParserAndItsRefusalIsNamed() throws Exception {
    try (Fresh f = new Fresh(Database.Kind.H2)) {
      new AdvisoryRepository(f.db, dev.cratetrust.cli.TrustFormats.PARSERS.advisory())
          .replace(
              new AdvisoryImport(
                  "/db",
                  Optional.empty(),
                  List.of(advisory("RUSTSEC-2024-0001", "foo", ">= 1.0.0")),
                  List.of()),
              "rustsec",
              Instant.parse("2026-01-01T00:00:00Z"));
      List<String> seen = new java.util.ArrayList<>();
      AdvisoryRepository reading =
          new AdvisoryRepository(
              f.db,
              (path, text) -> {
                seen.add(path);
                return AdvisoryParser.parse(path, text);
              });
      assertThat(reading.forCrate(CrateName.of("foo"))).hasSize(1);
      assertThat(seen).containsExactly("crates/foo/RUSTSEC-2024-0001.md");
      AdvisoryRepository refusing =
          new AdvisoryRepository(
              f.db,
              (path, text) -> {
                throw new dev.cratetrust.trust.TrustInputException(path + ": format changed");
              });
      assertThatThrownBy(() -> refusing.forCrate(CrateName.of("foo")))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("stored advisory no longer parses")
          .hasMessageContaining("format changed");
    }
  }

  @ParameterizedTest
  @EnumSource(Database.Kind.class)
  void advisoriesAreReplacedPerSourceAndKeepTheirSource(Database.Kind kind) throws Exception {
    try (Fresh f = new Fresh(kind)) {
      AdvisoryRepository repo =
          new AdvisoryRepository(f.db, dev.cratetrust.cli.TrustFormats.PARSERS.advisory());
      Instant t1 = Instant.parse("2026-01-01T00:00:00Z");
      AdvisoryImport first =
          new AdvisoryImport(
              "/db",
              Optional.of("abc"),
              List.of(
                  advisory("RUSTSEC-2024-0001", "foo", ">= 1.0.0"),
                  advisory("RUSTSEC-2024-0002", "bar", ">= 2.0.0")),
              List.of(new SourceProblem("crates/x/y.md", "broken")));
      repo.replace(first, "rustsec", t1);
      Instant t2 = Instant.parse("2026-02-01T00:00:00Z");
      AdvisoryImport second =
          new AdvisoryImport(
              "/db",
              Optional.of("def"),
              List.of(advisory("RUSTSEC-2024-0001", "foo", ">= 1.1.0")),
              List.of());
      repo.replace(second, "rustsec", t2);
      List<AdvisoryRepository.StoredAdvisory> foo = repo.forCrate(CrateName.of("foo"));
      assertThat(foo).hasSize(1);
      assertThat(foo.getFirst().advisory().patched().getFirst().text()).isEqualTo(">= 1.1.0");
      assertThat(foo.getFirst().source().readAt()).isEqualTo(t2);
      assertThat(foo.getFirst().source().revision()).contains("def");
      assertThat(repo.forCrate(CrateName.of("bar"))).isEmpty();
      assertThat(repo.forCrates(List.of(CrateName.of("foo"), CrateName.of("bar"))))
          .containsEntry(CrateName.of("foo"), foo)
          .containsEntry(CrateName.of("bar"), List.of());
      TrustSourceRepository sources = new TrustSourceRepository(f.db);
      assertThat(sources.list()).hasSize(1);
      assertThat(sources.problems(sources.list().getFirst().id())).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Database.Kind.class)
  void auditFilesRoundTrip(Database.Kind kind) throws Exception {
    try (Fresh f = new Fresh(kind)) {
      String text =
          "[[audits.foo]]\nwho = \"a\"\ncriteria = \"safe-to-deploy\"\nversion = \"1.0.0\"\n"
              + "[[audits.foo]]\nwho = \"b\"\ncriteria = \"safe-to-run\"\ndelta = \"1.0.0 -> 1.1.0\"\n";
      VetAudits parsed = VetAuditsParser.parse("a.toml", text);
      AuditFileRepository repo =
          new AuditFileRepository(f.db, dev.cratetrust.cli.TrustFormats.PARSERS.vet());
      SourceRef ref =
          new SourceRef(
              SourceRef.VET_AUDITS,
              "org",
              "https://example.org/audits.toml",
              Optional.empty(),
              Instant.parse("2026-03-01T00:00:00Z"));
      repo.replace(ref, text, parsed, List.of());
      List<AuditFact> facts =
          repo.loadAll().factsFor(CrateName.of("foo"), CrateVersion.of("1.1.0"));
      assertThat(facts).hasSize(1);
      assertThat(facts.getFirst().criteria()).containsExactly("safe-to-run");
      assertThat(facts.getFirst().source()).isEqualTo(ref);
      assertThat(new TrustSourceRepository(f.db).list().getFirst().items()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(Database.Kind.class)
  void crevProofsRoundTripAndAreFoundByNameAndDigest(Database.Kind kind) throws Exception {
    try (Fresh f = new Fresh(kind)) {
      CrevProofBuilder alice = new CrevProofBuilder();
      CrevProofBuilder bob = new CrevProofBuilder();
      String text =
          alice.sign(alice.reviewBody("foo", "1.0.0", "positive"))
              + alice.sign(alice.trustBody("2024-01-01T00:00:00Z", "medium", bob.id()))
              + alice.sign(alice.reviewBody("foo", "1.0.0", "positive"));
      CrevProofReader.Result read = CrevProofReader.read("proofs", text);
      SourceRef ref =
          new SourceRef(
              SourceRef.CREV_PROOFS,
              "alice",
              "/proofs",
              Optional.of("abc"),
              Instant.parse("2026-04-01T00:00:00Z"));
      ReviewCrevRepository repo =
          new ReviewCrevRepository(f.db, dev.cratetrust.cli.TrustFormats.PARSERS.crev());
      repo.replace(ref, read.proofs(), read.problems());
      var reviews = repo.reviewsOf(CrateName.of("foo"), CrateVersion.of("1.0.0"));
      assertThat(
              repo.reviewsOf(
                  List.of(
                      dev.cratetrust.crates.PackageId.of("foo", "1.0.0"),
                      dev.cratetrust.crates.PackageId.of("foo", "9.9.9"))))
          .containsEntry(dev.cratetrust.crates.PackageId.of("foo", "1.0.0"), reviews)
          .containsEntry(dev.cratetrust.crates.PackageId.of("foo", "9.9.9"), List.of());
      assertThat(reviews).as("identical proofs are stored once").hasSize(1);
      assertThat(reviews.getFirst().proof().authorId()).isEqualTo(alice.id());
      assertThat(reviews.getFirst().source()).isEqualTo(ref);
      assertThat(repo.reviewsWithDigest("AAAA")).hasSize(1);
      assertThat(repo.reviewsWithDigest("BBBB")).isEmpty();
      assertThat(repo.trustProofs())
          .extracting(CrevProof.Trust::ids)
          .containsExactly(List.of(bob.id()));
      try (Connection c = f.db.connection();
          Statement s = c.createStatement()) {
        s.executeUpdate(
            "UPDATE review_crev_proof SET text = REPLACE(text, 'rating: positive', 'rating: strong')");
      }
      assertThat(repo.reviewsOf(CrateName.of("foo"), CrateVersion.of("1.0.0")))
          .as("a tampered row fails verification on read and is dropped")
          .isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Database.Kind.class)
  void unknownProvenanceWhenNothingIsStored(Database.Kind kind) throws Exception {
    try (Fresh f = new Fresh(kind)) {
      assertThat(
              new TrustProvenanceRepository(f.db)
                  .latest(CrateName.of("foo"), CrateVersion.of("1.0.0"))
                  .category()
                  .code())
          .isEqualTo("unknown");
    }
  }
}
