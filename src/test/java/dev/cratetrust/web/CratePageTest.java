package dev.cratetrust.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.advisory.AdvisoryImport;
import dev.cratetrust.advisory.AdvisoryParser;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.testing.DbDumpBuilder;
import dev.cratetrust.testing.GitHttpServer;
import dev.cratetrust.testing.LoopbackVerifier;
import dev.cratetrust.testing.SiteFixture;
import dev.cratetrust.testing.TestCrateScenario;
import dev.cratetrust.testing.TestCrates;
import dev.cratetrust.verify.CrateVerifier;
import dev.cratetrust.verify.Verification;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The crate page and its JSON twin over real verifications (crates packaged by cargo, verified over
 * loopback git), advisories stored as {@code sync} stores them and a registry dump imported as
 * {@code sync-dump} imports it, on the embedded store and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CratePageTest {
  static final Instant SYNCED = Instant.parse("2026-11-30T08:00:00Z");

  private Path tmp;
  private GitHttpServer git;
  private TestCrates.Fixture gold;
  private TestCrates.Fixture sketchy;
  private Verification goldResult;
  private Verification sketchyResult;
  private Path dump;

  @BeforeAll
  void verify(@TempDir Path dir) throws Exception {
    tmp = dir;
    git = new GitHttpServer(TestCrates.remoteRoot(tmp));
    gold = TestCrates.build(TestCrateScenario.MATCHING, tmp);
    sketchy = TestCrates.build(TestCrateScenario.EXTRA_FILE_IN_CRATE, tmp);
    CrateVerifier verifier = LoopbackVerifier.of(git, tmp);
    goldResult = verifier.verifyArchive(gold.crateFile(), Optional.empty());
    sketchyResult = verifier.verifyArchive(sketchy.crateFile(), Optional.empty());
    dump =
        DbDumpBuilder.of(
                List.of(
                    DbDumpBuilder.Crate.of("matching", "https://example.org/m", 1234567, "1.0.0"),
                    DbDumpBuilder.Crate.of("serde", "https://example.org/s", 9_000_000, "1.0.0")))
            .owners("matching", "alice", "bob")
            .publishedBy("matching", "1.0.0", "alice")
            .write(Files.createDirectories(tmp.resolve("dump")).resolve("db-dump.tar.gz"));
  }

  @AfterAll
  void stop() {
    git.close();
  }

  private SiteFixture site(String kind) throws Exception {
    SiteFixture site = SiteFixture.start(Files.createTempDirectory(tmp, kind), kind);
    site.store(goldResult);
    site.store(sketchyResult);
    site.storeAdvisories(
        SYNCED,
        List.of(
            advisory("RUSTSEC-2099-0001", sketchy.id().name().value(), ">= 2.0.0"),
            advisory("RUSTSEC-2099-0002", "other-crate", ">= 2.0.0")));
    site.importDump(dump);
    return site;
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

  @ParameterizedTest
  @ValueSource(strings = {"file", "postgresql"})
  void goldStarPageStatesCommitTagFilesAdvisoriesAndRegistryFactsWithSources(String kind)
      throws Exception {
    try (SiteFixture site = site(kind)) {
      HttpResponse<String> r = site.get("/crates/matching");
      assertThat(r.statusCode()).isEqualTo(200);
      String page = r.body();
      String tag = goldResult.report().tags().matched().orElseThrow();
      assertThat(page)
          .contains(
              "Source verified at commit " + gold.commit().hex().substring(0, 7) + ", tag " + tag,
              gold.commit().hex(),
              "No known advisories (RustSec, synced 2026-11-30)",
              "<img src=\"/badge/matching/1.0.0.svg\"",
              "href=\"/crates/matching/reliability\"",
              "alice, bob",
              "1,234,567",
              "Verdict: <strong>gold-star</strong>");
      for (var f : goldResult.report().files()) {
        assertThat(page).contains(Html.escape(f.path()));
      }
      assertThat(page).doesNotContainIgnoringCase("safe");
      HttpResponse<String> fixed = site.get("/crates/matching/1.0.0");
      assertThat(fixed.statusCode()).isEqualTo(200);
      assertThat(fixed.body()).contains("Source verified at commit");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "postgresql"})
  void sketchyPageCountsFilesNotInRepositoryAndFlagsTheAdvisory(String kind) throws Exception {
    try (SiteFixture site = site(kind)) {
      String name = sketchy.id().name().value();
      HttpResponse<String> r = site.get("/crates/" + name + "/1.0.0");
      assertThat(r.statusCode()).isEqualTo(200);
      long notInRepo =
          sketchyResult.report().files().stream()
              .filter(f -> f.status().code().equals("not-in-commit"))
              .count();
      assertThat(notInRepo).isPositive();
      assertThat(r.body())
          .contains(
              notInRepo + (notInRepo == 1 ? " file" : " files") + " not in repository",
              "Flagged: RUSTSEC-2099-0001",
              "looks-sketchy",
              "not-in-commit");
      JsonNode api = Parsers.json().readTree(site.get("/api/v1/crates/" + name + "/1.0.0").body());
      assertThat(api.get("verdict").get("class").asString()).isEqualTo("looks-sketchy");
      List<String> facts = new ArrayList<>();
      api.get("facts").forEach(f -> facts.add(f.get("text").asString()));
      assertThat(facts).contains("Flagged: RUSTSEC-2099-0001 (Problem in " + name + ")");
      assertThat(api.get("advisories").get(0).get("status").asString()).isEqualTo("affected");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "postgresql"})
  void apiGivesTheVerdictClassEvidenceAndStableErrorCodes(String kind) throws Exception {
    try (SiteFixture site = site(kind)) {
      HttpResponse<String> r = site.get("/api/v1/crates/matching");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      JsonNode o = Parsers.json().readTree(r.body());
      assertThat(o.get("crate").asString()).isEqualTo("matching");
      assertThat(o.get("version").asString()).isEqualTo("1.0.0");
      assertThat(o.get("verdict").get("class").asString()).isEqualTo("gold-star");
      assertThat(o.get("provenance").get("commit").asString()).isEqualTo(gold.commit().hex());
      assertThat(o.get("provenance").get("files").size())
          .isEqualTo(goldResult.report().files().size());
      assertThat(o.get("registry").get("owners").toString()).contains("alice", "bob");
      assertThat(o.get("advisorySource").get("readAt").asString()).startsWith("2026-11-30");
      assertThat(o.get("links").get("badge").asString()).isEqualTo("/badge/matching/1.0.0.svg");
      assertThat(o.get("signals").get("signals").isArray()).isTrue();

      assertError(site.get("/api/v1/crates/no-such-crate"), 404, "crate-not-found");
      assertError(site.get("/api/v1/crates/matching/9.9.9"), 404, "version-not-found");
      assertError(site.get("/api/v1/crates/matching/not-semver"), 400, "invalid-version");
      assertError(site.get("/api/v1/crates/-leading-dash"), 400, "invalid-crate-name");
      HttpResponse<String> page = site.get("/crates/no-such-crate");
      assertThat(page.statusCode()).isEqualTo(404);
      assertThat(page.body()).contains("crate-not-found", "<!DOCTYPE html>");
    }
  }

  static void assertError(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.uri().toString()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode e = Parsers.json().readTree(r.body()).get("error");
    assertThat(e.get("code").asString()).isEqualTo(code);
    assertThat(e.get("status").asInt()).isEqualTo(status);
    assertThat(e.get("message").asString()).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "postgresql"})
  void aJobTheQueueGaveUpOnIsCouldNotVerifyWithItsError(String kind) throws Exception {
    try (SiteFixture site = SiteFixture.start(Files.createTempDirectory(tmp, kind), kind)) {
      dev.cratetrust.store.ScanJobs jobs =
          new dev.cratetrust.store.ScanJobs(
              site.database(), dev.cratetrust.store.ScanJobs.Policy.defaults());
      jobs.enqueue(
          List.of(
              new dev.cratetrust.store.ScanJobs.NewJob(
                  dev.cratetrust.crates.PackageId.of("unreachable", "0.3.0"),
                  CrateVerifier.VERIFIER_VERSION,
                  "https://static.crates.io/crates/unreachable/unreachable-0.3.0.crate",
                  "https://example.invalid/unreachable",
                  0)));
      var job = jobs.claim("worker-1", 1).getFirst();
      jobs.start(job, "worker-1");
      jobs.fail(
          job, "worker-1", "repository https://example.invalid/unreachable: host not found", true);
      JsonNode api = Parsers.json().readTree(site.get("/api/v1/crates/unreachable").body());
      assertThat(api.get("version").asString()).isEqualTo("0.3.0");
      assertThat(api.get("verdict").get("class").asString()).isEqualTo("could-not-verify");
      assertThat(api.get("verdict").get("problem").asString()).contains("host not found");
      assertThat(site.get("/crates/unreachable").body())
          .contains(
              "Could not verify: repository https://example.invalid/unreachable: host not found");
    }
  }
}
