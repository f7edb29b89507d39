package dev.cratetrust.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.Parsers;
import dev.cratetrust.testing.ReliabilityFixture;
import dev.cratetrust.testing.SiteFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The Reliability pages and their JSON twins over HTTP against the real server, on the embedded
 * store and on PostgreSQL, with three really verified versions stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReliabilitySiteTest {
  private static final String NAME = ReliabilityFixture.NAME;
  private ReliabilityFixture.Built built;
  private final List<SiteFixture> sites = new ArrayList<>();
  private Path tmp;

  @BeforeAll
  void build(@TempDir Path dir) throws Exception {
    tmp = dir;
    built = ReliabilityFixture.build(dir.resolve("fixture"));
  }

  @AfterAll
  void stop() {
    sites.forEach(SiteFixture::close);
  }

  private SiteFixture site(String engine) throws Exception {
    SiteFixture s = SiteFixture.start(tmp.resolve("site-" + sites.size()), engine);
    sites.add(s);
    built.storeInto(s.database());
    return s;
  }

  private static JsonNode json(HttpResponse<String> r) {
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    return Parsers.json().readTree(r.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void reliabilityTabShowsTimelineCustodyFlagsAndChanges(String engine) throws Exception {
    SiteFixture s = site(engine);
    HttpResponse<String> r = s.get("/crates/" + NAME + "/reliability");
    assertThat(r.statusCode()).isEqualTo(200);
    String html = r.body();
    assertThat(html)
        .contains("id=\"v-1.2.0\"", "id=\"v-1.1.0\"", "id=\"v-1.0.0\"")
        .contains("verdict verdict-looks-sketchy", "verdict verdict-gold-star")
        .contains("custody-link custody-checked", "custody-link custody-failed")
        .contains("Flagged (provenance): <code>files-differ</code>")
        .contains("<code>build-script-network</code>")
        .contains("What changed since the last verified version (1.0.0, gold-star)")
        .contains("action=\"/crates/" + NAME + "/compare\"")
        .contains("action=\"/crates/" + NAME + "/1.1.0/verify\"")
        .doesNotContain(" style=", "<script");
    assertThat(html.indexOf("id=\"v-1.2.0\"")).isLessThan(html.indexOf("id=\"v-1.0.0\""));
    assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
        .doesNotContain("unsafe-inline");

    JsonNode j = json(s.get("/api/v1/crates/" + NAME + "/reliability"));
    assertThat(j.path("crate").asString()).isEqualTo(NAME);
    JsonNode tampered = j.path("versions").get(1);
    assertThat(tampered.path("version").asString()).isEqualTo("1.1.0");
    assertThat(tampered.path("verdict").path("category").asString()).isEqualTo("looks-sketchy");
    assertThat(tampered.path("custody").get(3).path("link").asString()).isEqualTo("content-match");
    assertThat(tampered.path("custody").get(3).path("state").asString()).isEqualTo("failed");
    assertThat(tampered.path("since_previous").path("base").asString()).isEqualTo("1.0.0");
    assertThat(tampered.path("since_previous").path("signals_appeared").has("network")).isTrue();
    assertThat(tampered.path("since_previous").path("files").path("added").toString())
        .contains("build.rs", "assets/payload.bin");
    assertThat(j.path("versions").get(0).path("since_last_verified").path("base").asString())
        .isEqualTo("1.0.0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void versionComparisonShowsFilesAndSignalsSideBySide(String engine) throws Exception {
    SiteFixture s = site(engine);
    HttpResponse<String> r = s.get("/crates/" + NAME + "/compare?from=1.0.0&to=1.1.0");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("1.0.0 compared with 1.1.0")
        .contains("<th scope=\"col\">1.0.0</th><th scope=\"col\">1.1.0</th>")
        .contains("<code>build.rs</code>", "<code>assets/payload.bin</code>")
        .contains("New network-capable code (appeared)")
        .contains("cratetrust diff " + NAME + " 1.0.0 1.1.0");
    JsonNode j = json(s.get("/api/v1/crates/" + NAME + "/compare?from=1.0.0&to=1.1.0"));
    assertThat(j.path("old").asString()).isEqualTo("1.0.0");
    assertThat(j.path("new").asString()).isEqualTo("1.1.0");
    assertThat(j.path("changed").toString()).contains("src/lib.rs");
    assertThat(j.path("signals_appeared").path("network").get(0).path("code").asString())
        .isEqualTo("build-script-network");
    assertThat(j.path("old_version").path("verdict").path("category").asString())
        .isEqualTo("gold-star");
    // the other direction: what went away
    JsonNode back = json(s.get("/api/v1/crates/" + NAME + "/compare?from=1.1.0&to=1.2.0"));
    assertThat(back.path("signals_went_away").toString()).contains("binary-");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void sourceDiffIsHighlightedAndEscaped(String engine) throws Exception {
    SiteFixture s = site(engine);
    HttpResponse<String> r = s.get("/crates/" + NAME + "/1.1.0/source-diff");
    assertThat(r.statusCode()).isEqualTo(200);
    String html = r.body();
    assertThat(html)
        .contains("diff-line diff-add", "diff-line diff-del", "diff-line diff-hunk")
        .contains("<span class=\"tok-kw\">let</span>")
        .contains("&lt;script&gt;alert(&#39;lib&#39;)&lt;/script&gt;")
        .doesNotContain(ReliabilityFixture.MARKUP)
        .contains("assets/payload.bin", "not-in-commit")
        .contains("diffs the verifier stored")
        .doesNotContain(" style=");
    JsonNode j = json(s.get("/api/v1/crates/" + NAME + "/1.1.0/source-diff"));
    assertThat(j.path("category").asString()).isEqualTo("looks-sketchy");
    JsonNode lib = null;
    for (JsonNode f : j.path("files")) {
      if (f.path("path").asString().equals("src/lib.rs")) {
        lib = f;
      }
    }
    assertThat(lib).isNotNull();
    assertThat(lib.path("diff").asString()).contains(ReliabilityFixture.MARKUP);

    HttpResponse<String> clean = s.get("/crates/" + NAME + "/1.0.0/source-diff");
    assertThat(clean.statusCode()).isEqualTo(200);
    assertThat(clean.body())
        .contains("No file differs from the commit or is missing from it.")
        .contains("cargo-toml-normalized")
        .doesNotContain("diff-line");
  }

  @Test
  void badInputsGetJsonErrorsWithStableCodes() throws Exception {
    SiteFixture s = site("mem");
    assertError(s.get("/api/v1/crates/no-such-crate/reliability"), 404, "crate-not-found");
    assertError(s.get("/api/v1/crates/bad%20name/reliability"), 400, "invalid-crate-name");
    assertError(s.get("/api/v1/crates/" + NAME + "/compare?from=1.0.0"), 400, "missing-parameter");
    assertError(
        s.get("/api/v1/crates/" + NAME + "/compare?from=1.0.0&to=..%2F..%2Fetc"),
        400,
        "invalid-version");
    assertError(
        s.get("/api/v1/crates/" + NAME + "/compare?from=1.0.0&to=9.9.9"), 404, "version-not-found");
    assertError(
        s.get("/api/v1/crates/" + NAME + "/9.9.9/source-diff"), 404, "verification-not-found");
    assertError(s.get("/api/v1/crates/..%2F..%2Fetc/1.0.0/source-diff"), 400, "invalid-crate-name");
    HttpResponse<String> page = s.get("/crates/no-such-crate/reliability");
    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.body()).contains("crate-not-found");
  }

  private static void assertError(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(json(r).path("error").path("code").asString()).isEqualTo(code);
  }
}
