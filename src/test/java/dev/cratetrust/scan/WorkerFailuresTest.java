package dev.cratetrust.scan;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.JobState;
import dev.cratetrust.store.ScanJobs;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** Workers during a rolling upgrade, and workers meeting a bug in one job. */
class WorkerFailuresTest {
  @TempDir Path tmp;
  private TestStores stores;

  @BeforeEach
  void openStores() {
    stores = new TestStores(tmp);
  }

  @AfterEach
  void closeAll() throws Exception {
    stores.closeAll();
  }

  /** The fake verifier under another verifier version (a newer release of cratetrust). */
  private static final class NewerVerifier implements JobVerifier {
    private final FakeVerifier inner = new FakeVerifier();

    @Override
    public String version() {
      return "fake-2";
    }

    @Override
    public Result verify(ScanTarget target) throws UnavailableException, BadInputException {
      VerificationRecord r = inner.verify(target).record();
      return Result.of(
          new VerificationRecord(
              r.id(),
              version(),
              r.category(),
              r.reasons(),
              r.commit(),
              r.source(),
              r.reportJson(),
              r.verifiedAt(),
              r.origin(),
              r.archiveSha256(),
              r.repositoryOverride()));
    }

    List<String> calls() {
      return inner.calls();
    }
  }

  private static QueueWorker worker(ScanJobs jobs, Database db, JobVerifier v, String owner) {
    return new QueueWorker(
        jobs,
        new VerificationResults(db),
        v,
        2,
        25,
        Duration.ofMillis(20),
        owner,
        ScanProgress.silent());
  }

  private static void enqueue(Scanner scanner, String... names) throws Exception {
    Scanner.Enqueuer e = scanner.enqueuer();
    for (String n : names) {
      e.accept(ScanTarget.registry(PackageId.of(n, "1.0.0")));
    }
    scanner.run(e, true, 1, ScanProgress.silent());
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void workersOfTwoVerifierVersionsShareAQueueWithoutDeadLetteringEachOthersJobs(String kind)
      throws Exception {
    Database db = stores.open(kind);
    ScanJobs jobs = new ScanJobs(db, ScanJobs.Policy.defaults());
    FakeVerifier old = new FakeVerifier();
    NewerVerifier newer = new NewerVerifier();
    enqueue(new Scanner(jobs, new VerificationResults(db), old), "gold-a", "notag-b", "extra-c");
    enqueue(new Scanner(jobs, new VerificationResults(db), newer), "gold-d", "novcs-e");

    QueueWorker.Stats n = worker(jobs, db, newer, "new-worker").run(QueueWorker.Mode.DRAIN);
    assertThat(n.verified()).isEqualTo(2);
    assertThat(n.deadLettered()).isZero();
    assertThat(newer.calls()).containsExactlyInAnyOrder("gold-d@1.0.0", "novcs-e@1.0.0");
    Map<JobState, Long> counts = jobs.counts();
    assertThat(counts.get(JobState.QUEUED)).as("left for a worker of their version").isEqualTo(3);
    assertThat(counts.get(JobState.DEAD)).isZero();

    QueueWorker.Stats o = worker(jobs, db, old, "old-worker").run(QueueWorker.Mode.DRAIN);
    assertThat(o.verified()).isEqualTo(3);
    assertThat(old.calls())
        .containsExactlyInAnyOrder("gold-a@1.0.0", "notag-b@1.0.0", "extra-c@1.0.0");
    assertThat(jobs.counts().get(JobState.DONE)).isEqualTo(5);
    assertThat(new VerificationResults(db).latestPerVersion())
        .extracting(r -> r.id().name().value() + " " + r.verifierVersion())
        .containsExactlyInAnyOrder(
            "gold-a fake-1", "notag-b fake-1", "extra-c fake-1", "gold-d fake-2", "novcs-e fake-2");
  }

  @Test
  void aBugInOneJobFailsThatJobWithTheStackTraceLoggedAndTheWorkerGoesOn() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(QueueWorker.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      Database db = stores.open("mem");
      ScanJobs jobs = new ScanJobs(db, ScanJobs.Policy.defaults().withBackoff(Duration.ZERO));
      FakeVerifier v = new FakeVerifier();
      enqueue(
          new Scanner(jobs, new VerificationResults(db), v),
          "poison-pill",
          "huge-reasons",
          "gold-a",
          "gold-b");
      QueueWorker.Stats s = worker(jobs, db, v, "w").run(QueueWorker.Mode.DRAIN);
      assertThat(s.verified()).isEqualTo(2);
      assertThat(s.deadLettered()).isEqualTo(2);
      assertThat(jobs.list(JobState.DEAD, 10))
          .extracting(j -> j.target().name().value() + ": " + j.lastError().orElse(""))
          .anySatisfy(
              e ->
                  assertThat(e)
                      .startsWith("poison-pill: internal error: java.lang.IllegalStateException"))
          .anySatisfy(
              e ->
                  assertThat(e)
                      .startsWith("huge-reasons: store the result:")
                      .contains("reasons of huge-reasons@1.0.0 are longer than 2000"));
      assertThat(new VerificationResults(db).count()).isEqualTo(2);
      assertThat(log.list)
          .filteredOn(e -> e.getLevel() == Level.ERROR)
          .anySatisfy(
              e -> {
                assertThat(e.getFormattedMessage()).contains("poison-pill@1.0.0");
                assertThat(e.getThrowableProxy().getClassName())
                    .isEqualTo("java.lang.IllegalStateException");
                assertThat(e.getThrowableProxy().getStackTraceElementProxyArray()).isNotEmpty();
              })
          .anySatisfy(
              e -> {
                assertThat(e.getFormattedMessage()).contains("huge-reasons@1.0.0");
                assertThat(e.getThrowableProxy()).isNotNull();
              });
    } finally {
      logger.detachAppender(log);
    }
  }
}
