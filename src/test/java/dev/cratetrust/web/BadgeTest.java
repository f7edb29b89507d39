package dev.cratetrust.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.testing.SiteFixture;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

/**
 * Badges: the flat-style geometry against shields.io's own rendering of "build | passing",
 * escaping, well-formed SVG with an accessible name, and the HTTP routes (content type, ETag and
 * 304, cache lifetimes, the shields endpoint twin, "not checked" for unknown crates, advisory
 * flags, and the newest-version badge following a newly stored version) on the embedded store and
 * PostgreSQL.
 */
class BadgeTest {
  static final Instant CHECKED = Instant.parse("2026-11-29T10:00:00Z");
  static final Instant SYNCED = Instant.parse("2026-11-30T08:00:00Z");

  @TempDir Path tmp;

  static VerificationRecord record(String name, String version, String category, Instant at) {
    return new VerificationRecord(
        PackageId.of(name, version),
        "cratetrust-test",
        category,
        category.equals("gold-star") ? List.of() : List.of("no-release-tag"),
        Optional.of(CommitId.of("1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d")),
        "https://static.crates.io/crates/" + name + "/" + name + "-" + version + ".crate",
        "{}",
        at);
  }

  static Document parse(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void geometryMatchesShieldsFlatBuildPassing() throws Exception {
    // shields.io's flat "build | passing": width 88, label 37, message 51, text at 195 and 615
    Document d = parse(BadgeSvg.render("build", "passing", "#4c1", "build: passing"));
    Element svg = d.getDocumentElement();
    assertThat(svg.getAttribute("width")).isEqualTo("88");
    assertThat(svg.getAttribute("height")).isEqualTo("20");
    NodeList rects = d.getElementsByTagName("rect");
    assertThat(((Element) rects.item(0)).getAttribute("rx")).isEqualTo("3");
    assertThat(((Element) rects.item(1)).getAttribute("width")).isEqualTo("37");
    assertThat(((Element) rects.item(1)).getAttribute("fill")).isEqualTo("#555");
    assertThat(((Element) rects.item(2)).getAttribute("x")).isEqualTo("37");
    assertThat(((Element) rects.item(2)).getAttribute("width")).isEqualTo("51");
    assertThat(((Element) rects.item(2)).getAttribute("fill")).isEqualTo("#4c1");
    NodeList texts = d.getElementsByTagName("text");
    assertThat(texts.getLength()).isEqualTo(4);
    Element labelShadow = (Element) texts.item(0);
    assertThat(labelShadow.getAttribute("x")).isEqualTo("195");
    assertThat(labelShadow.getAttribute("textLength")).isEqualTo("270");
    assertThat(labelShadow.getAttribute("fill-opacity")).isEqualTo(".3");
    assertThat(labelShadow.getAttribute("aria-hidden")).isEqualTo("true");
    assertThat(((Element) texts.item(3)).getAttribute("x")).isEqualTo("615");
    assertThat(((Element) texts.item(3)).getAttribute("textLength")).isEqualTo("410");
    assertThat(d.getElementsByTagName("linearGradient").getLength()).isEqualTo(1);
  }

  @Test
  void everyTextIsEscapedAndTheSvgStaysWellFormed() throws Exception {
    String hostile = "</title><script>alert(1)</script>\" onload=\"x'&";
    String svg = BadgeSvg.render(hostile, hostile, "#e05d44", hostile);
    assertThat(svg).doesNotContain("<script").doesNotContain("\" onload=\"");
    Document d = parse(svg);
    assertThat(d.getDocumentElement().getAttribute("aria-label")).isEqualTo(hostile);
    assertThat(d.getElementsByTagName("title").item(0).getTextContent()).isEqualTo(hostile);
    assertThat(d.getElementsByTagName("text").item(1).getTextContent()).isEqualTo(hostile);
    assertThat(d.getElementsByTagName("script").getLength()).isZero();
  }

  @Test
  void aColourThatIsNotHexIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> BadgeSvg.render("a", "b", "red\"/><script>", "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not #rgb or #rrggbb");
  }

  @Test
  void messagesAreFactsWithVersionAndDateInTheTitle() {
    CrateName n = CrateName.of("demo");
    CrateVersion v = CrateVersion.of("1.2.3");
    Badge gold = Badge.of(n, v, "gold-star", Optional.of(CHECKED), List.of());
    assertThat(gold.message()).isEqualTo("gold star");
    assertThat(gold.colour()).isEqualTo(Badge.Colour.BRIGHTGREEN);
    assertThat(gold.title()).contains("demo 1.2.3").contains("2026-11-29");
    assertThat(Badge.of(n, v, "needs-improvement", Optional.of(CHECKED), List.of()).message())
        .isEqualTo("needs improvement");
    assertThat(Badge.of(n, v, "looks-sketchy", Optional.of(CHECKED), List.of()).colour())
        .isEqualTo(Badge.Colour.ORANGE);
    assertThat(Badge.of(n, v, "could-not-verify", Optional.of(CHECKED), List.of()).message())
        .isEqualTo("could not verify");
    Badge flagged =
        Badge.of(
            n,
            v,
            "gold-star",
            Optional.of(CHECKED),
            List.of(
                new Badge.Flag("RUSTSEC-2099-0002", true, SYNCED),
                new Badge.Flag("RUSTSEC-2099-0001", false, SYNCED)));
    assertThat(flagged.message()).isEqualTo("flagged RUSTSEC-2099-0002 +1");
    assertThat(flagged.colour()).isEqualTo(Badge.Colour.RED);
    assertThat(flagged.title())
        .contains("RUSTSEC-2099-0002, RUSTSEC-2099-0001")
        .contains("2026-11-30")
        .contains("gold star")
        .contains("2026-11-29");
    Badge informational =
        Badge.of(
            n,
            v,
            "gold-star",
            Optional.of(CHECKED),
            List.of(new Badge.Flag("RUSTSEC-2099-0001", false, SYNCED)));
    assertThat(informational.colour()).isEqualTo(Badge.Colour.ORANGE);
    for (Badge b : List.of(gold, flagged, informational)) {
      assertThat(b.title()).doesNotContainIgnoringCase("safe");
    }
  }

  private SiteFixture site(String kind, BadgeModule module) throws Exception {
    return SiteFixture.start(
        tmp.resolve(kind), kind, false, List.of(module), UnaryOperator.identity());
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "postgresql"})
  void badgeRoutesServeSvgAndShieldsJsonWithEtagsAndCacheLifetimes(String kind) throws Exception {
    try (SiteFixture site = site(kind, new BadgeModule())) {
      new VerificationResults(site.database())
          .upsert(record("demo", "1.0.0", "gold-star", CHECKED));
      HttpResponse<String> latest = site.get("/badge/demo.svg");
      assertThat(latest.statusCode()).isEqualTo(200);
      assertThat(latest.headers().firstValue("Content-Type"))
          .hasValue("image/svg+xml;charset=utf-8");
      assertThat(latest.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
      String etag = latest.headers().firstValue("ETag").orElseThrow();
      assertThat(etag).matches("\"[0-9a-f]{32}\"");
      Document d = parse(latest.body());
      Element svg = d.getDocumentElement();
      assertThat(svg.getAttribute("role")).isEqualTo("img");
      assertThat(svg.getAttribute("aria-label"))
          .isEqualTo(d.getElementsByTagName("title").item(0).getTextContent())
          .contains("gold star")
          .contains("demo 1.0.0")
          .contains("2026-11-29");

      HttpResponse<String> again =
          site.send(
              HttpRequest.newBuilder(site.uri("/badge/demo.svg"))
                  .header("If-None-Match", etag)
                  .build());
      assertThat(again.statusCode()).isEqualTo(304);
      assertThat(again.body()).isEmpty();
      assertThat(again.headers().firstValue("ETag")).hasValue(etag);

      HttpResponse<String> fixed = site.get("/badge/demo/1.0.0.svg");
      assertThat(fixed.statusCode()).isEqualTo(200);
      assertThat(fixed.headers().firstValue("Cache-Control")).hasValue("public, max-age=86400");
      assertThat(fixed.body()).isEqualTo(latest.body());

      HttpResponse<String> json = site.get("/badge/demo.json");
      assertThat(json.statusCode()).isEqualTo(200);
      assertThat(json.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("application/json");
      assertThat(json.headers().firstValue("ETag")).isPresent().isNotEqualTo(Optional.of(etag));
      JsonNode j = Parsers.json().readTree(json.body());
      assertThat(j.get("schemaVersion").asInt()).isEqualTo(1);
      assertThat(j.get("label").asString()).isEqualTo("cratetrust");
      assertThat(j.get("message").asString()).isEqualTo("gold star");
      assertThat(j.get("color").asString()).isEqualTo("brightgreen");
      JsonNode fixedJson = Parsers.json().readTree(site.get("/badge/demo/1.0.0.json").body());
      assertThat(fixedJson.get("message").asString()).isEqualTo("gold star");
    }
  }

  @Test
  void unknownCratesAndVersionsGetAGreyNotCheckedBadgeNotA404() throws Exception {
    try (SiteFixture site = site("mem", new BadgeModule())) {
      new VerificationResults(site.database())
          .upsert(record("demo", "1.0.0", "looks-sketchy", CHECKED));
      for (String path : List.of("/badge/never-stored.svg", "/badge/demo/9.9.9.svg")) {
        HttpResponse<String> r = site.get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        Document d = parse(r.body());
        assertThat(d.getDocumentElement().getAttribute("aria-label")).contains("not checked");
        assertThat(r.body()).contains("#9f9f9f").contains(">not checked<");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
      }
      JsonNode j = Parsers.json().readTree(site.get("/badge/never-stored.json").body());
      assertThat(j.get("message").asString()).isEqualTo("not checked");
      assertThat(j.get("color").asString()).isEqualTo("lightgrey");
      assertThat(site.get("/badge/demo.svg").body()).contains(">looks sketchy<");
    }
  }

  @Test
  void badInputsGetClearErrors() throws Exception {
    try (SiteFixture site = site("mem", new BadgeModule())) {
      HttpResponse<String> badName = site.get("/badge/1bad%3Cname.svg");
      assertThat(badName.statusCode()).isEqualTo(400);
      assertThat(badName.body()).contains("invalid-crate-name").doesNotContain("<name");
      HttpResponse<String> badVersion = site.get("/badge/demo/not-a-version.json");
      assertThat(badVersion.statusCode()).isEqualTo(400);
      assertThat(badVersion.body()).contains("invalid-version");
      HttpResponse<String> badFormat = site.get("/badge/demo.png");
      assertThat(badFormat.statusCode()).isEqualTo(404);
      assertThat(badFormat.body()).contains("badge-format");
    }
  }

  @Test
  void anAdvisoryThatAppliesFlagsTheBadgeInRed() throws Exception {
    try (SiteFixture site = site("mem", new BadgeModule())) {
      new VerificationResults(site.database())
          .upsert(record("demo", "1.0.0", "gold-star", CHECKED));
      new VerificationResults(site.database())
          .upsert(record("demo", "2.0.0", "gold-star", CHECKED));
      site.storeAdvisories(
          SYNCED, List.of(CratePageTest.advisory("RUSTSEC-2099-0001", "demo", ">= 2.0.0")));
      HttpResponse<String> affected = site.get("/badge/demo/1.0.0.svg");
      assertThat(affected.body()).contains(">flagged RUSTSEC-2099-0001<").contains("#e05d44");
      assertThat(parse(affected.body()).getDocumentElement().getAttribute("aria-label"))
          .contains("RUSTSEC-2099-0001")
          .contains("2026-11-30")
          .contains("gold star");
      JsonNode j = Parsers.json().readTree(site.get("/badge/demo/1.0.0.json").body());
      assertThat(j.get("color").asString()).isEqualTo("red");
      assertThat(site.get("/badge/demo.svg").body())
          .as("2.0.0 is patched")
          .contains(">gold star<")
          .doesNotContain("flagged");
    }
  }

  @Test
  void theNewestVersionBadgeFollowsANewlyStoredVersion() throws Exception {
    try (SiteFixture site = site("file", new BadgeModule(Duration.ZERO, System::nanoTime))) {
      VerificationResults results = new VerificationResults(site.database());
      results.upsert(record("demo", "1.0.0", "gold-star", CHECKED));
      HttpResponse<String> before = site.get("/badge/demo.svg");
      String etag = before.headers().firstValue("ETag").orElseThrow();
      assertThat(before.body()).contains("demo 1.0.0").contains(">gold star<");

      results.upsert(record("demo", "1.1.0", "needs-improvement", CHECKED.plusSeconds(86_400)));
      HttpResponse<String> after =
          site.send(
              HttpRequest.newBuilder(site.uri("/badge/demo.svg"))
                  .header("If-None-Match", etag)
                  .build());
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(after.headers().firstValue("ETag")).isPresent().isNotEqualTo(Optional.of(etag));
      assertThat(after.body()).contains("demo 1.1.0").contains(">needs improvement<");
      assertThat(site.get("/badge/demo/1.0.0.svg").body()).contains(">gold star<");
    }
  }

  @Test
  void aCachedBadgeIsReReadOnceItsFreshnessHasPassed() throws Exception {
    AtomicLong clock = new AtomicLong();
    BadgeModule module = new BadgeModule(Duration.ofSeconds(2), clock::get);
    try (SiteFixture site = site("mem", module)) {
      VerificationResults results = new VerificationResults(site.database());
      results.upsert(record("demo", "1.0.0", "gold-star", CHECKED));
      assertThat(site.get("/badge/demo.svg").body()).contains("demo 1.0.0");
      results.upsert(record("demo", "1.1.0", "gold-star", CHECKED));
      clock.addAndGet(Duration.ofMillis(1999).toNanos());
      assertThat(site.get("/badge/demo.svg").body()).as("still fresh").contains("demo 1.0.0");
      clock.addAndGet(Duration.ofMillis(1).toNanos());
      assertThat(site.get("/badge/demo.svg").body()).contains("demo 1.1.0");
    }
  }

  @Test
  void ifNoneMatchFollowsHttpComparison() {
    assertThat(BadgeModule.matches("\"a\", \"b\"", "\"b\"")).isTrue();
    assertThat(BadgeModule.matches("W/\"b\"", "\"b\"")).isTrue();
    assertThat(BadgeModule.matches("*", "\"b\"")).isTrue();
    assertThat(BadgeModule.matches("\"c\"", "\"b\"")).isFalse();
    assertThat(BadgeModule.matches(null, "\"b\"")).isFalse();
  }
}
