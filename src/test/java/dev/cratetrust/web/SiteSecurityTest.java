package dev.cratetrust.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.provenance.Category;
import dev.cratetrust.provenance.FileResult;
import dev.cratetrust.provenance.Finding;
import dev.cratetrust.provenance.ProvenanceReport;
import dev.cratetrust.provenance.Reason;
import dev.cratetrust.provenance.TagResult;
import dev.cratetrust.signals.Evidence;
import dev.cratetrust.signals.Severity;
import dev.cratetrust.signals.Signal;
import dev.cratetrust.testing.SiteFixture;
import dev.cratetrust.verify.Verification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input against the running site: markup in every crate-supplied string, headers, path
 * traversal in names and versions, oversized requests, stalled clients and writes to a read-only
 * mirror.
 */
class SiteSecurityTest {
  static final String SCRIPT = "<script>alert(1)</script>";
  static final String IMG = "\"><img src=x onerror=alert(1)>";

  @TempDir Path dir;

  /** A stored verification of {@code evil 1.0.0} whose every text is markup. */
  static Verification hostile() {
    FileResult notInRepo =
        new FileResult(
            SCRIPT + ".rs",
            Optional.empty(),
            FileResult.Status.NOT_IN_COMMIT,
            Optional.empty(),
            "aa",
            Optional.empty(),
            Optional.of(false),
            Optional.empty(),
            Optional.of("detail " + IMG));
    FileResult differs =
        new FileResult(
            "src/" + IMG + ".rs",
            Optional.of("src/lib.rs"),
            FileResult.Status.DIFFERS,
            Optional.empty(),
            "bb",
            Optional.of("cc"),
            Optional.empty(),
            Optional.of("--- a\n+++ b\n+</pre>" + SCRIPT + "\n"));
    ProvenanceReport report =
        new ProvenanceReport(
            PackageId.of("evil", "1.0.0"),
            Category.LOOKS_SKETCHY,
            List.of(Finding.of(Reason.FILES_NOT_IN_REPOSITORY, "files " + SCRIPT, SCRIPT + ".rs")),
            Optional.of("javascript:alert(document.cookie)"),
            Optional.of(CommitId.of("0123456789abcdef0123456789abcdef01234567")),
            Optional.of(IMG),
            new TagResult(List.of(SCRIPT), Optional.empty(), TagResult.MatchKind.NONE, List.of()),
            Optional.empty(),
            List.of(notInRepo, differs),
            Optional.empty(),
            "test");
    return new Verification(
        report,
        "https://static.crates.io/" + SCRIPT,
        Optional.empty(),
        Optional.empty(),
        Instant.parse("2026-11-01T00:00:00Z"),
        List.of(
            Signal.of(
                "build-script-network",
                Severity.WARNING,
                "message " + SCRIPT,
                new Evidence("build.rs" + IMG, 3, "excerpt " + SCRIPT, null))),
        new Verification.StoreKey("crates.io", "", ""));
  }

  /** An advisory whose title and URL are markup and a javascript: link. */
  static dev.cratetrust.advisory.AdvisoryImport.Entry hostileAdvisory() throws Exception {
    String text =
        "```toml\n[advisory]\nid = \"RUSTSEC-2099-0004\"\npackage = \"evil\"\n"
            + "date = \"2024-01-02\"\nurl = \"javascript:alert(2)\"\n"
            + "[versions]\npatched = [\">= 9.0.0\"]\n```\n\n# Title "
            + SCRIPT
            + "\n";
    return new dev.cratetrust.advisory.AdvisoryImport.Entry(
        "crates/evil/RUSTSEC-2099-0004.md",
        text,
        dev.cratetrust.advisory.AdvisoryParser.parse("RUSTSEC-2099-0004", text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "postgresql"})
  void crateSuppliedStringsAreEscapedAndJavascriptUrlsAreNotLinks(String kind) throws Exception {
    try (SiteFixture site = SiteFixture.start(dir, kind)) {
      site.store(hostile());
      site.storeAdvisories(
          Instant.parse("2026-11-30T00:00:00Z"),
          List.of(
              CratePageTest.advisory("RUSTSEC-2099-0003", "evil", ">= 9.0.0"), hostileAdvisory()));
      HttpResponse<String> r = site.get("/crates/evil/1.0.0");
      assertThat(r.statusCode()).isEqualTo(200);
      String page = r.body();
      assertThat(page)
          .doesNotContain(SCRIPT, IMG, "<img src=x", "href=\"javascript:", "onerror=alert(1)>")
          .contains("&lt;script&gt;alert(1)&lt;/script&gt;.rs")
          .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
          .contains("javascript:alert(document.cookie)")
          .contains("Flagged: RUSTSEC-2099-0004 (Title &lt;script&gt;alert(1)&lt;/script&gt;)");
      // the page itself has no script or inline style to escape from
      assertThat(page).doesNotContain("<script", " style=", " onclick=");
      assertThat(site.get("/api/v1/crates/evil/1.0.0").body()).contains("javascript:alert");
    }
  }

  @Test
  void everyResponseCarriesCspWithoutInlineCodeAndSecurityHeaders() throws Exception {
    try (SiteFixture site = SiteFixture.start(dir, "mem")) {
      site.store(hostile());
      for (String path :
          List.of(
              "/",
              "/crates/evil",
              "/api/v1/crates/evil",
              "/search?q=ev",
              "/static/site.css",
              "/openapi.json",
              "/no-such-page",
              "/api/v1/crates/-x")) {
        HttpResponse<String> r = site.get(path);
        assertThat(r.headers().firstValue("Content-Security-Policy"))
            .as(path)
            .hasValueSatisfying(
                c ->
                    assertThat(c)
                        .contains(
                            "default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
                        .doesNotContain("unsafe-inline", "unsafe-eval", "*"));
        assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
        assertThat(r.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
        assertThat(r.headers().firstValue("Server")).as(path).isEmpty();
      }
    }
  }

  @Test
  void pathTraversalInNamesVersionsAndStaticFilesGets400Or404() throws Exception {
    try (SiteFixture site = SiteFixture.start(dir, "mem")) {
      site.store(hostile());
      for (String target :
          List.of(
              "/crates/..%2F..%2Fetc%2Fpasswd",
              "/crates/../../etc/passwd",
              "/crates/evil/..%2F..%2F1.0.0",
              "/crates/evil/1.0.0%2F..%2F..",
              "/crates/evil%00/1.0.0",
              "/api/v1/crates/..%2Fevil",
              "/api/v1/crates/evil/%2e%2e",
              "/api/v1/crates/evil/1.0.0%00",
              "/static/../../pom.xml",
              "/static/..%2F..%2Fpom.xml",
              "/static/%2e%2e/%2e%2e/pom.xml")) {
        String response =
            raw(site.base(), "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        int status = Integer.parseInt(response.substring(9, 12));
        assertThat(status).as(target).isIn(400, 404);
        assertThat(response).as(target).doesNotContain("root:", "<artifactId>");
      }
      CratePageTest.assertError(site.get("/api/v1/crates/evil/..1.0.0"), 400, "invalid-version");
      CratePageTest.assertError(site.get("/api/v1/crates/a.b"), 400, "invalid-crate-name");
      String tooLong = "a".repeat(65);
      CratePageTest.assertError(site.get("/api/v1/crates/" + tooLong), 400, "invalid-crate-name");
    }
  }

  @Test
  void hugeQueryStringsAreRefusedBeforeAnyHandler() throws Exception {
    try (SiteFixture site = SiteFixture.start(dir, "mem")) {
      HttpResponse<String> huge = site.get("/search?q=" + "a".repeat(20_000));
      assertThat(huge.statusCode()).isIn(414, 431, 400);
      HttpResponse<String> longButSmall = site.get("/api/v1/search?q=" + "a".repeat(200));
      CratePageTest.assertError(longButSmall, 400, "invalid-query");
      assertThat(site.get("/healthz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aClientThatStallsMidRequestIsDisconnectedWhileOthersAreServed() throws Exception {
    UnaryOperator<SiteServer.Options> fast = o -> o.withIdleTimeout(Duration.ofMillis(700));
    try (SiteFixture site = SiteFixture.start(dir, "mem", false, SiteModules.all(), fast);
        Socket slow = new Socket(site.base().getHost(), site.base().getPort())) {
      slow.setSoTimeout(10_000);
      OutputStream out = slow.getOutputStream();
      out.write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Half: ".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(site.get("/healthz").statusCode()).isEqualTo(200);
      long start = System.nanoTime();
      InputStream in = slow.getInputStream();
      int b;
      try {
        while ((b = in.read()) != -1) {
          // a 408 or 400 before closing is fine; reading on until the server closes
          assertThat(b).isNotNegative();
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the server kept a stalled connection open for 10 s", e);
      } catch (IOException reset) {
        // closed by the server with a reset
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(9));
      assertThat(site.get("/healthz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aReadOnlyMirrorRefusesEveryWriteWithJson() throws Exception {
    try (SiteFixture site = SiteFixture.start(dir, "mem", true, SiteModules.all(), o -> o)) {
      for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
        HttpResponse<String> r =
            site.send(
                HttpRequest.newBuilder(site.uri("/api/v1/crates/evil/1.0.0/verify"))
                    .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                    .build());
        CratePageTest.assertError(r, 405, "read-only");
      }
      assertThat(site.get("/healthz").body()).contains("\"readOnly\":true");
    }
  }

  /** Sends {@code request} as is and returns everything the server answers until it closes. */
  static String raw(URI base, String request) throws IOException {
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      s.getInputStream().transferTo(b);
      return b.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
