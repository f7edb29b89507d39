package dev.cratetrust.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.store.ScanJobs.FailOutcome;
import dev.cratetrust.store.ScanJobs.NewJob;
import dev.cratetrust.store.ScanJobs.Policy;
import dev.cratetrust.testing.MutableClock;
import dev.cratetrust.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScanJobsTest {
  @TempDir Path tmp;
  private TestStores stores;

  @org.junit.jupiter.api.BeforeEach
  void openStores() {
    stores = new TestStores(tmp);
  }

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T00:00:00Z"));
  private final Policy policy =
      new Policy(3, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(25));

  @AfterEach
  void closeAll() throws Exception {
    stores.closeAll();
  }

  private Database store(String kind) throws Exception {
    return stores.open(kind);
  }

  private static NewJob job(String name, String repo, int priority) {
    return new NewJob(PackageId.of(name, "1.0.0"), "v1", "registry", repo, priority);
  }

  private static VerificationRecord result(ScanJob j) {
    return new VerificationRecord(
        j.target(),
        j.verifierVersion(),
        "gold-star",
        List.of(),
        Optional.empty(),
        j.source(),
        "{}",
        Instant.parse("2026-11-22T00:00:00Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void enqueueDedupesAndSkipsVerifiedCrates(String kind) throws Exception {
    Database db = store(kind);
    ScanJobs jobs = new ScanJobs(db, clock, policy);
    VerificationResults results = new VerificationResults(db);
    results.upsert(
        result(
            new ScanJob(
                0, PackageId.of("done", "1.0.0"), "v1", "registry", "", 0, 0, Optional.empty())));
    assertThat(jobs.enqueue(List.of(job("a", "r1", 0), job("b", "r1", 1), job("done", "", 2))))
        .isEqualTo(new ScanJobs.EnqueueResult(2, 0, 1));
    assertThat(jobs.enqueue(List.of(job("a", "r1", 0), job("c", "", 3))))
        .isEqualTo(new ScanJobs.EnqueueResult(1, 1, 0));
    assertThat(jobs.counts().get(JobState.QUEUED)).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "postgresql"})
  void claimMovesOnToTheNextRepositoryWhenTheMostUrgentOneIsBeingClaimed(String kind)
      throws Exception {
    Database db = store(kind);
    ScanJobs jobs = new ScanJobs(db, clock, policy);
    jobs.enqueue(List.of(job("a1", "ra", 0), job("a2", "ra", 1), job("b1", "rb", 2)));
    try (java.sql.Connection other = db.connection()) {
      other.setAutoCommit(false);
      try (var st = other.createStatement();
          var rs = st.executeQuery("SELECT id FROM scan_job WHERE repository = 'ra' FOR UPDATE")) {
        while (rs.next()) {
          // another worker's claim is in progress and holds ra's rows
        }
      }
      assertThat(jobs.claim("w1", 10))
          .extracting(j -> j.target().name().value())
          .containsExactly("b1");
      other.rollback();
    }
    assertThat(jobs.claim("w1", 10))
        .extracting(j -> j.target().name().value())
        .containsExactly("a1", "a2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void claimTakesOneRepositoryAtATimeInPriorityOrder(String kind) throws Exception {
    ScanJobs jobs = new ScanJobs(store(kind), clock, policy);
    jobs.enqueue(
        List.of(
            job("rand", "https://r/rand", 1),
            job("serde", "https://r/serde", 0),
            job("rand_core", "https://r/rand", 5),
            job("solo", "", 2),
            job("solo2", "", 3)));
    assertThat(jobs.claim("w1", 10))
        .extracting(j -> j.target().name().value())
        .containsExactly("serde");
    assertThat(jobs.claim("w1", 10))
        .extracting(j -> j.target().name().value())
        .containsExactly("rand", "rand_core");
    assertThat(jobs.claim("w1", 10))
        .extracting(j -> j.target().name().value())
        .containsExactly("solo");
    assertThat(jobs.claim("w2", 10))
        .extracting(j -> j.target().name().value())
        .containsExactly("solo2");
    assertThat(jobs.claim("w2", 10)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void completeWritesOnceAndOnlyWithTheLease(String kind) throws Exception {
    Database db = store(kind);
    ScanJobs jobs = new ScanJobs(db, clock, policy);
    VerificationResults results = new VerificationResults(db);
    jobs.enqueue(List.of(job("a", "r", 0)));
    ScanJob a = jobs.claim("w1", 1).getFirst();
    assertThat(jobs.start(a, "w1")).isTrue();
    clock.advance(Duration.ofSeconds(31));
    ScanJob again = jobs.claim("w2", 1).getFirst();
    assertThat(again.id()).isEqualTo(a.id());
    assertThat(again.attempts()).isEqualTo(1);
    assertThat(jobs.complete(a, "w1", results, result(a))).as("lease lost").isFalse();
    assertThat(results.count()).isZero();
    assertThat(jobs.start(again, "w2")).isTrue();
    assertThat(jobs.complete(again, "w2", results, result(again))).isTrue();
    assertThat(jobs.complete(again, "w2", results, result(again))).isFalse();
    assertThat(results.count()).isEqualTo(1);
    assertThat(jobs.counts().get(JobState.DONE)).isEqualTo(1);
    assertThat(jobs.hasActiveWork()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void heartbeatKeepsTheLease(String kind) throws Exception {
    ScanJobs jobs = new ScanJobs(store(kind), clock, policy);
    jobs.enqueue(List.of(job("a", "r", 0)));
    jobs.claim("w1", 1);
    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofSeconds(20));
      assertThat(jobs.heartbeat("w1")).isEqualTo(1);
      assertThat(jobs.claim("w2", 1)).isEmpty();
    }
    assertThat(jobs.release("w1")).isEqualTo(1);
    assertThat(jobs.claim("w2", 1)).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void failuresBackOffExponentiallyThenDeadLetterWithTheReason(String kind) throws Exception {
    ScanJobs jobs = new ScanJobs(store(kind), clock, policy);
    jobs.enqueue(List.of(job("poison", "r", 0)));
    List<Duration> waits = new ArrayList<>();
    FailOutcome last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      ScanJob j = jobs.claim("w", 1).getFirst();
      jobs.start(j, "w");
      last = jobs.fail(j, "w", "fetch index: connection reset #" + attempt, false);
      int waited = 0;
      while (last == FailOutcome.RETRY_LATER && jobs.claim("probe", 1).isEmpty()) {
        clock.advance(Duration.ofSeconds(1));
        waited++;
      }
      if (last == FailOutcome.RETRY_LATER) {
        jobs.release("probe");
        waits.add(Duration.ofSeconds(waited));
      }
    }
    assertThat(waits).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20));
    assertThat(last).isEqualTo(FailOutcome.DEAD);
    ScanJob dead = jobs.list(JobState.DEAD, 10).getFirst();
    assertThat(dead.lastError()).contains("fetch index: connection reset #3");
    assertThat(jobs.backoff(10)).isEqualTo(Duration.ofSeconds(25));
    assertThat(jobs.requeueDead()).isEqualTo(1);
    assertThat(jobs.claim("w", 1)).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void jobsWhoseHoldersKeepVanishingAreDeadLettered(String kind) throws Exception {
    ScanJobs jobs = new ScanJobs(store(kind), clock, policy);
    jobs.enqueue(List.of(job("oom", "r", 0)));
    for (int i = 0; i < 3; i++) {
      ScanJob j = jobs.claim("w" + i, 1).getFirst();
      jobs.start(j, "w" + i);
      clock.advance(Duration.ofSeconds(31));
    }
    assertThat(jobs.claim("w9", 1)).isEmpty();
    assertThat(jobs.list(JobState.DEAD, 1).getFirst().lastError().orElseThrow())
        .contains("started 3 times");
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "postgresql"})
  void concurrentClaimersFinishEveryJobExactlyOnce(String kind) throws Exception {
    Database db = store(kind);
    ScanJobs jobs = new ScanJobs(db, clock, policy);
    VerificationResults results = new VerificationResults(db);
    List<NewJob> all = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      all.add(job("c" + i, "repo" + (i % 30), i));
    }
    jobs.enqueue(all);
    Set<Long> finished = Collections.synchronizedSet(new HashSet<>());
    AtomicInteger duplicates = new AtomicInteger();
    List<Future<?>> fs = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      for (int t = 0; t < 4; t++) {
        String owner = "w" + t;
        fs.add(
            pool.submit(
                () -> {
                  List<ScanJob> got;
                  while (!(got = jobs.claim(owner, 7)).isEmpty()) {
                    for (ScanJob j : got) {
                      jobs.start(j, owner);
                      if (jobs.complete(j, owner, results, result(j)) && !finished.add(j.id())) {
                        duplicates.incrementAndGet();
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    }
    assertThat(duplicates).hasValue(0);
    assertThat(finished).hasSize(200);
    assertThat(results.count()).isEqualTo(200);
    assertThat(jobs.counts().get(JobState.DONE)).isEqualTo(200);
  }
}
