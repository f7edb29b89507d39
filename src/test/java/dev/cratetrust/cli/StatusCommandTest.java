package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.scan.FakeVerifier;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.ScanJobs;
import dev.cratetrust.store.ScanJobs.NewJob;
import dev.cratetrust.testing.ScratchPostgres;
import dev.cratetrust.testing.TestCrateCommands;
import dev.cratetrust.testing.TestGitIndex;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** {@code cratetrust status} and the {@code /metrics} endpoints of {@code worker} and follow. */
class StatusCommandTest {
  private static final String FAKE = new FakeVerifier().version();
  private static final Pattern METRICS = Pattern.compile("metrics at (http://[^ ]+/metrics)");
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run fake(FakeVerifier verifier, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        FakeVerifierCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), verifier);
    return new Run(code, out.toString(), err.toString());
  }

  private static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private static JsonNode status(String db) {
    Run r = cli("status", "--db", db, "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    return Parsers.json().readTree(r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void statusCountsTheQueueThroughputFailuresAndWorkers(String kind) throws Exception {
    ScratchPostgres pg = kind.equals("postgresql") ? ScratchPostgres.create() : null;
    String db = pg != null ? pg.spec() : tmp.resolve("store").toString();
    try {
      Path list = tmp.resolve("crates.txt");
      Files.write(list, List.of("ok-a@1.0.0", "bad-b@1.0.0", "flaky-9-c@1.0.0"));
      FakeVerifier verifier = new FakeVerifier();
      assertThat(
              fake(verifier, "scan", "--crates", list.toString(), "--enqueue-only", "--db", db)
                  .code())
          .isZero();
      try (Database store = Database.open(db)) {
        new ScanJobs(store, ScanJobs.Policy.defaults())
            .enqueue(
                List.of(
                    new NewJob(PackageId.of("newpub", "1.0.0"), FAKE, "registry", "", -100),
                    new NewJob(PackageId.of("re", "1.0.0"), FAKE, "registry", "", -1)));
      }
      JsonNode before = status(db);
      assertThat(before.get("queued").asLong()).isEqualTo(5);
      assertThat(before.get("queuedByPriority").get("follow").asLong()).isEqualTo(1);
      assertThat(before.get("queuedByPriority").get("recheck").asLong()).isEqualTo(1);
      assertThat(before.get("queuedByPriority").get("background").asLong()).isEqualTo(3);
      assertThat(before.get("workers")).isEmpty();

      Run worker = fake(verifier, "worker", "--db", db, "--exit-when-empty", "--jobs", "1");
      assertThat(worker.code()).as(worker.err()).isZero();

      JsonNode after = status(db);
      assertThat(after.get("queued").asLong())
          .as("the flaky job waits out its backoff")
          .isEqualTo(1);
      assertThat(after.get("done").asLong()).isEqualTo(3);
      assertThat(after.get("dead").asLong()).isEqualTo(1);
      assertThat(after.get("finished").get("1m").asLong()).isEqualTo(3);
      assertThat(after.get("failures").get("invalid-input").get("15m").asLong()).isEqualTo(1);
      assertThat(after.get("failures").get("unavailable").get("1m").asLong()).isEqualTo(1);
      assertThat(after.get("oldestPending").get("job").asString()).isEqualTo("flaky-9-c@1.0.0");
      assertThat(after.get("workers")).hasSize(1);
      JsonNode w = after.get("workers").get(0);
      assertThat(w.get("kind").asString()).isEqualTo("worker");
      assertThat(w.get("done").asLong()).isEqualTo(3);
      assertThat(w.get("failed").asLong()).isEqualTo(2);
      assertThat(w.get("stoppedAt").isNull()).isFalse();

      Run text = cli("status", "--db", db);
      assertThat(text.out())
          .contains(
              "queued: 1 (follow 0, recheck 0, background 1)",
              "failed (invalid-input): 1 in 1m",
              "oldest pending: flaky-9-c@1.0.0",
              "worker " + w.get("owner").asString() + ": last heartbeat");
    } finally {
      if (pg != null) {
        pg.close();
      }
    }
  }

  @Test
  void followServesMetricsWhilePolling() throws Exception {
    TestGitIndex index =
        TestGitIndex.create(tmp.resolve("index.git"), new TestCrateCommands(tmp.resolve("h")));
    index.publish("serde", "1.0.0").publish("syn", "2.0.0").commit("a");
    String db = tmp.resolve("store").toString();
    StringWriter err = new StringWriter();
    Thread follow =
        Thread.ofPlatform()
            .start(
                () ->
                    Main.run(
                        new String[] {
                          "follow",
                          "--index",
                          index.spec(),
                          "--db",
                          db,
                          "--interval",
                          "1h",
                          "--metrics-port",
                          "0"
                        },
                        new PrintWriter(new StringWriter(), true),
                        new PrintWriter(err, true)));
    try {
      String url = awaitUrl(err);
      HttpClient http = HttpClient.newHttpClient();
      String body = "";
      for (int i = 0; i < 200 && !body.contains("versions_queued_total 2"); i++) {
        body =
            http.send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        Thread.sleep(50);
      }
      assertThat(body)
          .contains(
              "# TYPE cratetrust_queue_jobs gauge",
              "cratetrust_queue_jobs{priority=\"follow\",state=\"queued\"} 2",
              "cratetrust_follow_versions_queued_total 2",
              "cratetrust_oldest_pending_job_age_seconds ");
      HttpResponse<String> other =
          http.send(
              HttpRequest.newBuilder(URI.create(url.replace("/metrics", "/"))).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(other.statusCode()).isEqualTo(404);
    } finally {
      follow.interrupt();
      follow.join(30_000);
    }
    assertThat(follow.isAlive()).isFalse();
    JsonNode s = status(db);
    assertThat(s.get("workers").get(0).get("kind").asString()).isEqualTo("follow");
  }

  @Test
  void workerServesItsCountersAndTheQueue() throws Exception {
    String db = tmp.resolve("store").toString();
    Path list = tmp.resolve("crates.txt");
    Files.write(list, List.of("slow@1.0.0"));
    FakeVerifier verifier = new FakeVerifier(null, 1500);
    assertThat(
            fake(verifier, "scan", "--crates", list.toString(), "--enqueue-only", "--db", db)
                .code())
        .isZero();
    StringWriter err = new StringWriter();
    Thread worker =
        Thread.ofPlatform()
            .start(
                () ->
                    FakeVerifierCli.run(
                        new String[] {
                          "worker", "--db", db, "--exit-when-empty", "--metrics-port", "0"
                        },
                        new PrintWriter(new StringWriter(), true),
                        new PrintWriter(err, true),
                        verifier));
    String url = awaitUrl(err);
    HttpClient http = HttpClient.newHttpClient();
    String body = "";
    for (int i = 0; i < 100 && !body.contains("state=\"running\"} 1"); i++) {
      body =
          http.send(
                  HttpRequest.newBuilder(URI.create(url)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Thread.sleep(20);
    }
    worker.join(30_000);
    assertThat(body)
        .contains(
            "# TYPE cratetrust_worker_jobs_total counter",
            "cratetrust_worker_jobs_total{outcome=\"verified\"} 0",
            "cratetrust_queue_jobs{state=\"running\"} 1",
            "cratetrust_worker_heartbeat_age_seconds{kind=\"worker\"");
  }

  private static String awaitUrl(StringWriter err) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      Matcher m = METRICS.matcher(err.toString());
      if (m.find()) {
        return m.group(1);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no metrics address printed: " + err);
  }
}
