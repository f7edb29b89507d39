package dev.cratetrust.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.registry.DbDumpSelection;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.JobState;
import dev.cratetrust.store.ScanJobs;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.testing.DbDumpBuilder;
import dev.cratetrust.testing.DbDumpBuilder.Crate;
import dev.cratetrust.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScannerTest {
  @TempDir Path tmp;
  private TestStores stores;

  @org.junit.jupiter.api.BeforeEach
  void openStores() {
    stores = new TestStores(tmp);
  }

  @AfterEach
  void closeAll() throws Exception {
    stores.closeAll();
  }

  private Database store(String kind) throws Exception {
    return stores.open(kind);
  }

  static final List<Crate> STUDY =
      List.of(
          Crate.of("gold-rand", "https://git.test/rand", 1000, "0.8.5"),
          Crate.of("gold-rand_core", "https://git.test/rand", 990, "0.6.4"),
          Crate.of("novcs-old", "https://git.test/old", 980, "1.0.0"),
          Crate.of("notag-lib", "https://git.test/notag", 970, "0.1.0"),
          Crate.of("othertag-core", "https://git.test/rand", 960, "0.3.0"),
          Crate.of("nohash-x", "https://git.test/x", 950, "2.0.0"),
          Crate.of("unreachable-f", "https://fuchsia.test/f", 940, "0.1.0"),
          Crate.of("hg-oorandom", "https://sr.test/~i/oorandom/", 930, "11.1.3"),
          Crate.of("extra-matches", "https://git.test/matches", 920, "0.1.9"),
          Crate.of("double-hermit", "https://git.test/hermit", 910, "0.1.19"),
          Crate.of("norepo-crunchy", "", 900, "0.2.2"),
          Crate.of("gold-tail", "https://git.test/tail", 1, "1.0.0"));

  private Scanner.Outcome scan(Database db, FakeVerifier v, int top, int jobs, Duration backoff)
      throws Exception {
    Path dump = tmp.resolve("dump.tar.gz");
    if (!java.nio.file.Files.exists(dump)) {
      DbDumpBuilder.of(STUDY).write(dump);
    }
    ScanJobs queue = new ScanJobs(db, ScanJobs.Policy.defaults().withBackoff(backoff));
    Scanner scanner = new Scanner(queue, new VerificationResults(db), v);
    Scanner.Enqueuer e = scanner.enqueuer();
    ScanTargets.fromDump(dump, DbDumpSelection.top(top), e::accept);
    return scanner.run(
        e,
        false,
        ScanProgress.silent(),
        new QueueWorker(
            queue,
            new VerificationResults(db),
            v,
            jobs,
            25,
            Duration.ofMillis(20),
            "test-owner",
            ScanProgress.silent()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void topNScanStoresEveryStudyCategoryAndRerunRedoesNothing(String kind) throws Exception {
    Database db = store(kind);
    FakeVerifier v = new FakeVerifier();
    Scanner.Outcome first = scan(db, v, 11, 3, Duration.ZERO);
    assertThat(first.enqueued().added()).isEqualTo(11);
    assertThat(first.work().verified()).isEqualTo(11);
    assertThat(first.queue().get(JobState.DONE)).isEqualTo(11);
    List<VerificationRecord> rows = new VerificationResults(db).latestPerVersion();
    assertThat(rows).hasSize(11);
    for (VerificationRecord r : rows) {
      List<String> want = FakeVerifier.expected(r.id().name().value());
      assertThat(r.category()).isEqualTo(want.getFirst());
      assertThat(r.reasons()).isEqualTo(want.subList(1, want.size()));
      assertThat(r.source()).isEqualTo("registry");
    }
    assertThat(rows).noneMatch(r -> r.id().name().value().equals("gold-tail"));

    Scanner.Outcome again = scan(db, v, 12, 3, Duration.ZERO);
    assertThat(again.enqueued().alreadyVerified()).isEqualTo(11);
    assertThat(again.enqueued().added()).isEqualTo(1);
    assertThat(v.calls()).hasSize(12).doesNotHaveDuplicates();
  }

  @Test
  void jobsOfOneRepositoryRunTogether() throws Exception {
    Database db = store("mem");
    FakeVerifier v = new FakeVerifier();
    scan(db, v, 12, 1, Duration.ZERO);
    List<String> repos = v.targets().stream().map(ScanTarget::repository).toList();
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < repos.size(); i++) {
      if (i == 0 || !repos.get(i).equals(repos.get(i - 1))) {
        assertThat(seen)
            .as("repository %s visited twice in %s", repos.get(i), repos)
            .doesNotContain(repos.get(i));
        seen.add(repos.get(i));
      }
    }
    assertThat(v.calls().subList(0, 3))
        .containsExactly("gold-rand@0.8.5", "gold-rand_core@0.6.4", "othertag-core@0.3.0");
  }

  @Test
  void infrastructureFailuresAreRetriedAndPoisonJobsDeadLettered() throws Exception {
    Database db = store("mem");
    FakeVerifier v = new FakeVerifier();
    ScanJobs queue = new ScanJobs(db, ScanJobs.Policy.defaults().withBackoff(Duration.ZERO));
    Scanner scanner = new Scanner(queue, new VerificationResults(db), v);
    Scanner.Enqueuer e = scanner.enqueuer();
    for (String n : List.of("flaky-2-net", "poison-pill", "bad-archive", "gold-ok")) {
      e.accept(ScanTarget.registry(dev.cratetrust.crates.PackageId.of(n, "1.0.0")));
    }
    Scanner.Outcome o = scanner.run(e, false, 2, ScanProgress.silent());
    assertThat(o.work().verified()).isEqualTo(2);
    assertThat(o.work().retryLater()).isEqualTo(2 + 4);
    assertThat(o.work().deadLettered()).isEqualTo(2);
    assertThat(o.waiting()).isZero();
    assertThat(queue.list(JobState.DEAD, 10))
        .extracting(j -> j.target().name().value() + ": " + j.lastError().orElse(""))
        .containsExactlyInAnyOrder(
            "poison-pill: internal error: java.lang.IllegalStateException: poisoned crate"
                + " poison-pill",
            "bad-archive: invalid input: read crate bad-archive@1.0.0: archive is truncated");
    assertThat(v.calls().stream().filter(c -> c.startsWith("poison")).count()).isEqualTo(5);
    assertThat(v.calls().stream().filter(c -> c.startsWith("bad")).count()).isEqualTo(1);
    assertThat(new VerificationResults(db).count()).isEqualTo(2);
  }

  @Test
  void jobsOfAKilledLocalProcessAreTakenBackWithoutWaitingForTheLease() throws Exception {
    Database db = store("mem");
    FakeVerifier v = new FakeVerifier();
    ScanJobs queue = new ScanJobs(db, ScanJobs.Policy.defaults());
    queue.enqueue(
        List.of(
            new ScanJobs.NewJob(
                dev.cratetrust.crates.PackageId.of("gold-x", "1.0.0"),
                v.version(),
                "registry",
                "r",
                0),
            new ScanJobs.NewJob(
                dev.cratetrust.crates.PackageId.of("gold-y", "1.0.0"),
                v.version(),
                "registry",
                "s",
                0)));
    String me = QueueWorker.newOwnerId();
    String host = me.substring(0, me.indexOf(':'));
    String deadLocal = host + ":" + Long.MAX_VALUE + ":dead0000";
    queue.claim(deadLocal, 10);
    String remote = "some-other-host:1:live0000";
    queue.claim(remote, 10);
    Scanner.Enqueuer e = new Scanner(queue, new VerificationResults(db), v).enqueuer();
    java.util.concurrent.atomic.AtomicReference<Object> result =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread runner =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    result.set(
                        new Scanner(queue, new VerificationResults(db), v)
                            .run(e, false, 1, ScanProgress.silent()));
                  } catch (Exception ex) {
                    result.set(ex);
                  }
                });
    long deadline = System.nanoTime() + 10_000_000_000L;
    // The verifier is called before the job is completed: wait for both, or the local worker can
    // still show as a holder of the job it is finishing.
    while ((v.calls().isEmpty() || queue.runningOwners().size() > 1)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(v.calls())
        .as("the dead local holder's job ran at once")
        .containsExactly("gold-x@1.0.0");
    assertThat(queue.runningOwners()).containsExactly(remote);
    queue.release(remote);
    runner.join(10_000);
    assertThat(result.get()).isInstanceOf(Scanner.Outcome.class);
    assertThat(v.calls()).containsExactly("gold-x@1.0.0", "gold-y@1.0.0");
  }

  @Test
  void retriesWaitingForBackoffAreLeftForALaterRun() throws Exception {
    Database db = store("mem");
    FakeVerifier v = new FakeVerifier();
    ScanJobs queue = new ScanJobs(db, ScanJobs.Policy.defaults().withBackoff(Duration.ofHours(1)));
    Scanner scanner = new Scanner(queue, new VerificationResults(db), v);
    Scanner.Enqueuer e = scanner.enqueuer();
    e.accept(ScanTarget.registry(dev.cratetrust.crates.PackageId.of("flaky-1-x", "1.0.0")));
    Scanner.Outcome o = scanner.run(e, false, 1, ScanProgress.silent());
    assertThat(o.waiting()).isEqualTo(1);
    assertThat(o.work().retryLater()).isEqualTo(1);
    assertThat(queue.list(JobState.QUEUED, 1).getFirst().lastError().orElseThrow())
        .contains("connection reset (attempt 1)");
  }
}
