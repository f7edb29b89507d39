package dev.cratetrust.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.testing.SiteFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Bulk data routes over verifications stored as {@code verify} and {@code scan} store them: every
 * stored verification as a JSON line, one OSV-style record per crate version (the crates.io row
 * preferred over a hand-given repository), a single record, and bad inputs.
 */
public class BulkDataTest {
  static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");
  static final String COMMIT = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";

  @TempDir Path tmp;

  /** Three crate versions, one of them also verified against a hand-given repository. */
  public static void fill(Database db) throws Exception {
    VerificationResults results = new VerificationResults(db);
    String report = "{\"tags\":{\"matched\":\"v1.0.0\",\"how\":\"exact\"},\"files\":[]}";
    results.upsert(
        new VerificationRecord(
            PackageId.of("alpha", "1.0.0"),
            "cratetrust-1",
            "gold-star",
            List.of(),
            Optional.of(CommitId.of(COMMIT)),
            "https://static.crates.io/crates/alpha/alpha-1.0.0.crate",
            report,
            AT));
    results.upsert(
        new VerificationRecord(
                PackageId.of("alpha", "1.0.0"),
                "cratetrust-1",
                "looks-sketchy",
                List.of("commit-not-in-repository"),
                Optional.of(CommitId.of(COMMIT)),
                "https://static.crates.io/crates/alpha/alpha-1.0.0.crate",
                "{}",
                AT.plusSeconds(60))
            .keyedBy(VerificationRecord.CRATES_IO, "", "https://example.org/fork.git"));
    results.upsert(
        new VerificationRecord(
            PackageId.of("alpha", "1.1.0"),
            "cratetrust-1",
            "needs-improvement",
            List.of("no-release-tag"),
            Optional.of(CommitId.of(COMMIT)),
            "s",
            "not json",
            AT));
    results.upsert(
        new VerificationRecord(
            PackageId.of("beta", "0.1.0-rc.1"),
            "cratetrust-1",
            "needs-improvement",
            List.of("no-vcs-info"),
            Optional.empty(),
            "s",
            "{}",
            AT));
  }

  static List<JsonNode> lines(String body) {
    List<JsonNode> out = new ArrayList<>();
    for (String l : body.split("\n")) {
      if (!l.isEmpty()) {
        out.add(Parsers.json().readTree(l));
      }
    }
    return out;
  }

  private SiteFixture site(String kind) throws Exception {
    return SiteFixture.start(
        tmp.resolve(kind), kind, false, List.of(new DataModule()), UnaryOperator.identity());
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "postgresql"})
  void verdictsAndOsvRecordsAreServedFromTheStore(String kind) throws Exception {
    try (SiteFixture site = site(kind)) {
      fill(site.database());
      HttpResponse<String> v = site.get("/data/verdicts.jsonl");
      assertThat(v.statusCode()).isEqualTo(200);
      assertThat(v.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("application/x-ndjson");
      List<JsonNode> verdicts = lines(v.body());
      assertThat(verdicts).hasSize(4);
      JsonNode first = verdicts.getFirst();
      assertThat(first.get("crate").asString()).isEqualTo("alpha");
      assertThat(first.get("version").asString()).isEqualTo("1.0.0");
      assertThat(first.get("class").asString()).isEqualTo("gold-star");
      assertThat(first.get("reasons")).isEmpty();
      assertThat(first.get("commit").asString()).isEqualTo(COMMIT);
      assertThat(first.get("tag").asString()).isEqualTo("v1.0.0");
      assertThat(first.get("checked_at").asString()).isEqualTo("2026-11-29T10:00:00Z");
      assertThat(first.get("checker_version").asString()).isEqualTo("cratetrust-1");
      assertThat(verdicts.get(1).get("repository_override").asString())
          .isEqualTo("https://example.org/fork.git");
      assertThat(verdicts.get(2).get("tag").isNull()).as("report not JSON").isTrue();
      assertThat(verdicts.get(3).get("commit").isNull()).isTrue();

      List<JsonNode> osv = lines(site.get("/data/osv.jsonl").body());
      assertThat(osv).hasSize(3);
      JsonNode a = osv.getFirst();
      assertThat(a.get("schema_version").asString()).isEqualTo(BulkData.OSV_SCHEMA);
      assertThat(a.get("id").asString()).isEqualTo("CRATETRUST-alpha-1.0.0");
      assertThat(a.get("modified").asString()).isEqualTo("2026-11-29T10:00:00Z");
      assertThat(a.get("affected").get(0).get("package").get("ecosystem").asString())
          .isEqualTo("crates.io");
      assertThat(a.get("affected").get(0).get("versions").get(0).asString()).isEqualTo("1.0.0");
      assertThat(a.get("database_specific").get("class").asString())
          .as("the crates.io row, not the fork's")
          .isEqualTo("gold-star");
      assertThat(a.get("details").asString()).contains(COMMIT).contains("v1.0.0");

      HttpResponse<String> one = site.get("/data/osv/beta/0.1.0-rc.1.json");
      assertThat(one.statusCode()).isEqualTo(200);
      JsonNode b = Parsers.json().readTree(one.body());
      assertThat(b).isEqualTo(osv.get(2));
      assertThat(b.get("database_specific").get("reasons").get(0).asString())
          .isEqualTo("no-vcs-info");
    }
  }

  @Test
  void unknownVersionsAndBadInputsGetClearErrors() throws Exception {
    try (SiteFixture site = site("mem")) {
      fill(site.database());
      HttpResponse<String> none = site.get("/data/osv/alpha/9.0.0.json");
      assertThat(none.statusCode()).isEqualTo(404);
      assertThat(none.body()).contains("verdict-not-found").contains("alpha 9.0.0");
      assertThat(site.get("/data/osv/..%2F..%2Fetc/1.0.0.json").statusCode()).isIn(400, 404);
      HttpResponse<String> badName = site.get("/data/osv/9alpha/1.0.0.json");
      assertThat(badName.statusCode()).isEqualTo(400);
      assertThat(badName.body()).contains("invalid-crate-name");
      assertThat(site.get("/data/osv/alpha/1.0.json").statusCode()).isEqualTo(400);
    }
  }

  @Test
  void anEmptyStoreGivesEmptyDumps() throws Exception {
    try (SiteFixture site = site("mem")) {
      HttpResponse<String> v = site.get("/data/verdicts.jsonl");
      assertThat(v.statusCode()).isEqualTo(200);
      assertThat(v.body()).isEmpty();
      assertThat(site.get("/data/osv.jsonl").body()).isEmpty();
    }
  }
}
