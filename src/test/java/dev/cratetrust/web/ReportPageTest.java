package dev.cratetrust.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.ScanJobs;
import dev.cratetrust.store.ScanRuns;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.testing.SiteFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;

/**
 * The study report page and its JSON twin over two scans stored as {@code scan} stores them (a scan
 * run, its members queued through {@link ScanJobs}, verdicts of the scan's verifier version): the
 * share chart, the series over scans, the comparison of two scans, crate links, escaping and bad
 * parameters, on the embedded store and PostgreSQL.
 */
class ReportPageTest {
  static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");

  @TempDir Path tmp;

  /** Stores a verdict of {@code verifier} and returns the scan job naming it. */
  static ScanJobs.NewJob verdict(
      Database db, String verifier, String name, String category, String... reasons)
      throws Exception {
    PackageId id = PackageId.of(name, "1.0.0");
    if (category != null) {
      new VerificationResults(db)
          .upsert(
              new VerificationRecord(
                  id, verifier, category, List.of(reasons), Optional.empty(), "test", "{}", AT));
    }
    return new ScanJobs.NewJob(id, verifier, "crates.io", "https://example.org/" + name, 0);
  }

  /** Scan 1 (verifier v1) and scan 2 (v2): alpha regresses, beta improves, delta is unverified. */
  static void twoScans(Database db, String description2) throws Exception {
    ScanRuns runs = new ScanRuns(db);
    ScanJobs jobs = new ScanJobs(db, ScanJobs.Policy.defaults());
    ScanRuns.ScanRun one = runs.start("top 4 by downloads", "v1");
    List<ScanJobs.NewJob> first = new ArrayList<>();
    first.add(verdict(db, "v1", "alpha", "gold-star"));
    first.add(verdict(db, "v1", "beta", "needs-improvement", "no-release-tag"));
    first.add(verdict(db, "v1", "gamma", "looks-sketchy", "files-not-in-repository"));
    jobs.enqueue(first, OptionalLong.of(one.id()));
    ScanRuns.ScanRun two = runs.start(description2, "v2");
    List<ScanJobs.NewJob> second = new ArrayList<>();
    second.add(verdict(db, "v2", "alpha", "looks-sketchy", "commit-not-in-repository"));
    second.add(verdict(db, "v2", "beta", "gold-star"));
    second.add(verdict(db, "v2", "gamma", "looks-sketchy", "files-not-in-repository"));
    second.add(verdict(db, "v2", "delta", null));
    jobs.enqueue(second, OptionalLong.of(two.id()));
  }

  private SiteFixture site(String kind) throws Exception {
    return SiteFixture.start(
        tmp.resolve(kind), kind, false, List.of(new ReportModule()), UnaryOperator.identity());
  }

  static List<String> svgs(String page) {
    Matcher m = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(page);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "postgresql"})
  void latestScanWithChartsLinksAndComparison(String kind) throws Exception {
    try (SiteFixture site = site(kind)) {
      twoScans(site.database(), "top 4 <script>alert(1)</script>");
      HttpResponse<String> r = site.get("/report");
      assertThat(r.statusCode()).isEqualTo(200);
      String page = r.body();
      assertThat(page)
          .contains("Scan 2")
          .contains("top 4 &lt;script&gt;alert(1)&lt;/script&gt;")
          .doesNotContain("<script")
          .doesNotContain("style=")
          .contains("href=\"/static/report.css\"")
          .contains("href=\"/crates/alpha/1.0.0\"")
          .contains("href=\"/crates/delta/1.0.0\"")
          .contains("not-verified-yet");
      List<String> charts = svgs(page);
      assertThat(charts).hasSize(2);
      for (String svg : charts) {
        Element root = BadgeTest.parse(svg).getDocumentElement();
        assertThat(root.getAttribute("role")).isEqualTo("img");
        assertThat(root.getAttribute("aria-label")).isNotEmpty();
      }
      assertThat(BadgeTest.parse(charts.get(0)).getDocumentElement().getAttribute("aria-label"))
          .contains("4 crates")
          .contains("gold star 1 (25.0 %)")
          .contains("looks sketchy 2 (50.0 %)")
          .contains("could not verify 1 (25.0 %)");
      assertThat(charts.get(0)).contains("class=\"bar cat-gold-star\"").contains("width=\"95\"");
      assertThat(BadgeTest.parse(charts.get(1)).getDocumentElement().getAttribute("aria-label"))
          .contains("2 scans")
          .contains("scan 1 (")
          .contains("gold star 33.3 %");

      HttpResponse<String> cmp = site.get("/report?scan=2&compare=1");
      assertThat(cmp.statusCode()).isEqualTo(200);
      String c = cmp.body();
      assertThat(c).contains("Compared with scan 1").contains("Improved (1)");
      assertThat(c.substring(c.indexOf("Improved (1)"), c.indexOf("Regressed")))
          .contains("href=\"/crates/beta/1.0.0\"")
          .contains("needs-improvement (1.0.0)");
      assertThat(c.substring(c.indexOf("Regressed (1)"), c.indexOf("Same class")))
          .contains("href=\"/crates/alpha/1.0.0\"");
      assertThat(c.substring(c.indexOf("Added (1)"))).contains("/crates/delta/1.0.0");

      JsonNode j = Parsers.json().readTree(site.get("/api/v1/report?scan=2&compare=1").body());
      assertThat(j.get("scan").get("id").asLong()).isEqualTo(2);
      assertThat(j.get("comparedWith").get("id").asLong()).isEqualTo(1);
      assertThat(j.get("summary").get("gold-star").asLong()).isEqualTo(1);
      assertThat(j.get("summary").get("total").asLong()).isEqualTo(4);
      assertThat(j.get("compare").get("improved").get(0).get("crate").asString()).isEqualTo("beta");
      assertThat(j.get("compare").get("regressed").get(0).get("crate").asString())
          .isEqualTo("alpha");
      assertThat(j.get("series")).hasSize(2);
      assertThat(j.get("series").get(0).get("scan").asLong()).isEqualTo(1);
      assertThat(j.get("series").get(0).get("needs-improvement").asLong()).isEqualTo(1);
      assertThat(j.get("crates")).hasSize(4);

      JsonNode first = Parsers.json().readTree(site.get("/api/v1/report?scan=1").body());
      assertThat(first.get("summary").get("total").asLong()).isEqualTo(3);
    }
  }

  @Test
  void withoutScansTheReportCoversEveryStoredVerdict() throws Exception {
    try (SiteFixture site = site("mem")) {
      verdict(site.database(), "v1", "alpha", "gold-star");
      verdict(site.database(), "v1", "beta", "looks-sketchy", "files-differ");
      String page = site.get("/report").body();
      assertThat(page).contains("Every stored verdict").contains("/crates/beta/1.0.0");
      assertThat(svgs(page)).hasSize(1);
      JsonNode j = Parsers.json().readTree(site.get("/api/v1/report").body());
      assertThat(j.get("scan").isNull()).isTrue();
      assertThat(j.get("summary").get("total").asLong()).isEqualTo(2);
      assertThat(j.get("series")).isEmpty();
      assertThat(site.get("/static/report.css").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void badScanParametersGetClearErrors() throws Exception {
    try (SiteFixture site = site("mem")) {
      twoScans(site.database(), "d");
      HttpResponse<String> notNumber = site.get("/report?scan=1%27%20OR%201=1");
      assertThat(notNumber.statusCode()).isEqualTo(400);
      assertThat(notNumber.body()).contains("invalid-scan").contains("is not a scan number");
      HttpResponse<String> missing = site.get("/api/v1/report?compare=99");
      assertThat(missing.statusCode()).isEqualTo(404);
      JsonNode e = Parsers.json().readTree(missing.body());
      assertThat(e.get("error").get("code").asString()).isEqualTo("scan-not-found");
      assertThat(e.get("error").get("message").asString()).contains("99");
      assertThat(site.get("/report?scan=" + "9".repeat(30)).statusCode()).isEqualTo(400);
    }
  }
}
