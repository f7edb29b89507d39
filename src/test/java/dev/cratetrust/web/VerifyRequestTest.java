package dev.cratetrust.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.Parsers;
import dev.cratetrust.store.JobState;
import dev.cratetrust.store.ScanJob;
import dev.cratetrust.store.ScanJobs;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.testing.ReliabilityFixture;
import dev.cratetrust.testing.SiteFixture;
import dev.cratetrust.verify.CrateVerifier;
import dev.cratetrust.verify.Verification;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Verify on request over HTTP: the job lands on the scan queue, the tab shows it pending and then
 * the result a worker stored; floods get 429 with Retry-After; cross-site form posts and read-only
 * sites are refused and queue nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyRequestTest {
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

  private SiteFixture site(String engine, boolean readOnly) throws Exception {
    SiteFixture s =
        SiteFixture.start(
            tmp.resolve("site-" + sites.size()),
            engine,
            readOnly,
            SiteModules.all(),
            UnaryOperator.identity());
    sites.add(s);
    return s;
  }

  private static HttpResponse<String> post(SiteFixture s, String path, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(s.uri(path)).POST(HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return s.send(b.build());
  }

  private static JsonNode json(HttpResponse<String> r) {
    return Parsers.json().readTree(r.body());
  }

  private static long jobs(SiteFixture s) throws Exception {
    return new ScanJobs(s.database(), ScanJobs.Policy.defaults())
        .counts().values().stream().mapToLong(Long::longValue).sum();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void aRequestIsQueuedShownPendingThenShowsTheWorkersResult(String engine) throws Exception {
    SiteFixture s = site(engine, false);
    built.storeInto(s.database(), 2);
    HttpResponse<String> r = post(s, "/api/v1/crates/" + NAME + "/1.2.0/verify");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(json(r).path("state").asString()).isEqualTo("pending");

    // the job is on the queue a worker takes, for this verifier version, from the registry
    ScanJobs queue = new ScanJobs(s.database(), ScanJobs.Policy.defaults());
    List<ScanJobs.JobStatus> statuses = queue.ofCrate(built.untagged().name());
    assertThat(statuses).hasSize(1);
    assertThat(statuses.getFirst().state()).isEqualTo(JobState.QUEUED);
    assertThat(statuses.getFirst().verifierVersion()).isEqualTo(CrateVerifier.VERIFIER_VERSION);

    // asking again does not queue a second job
    assertThat(json(post(s, "/api/v1/crates/" + NAME + "/1.2.0/verify")).path("state").asString())
        .isEqualTo("pending");
    assertThat(jobs(s)).isEqualTo(1);

    HttpResponse<String> page = s.get("/crates/" + NAME + "/reliability");
    assertThat(page.body()).contains("job job-pending", "Verification request: pending");
    JsonNode before = json(s.get("/api/v1/crates/" + NAME + "/reliability"));
    // the requested version shows, not yet verified
    assertThat(before.path("versions").get(0).path("version").asString()).isEqualTo("1.2.0");
    assertThat(before.path("versions").get(0).path("verdict").isNull()).isTrue();
    assertThat(before.path("versions").get(0).path("verify_request").path("state").asString())
        .isEqualTo("pending");

    // a worker takes the job and stores its result, as scan workers do
    List<ScanJob> claimed = queue.claim("worker-1", 1);
    assertThat(claimed).hasSize(1);
    assertThat(queue.start(claimed.getFirst(), "worker-1")).isTrue();
    Verification v = built.verifications().get(2);
    assertThat(
            queue.complete(
                claimed.getFirst(),
                "worker-1",
                new VerificationResults(s.database()),
                ReliabilityFixture.registryRecord(v),
                Optional.of(ReliabilityFixture.signalRecord(v))))
        .isTrue();

    JsonNode after = json(s.get("/api/v1/crates/" + NAME + "/reliability"));
    JsonNode newest = after.path("versions").get(0);
    assertThat(newest.path("version").asString()).isEqualTo("1.2.0");
    assertThat(newest.path("verify_request").path("state").asString()).isEqualTo("done");
    assertThat(newest.path("verdict").path("category").asString()).isEqualTo("needs-improvement");
    assertThat(s.get("/crates/" + NAME + "/reliability").body())
        .contains("job job-done", "verdict verdict-needs-improvement");

    // a version already verified by this verifier version is not queued again
    HttpResponse<String> again = post(s, "/api/v1/crates/" + NAME + "/1.0.0/verify");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json(again).path("state").asString()).isEqualTo("verified");
    assertThat(jobs(s)).isEqualTo(1);
  }

  @Test
  void theFormPostRedirectsBackToTheTab() throws Exception {
    SiteFixture s = site("mem", false);
    built.storeInto(s.database(), 1);
    HttpResponse<String> r =
        post(
            s,
            "/crates/" + NAME + "/1.0.1/verify",
            "Origin",
            s.base().toString().replaceAll("/$", ""));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location").orElse(""))
        .isEqualTo("/crates/" + NAME + "/reliability#v-1.0.1");
    assertThat(jobs(s)).isEqualTo(1);
  }

  @Test
  void aFloodFromOneAddressGets429WithRetryAfter() throws Exception {
    SiteFixture s = site("mem", false);
    int ok = 0;
    int limited = 0;
    HttpResponse<String> last = null;
    for (int i = 0; i < 30; i++) {
      HttpResponse<String> r = post(s, "/api/v1/crates/flood-target/1.0." + i + "/verify");
      if (r.statusCode() == 429) {
        limited++;
        last = r;
      } else {
        assertThat(r.statusCode()).isEqualTo(202);
        ok++;
      }
    }
    assertThat(ok).isEqualTo(VerifyRequestModule.BURST);
    assertThat(limited).isEqualTo(30 - VerifyRequestModule.BURST);
    assertThat(last.headers().firstValue("Retry-After").orElseThrow()).matches("[1-9][0-9]*");
    assertThat(json(last).path("error").path("code").asString()).isEqualTo("rate-limited");
    assertThat(jobs(s)).isEqualTo(VerifyRequestModule.BURST);
  }

  @Test
  void aCrossSiteFormPostIsRefusedAndQueuesNothing() throws Exception {
    SiteFixture s = site("mem", false);
    HttpResponse<String> r =
        post(s, "/crates/" + NAME + "/1.0.0/verify", "Origin", "https://evil.example");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("cross-origin");
    assertThat(jobs(s)).isZero();
  }

  @Test
  void aReadOnlySiteRefusesRequestsAndShowsNoButton() throws Exception {
    SiteFixture s = site("mem", true);
    built.storeInto(s.database(), 1);
    HttpResponse<String> r = post(s, "/api/v1/crates/" + NAME + "/1.0.0/verify");
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(json(r).path("error").path("code").asString()).isEqualTo("read-only");
    assertThat(jobs(s)).isZero();
    assertThat(s.get("/crates/" + NAME + "/reliability").body())
        .doesNotContain("verify-form")
        .contains("read-only mirror");
  }

  @Test
  void badNamesAndVersionsAreRefusedBeforeTheQueue() throws Exception {
    SiteFixture s = site("mem", false);
    HttpResponse<String> r = post(s, "/api/v1/crates/" + NAME + "/not-a-version/verify");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("error").path("code").asString()).isEqualTo("invalid-version");
    HttpResponse<String> n = post(s, "/api/v1/crates/%3Cscript%3E/1.0.0/verify");
    assertThat(n.statusCode()).isEqualTo(400);
    assertThat(json(n).path("error").path("code").asString()).isEqualTo("invalid-crate-name");
    assertThat(n.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    assertThat(jobs(s)).isZero();
  }
}
