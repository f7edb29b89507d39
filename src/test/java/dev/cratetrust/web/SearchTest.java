package dev.cratetrust.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.Parsers;
import dev.cratetrust.testing.DbDumpBuilder;
import dev.cratetrust.testing.SiteFixture;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Search by prefix and look-alike names over a registry dump imported as sync-dump does. */
class SearchTest {
  @TempDir Path dir;

  private SiteFixture site(String kind) throws Exception {
    SiteFixture site = SiteFixture.start(dir, kind);
    site.importDump(
        DbDumpBuilder.of(
                List.of(
                    DbDumpBuilder.Crate.of("serde", null, 9_000_000, "1.0.0"),
                    DbDumpBuilder.Crate.of("serde_json", null, 8_000_000, "1.0.0"),
                    DbDumpBuilder.Crate.of("serdee", null, 12, "0.1.0"),
                    DbDumpBuilder.Crate.of("sedre", null, 10, "0.1.0"),
                    DbDumpBuilder.Crate.of("tokio", null, 7_000_000, "1.0.0")))
            .write(dir.resolve("dump.tar.gz")));
    return site;
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "postgresql"})
  void prefixSearchListsNamesAndWarnsOnLookAlikes(String kind) throws Exception {
    try (SiteFixture site = site(kind)) {
      HttpResponse<String> r = site.get("/search?q=SER");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body())
          .contains(
              "href=\"/crates/serde\"", "href=\"/crates/serde_json\"", "href=\"/crates/serdee\"")
          .doesNotContain("href=\"/crates/tokio\"")
          .contains("look-alike: differs by 1 character edit(s) from the popular crate serde");

      HttpResponse<String> typo = site.get("/search?q=serdee");
      assertThat(typo.body()).contains("Look-alike name: &#39;serdee&#39;", "/crates/serde\"");

      HttpResponse<String> popular = site.get("/search?q=serde");
      assertThat(popular.body())
          .contains("Names that look like &#39;serde&#39;", "/crates/sedre\"", "/crates/serdee\"");

      JsonNode api = Parsers.json().readTree(site.get("/api/v1/search?q=serdee").body());
      assertThat(api.get("lookAlike").get("popular").asString()).isEqualTo("serde");
      assertThat(api.get("popularNamesKnown").asBoolean()).isTrue();
      JsonNode byLength =
          Parsers.json().readTree(site.get("/api/v1/search?q=se&sort=length").body());
      List<String> names = new ArrayList<>();
      byLength.get("matches").forEach(m -> names.add(m.get("name").asString()));
      assertThat(names).containsExactly("sedre", "serde", "serdee", "serde_json");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "postgresql"})
  void sqlInSearchSortAndWildcardsIsRefusedOrTakenLiterally(String kind) throws Exception {
    try (SiteFixture site = site(kind)) {
      for (String bad :
          List.of(
              "x' OR '1'='1", "serde%", "'; DROP TABLE registry_crate; --", "a\"b", "<script>")) {
        HttpResponse<String> r = site.get("/api/v1/search?q=" + q(bad));
        CratePageTest.assertError(r, 400, "invalid-query");
        HttpResponse<String> page = site.get("/search?q=" + q(bad));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).doesNotContain("<script>").contains("invalid-query");
      }
      CratePageTest.assertError(
          site.get("/api/v1/search?q=ser&sort=" + q("name; DROP TABLE registry_crate")),
          400,
          "invalid-sort");
      CratePageTest.assertError(
          site.get("/api/v1/search?q=ser&sort=" + q("name DESC")), 400, "invalid-sort");
      // '_' is a literal character, not SQL's any-one-character wildcard
      JsonNode literal = Parsers.json().readTree(site.get("/api/v1/search?q=s_r").body());
      assertThat(literal.get("matches").size()).isZero();
      // nothing was dropped or changed
      JsonNode after = Parsers.json().readTree(site.get("/api/v1/search?q=ser").body());
      assertThat(after.get("matches").size()).isEqualTo(3);
    }
  }
}
