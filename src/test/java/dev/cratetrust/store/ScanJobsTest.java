package dev.cratetrust.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.store.ScanJobs.FailOutcome;
import dev.cratetrust.store.ScanJobs.NewJob;
import dev.cratetrust.store.ScanJobs.Policy;
import dev.cratetrust.testing.TestStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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

  private final Policy policy =
      new Policy(3, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(25));

  @AfterEach
  void closeAll() throws Exception {
    stores.closeAll();
  }

  private Database store(String kind) throws Exception {
    return stores.open(kind);
  }

  /** Every running job's holder vanished: its lease ended (by the database's clock). */
  static void expireLeases(Database db) throws Exception {
    try (Connection c = db.connection();
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "UPDATE scan_job SET lease_until = TIMESTAMP WITH TIME ZONE '2000-01-01 00:00:00+00'"
              + " WHERE state = 'running'");
    }
  }

  /** Every queued job's backoff is over. */
  static void makeDue(Database db) throws Exception {
    try (Connection c = db.connection();
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "UPDATE scan_job SET run_after = TIMESTAMP WITH TIME ZONE '2000-01-01 00:00:00+00'"
              + " WHERE state = 'queued'");
    }
  }

  /** How far {@code column} of the only job is ahead of the database's clock. */
  static Duration aheadOfDatabaseClock(Database db, String column) throws Exception {
    try (Connection c = db.connection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT " + column + ", CURRENT_TIMESTAMP FROM scan_job")) {
      assertThat(rs.next()).isTrue();
      Duration d = Duration.between(rs.getTimestamp(2).toInstant(), rs.getTimestamp(1).toInstant());
      assertThat(rs.next()).as("one job").isFalse();
      return d;
    }
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
    ScanJobs jobs = new ScanJobs(db, policy);
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
    ScanJobs jobs = new ScanJobs(db, policy);
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
    ScanJobs jobs = new ScanJobs(store(kind), policy);
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
    ScanJobs jobs = new ScanJobs(db, policy);
    VerificationResults results = new VerificationResults(db);
    jobs.enqueue(List.of(job("a", "r", 0)));
    ScanJob a = jobs.claim("w1", 1).getFirst();
    assertThat(jobs.start(a, "w1")).isTrue();
    assertThat(jobs.claim("w2", 1)).as("lease held").isEmpty();
    expireLeases(db);
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
    Database db = store(kind);
    ScanJobs jobs = new ScanJobs(db, policy);
    jobs.enqueue(List.of(job("a", "r", 0)));
    jobs.claim("w1", 1);
    for (int i = 0; i < 3; i++) {
      try (Connection c = db.connection();
          Statement st = c.createStatement()) {
        st.executeUpdate("UPDATE scan_job SET lease_until = CURRENT_TIMESTAMP");
      }
      assertThat(jobs.heartbeat("w1")).isEqualTo(1);
      assertThat(aheadOfDatabaseClock(db, "lease_until"))
          .isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30));
      assertThat(jobs.claim("w2", 1)).isEmpty();
    }
    assertThat(jobs.release("w1")).isEqualTo(1);
    assertThat(jobs.claim("w2", 1)).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void leasesAreSetAndComparedByTheDatabaseClock(String kind) throws Exception {
    Database db = store(kind);
    ScanJobs jobs =
        new ScanJobs(db, policy.withLease(Duration.ofMillis(1500)).withBackoff(Duration.ZERO));
    jobs.enqueue(List.of(job("a", "r", 0)));
    assertThat(jobs.claim("w1", 1)).hasSize(1);
    assertThat(aheadOfDatabaseClock(db, "lease_until"))
        .isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
    assertThat(jobs.claim("w2", 1)).as("lease held").isEmpty();
    Thread.sleep(1700);
    assertThat(jobs.claim("w2", 1)).as("lease ended by the database's clock").hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void failuresBackOffExponentiallyThenDeadLetterWithTheReason(String kind) throws Exception {
    Database db = store(kind);
    ScanJobs jobs = new ScanJobs(db, policy);
    jobs.enqueue(List.of(job("poison", "r", 0)));
    List<Duration> waits = new ArrayList<>();
    FailOutcome last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      ScanJob j = jobs.claim("w", 1).getFirst();
      jobs.start(j, "w");
      last = jobs.fail(j, "w", "fetch index: connection reset #" + attempt, false);
      if (last == FailOutcome.RETRY_LATER) {
        waits.add(aheadOfDatabaseClock(db, "run_after"));
        assertThat(jobs.claim("probe", 1)).as("backing off").isEmpty();
        makeDue(db);
      }
    }
    assertThat(waits).hasSize(2);
    assertThat(waits.get(0)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
    assertThat(waits.get(1)).isBetween(Duration.ofSeconds(18), Duration.ofSeconds(20));
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
    Database db = store(kind);
    ScanJobs jobs = new ScanJobs(db, policy);
    jobs.enqueue(List.of(job("oom", "r", 0)));
    for (int i = 0; i < 3; i++) {
      ScanJob j = jobs.claim("w" + i, 1).getFirst();
      jobs.start(j, "w" + i);
      expireLeases(db);
    }
    assertThat(jobs.claim("w9", 1)).isEmpty();
    assertThat(jobs.list(JobState.DEAD, 1).getFirst().lastError().orElseThrow())
        .contains("started 3 times");
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "postgresql"})
  void concurrentClaimersFinishEveryJobExactlyOnce(String kind) throws Exception {
    Database db = store(kind);
    ScanJobs jobs = new ScanJobs(db, policy);
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

  private static final String HOST = "this-host";

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void aWorkerClaimsOnlyJobsOfItsVerifierVersion(String kind) throws Exception {
    Database db = store(kind);
    ScanJobs jobs = new ScanJobs(db, policy);
    VerificationResults results = new VerificationResults(db);
    jobs.enqueue(
        List.of(
            new NewJob(PackageId.of("old", "1.0.0"), "v1", "registry", "r", 0),
            new NewJob(PackageId.of("new", "1.0.0"), "v2", "registry", "r", 1)));
    ScanJobs.Scope v2 = new ScanJobs.Scope("v2", VerificationRecord.CRATES_IO, HOST);
    ScanJobs.Scope v1 = new ScanJobs.Scope("v1", VerificationRecord.CRATES_IO, HOST);
    List<ScanJob> got = jobs.claim("w2", 10, v2);
    assertThat(got).extracting(j -> j.target().name().value()).containsExactly("new");
    jobs.start(got.getFirst(), "w2");
    assertThat(jobs.complete(got.getFirst(), "w2", results, result(got.getFirst()))).isTrue();
    assertThat(jobs.claim("w2", 10, v2)).isEmpty();
    assertThat(jobs.hasActiveWork(v2)).as("nothing left for v2 workers").isFalse();
    assertThat(jobs.hasActiveWork(v1)).isTrue();
    assertThat(jobs.claim("w1", 10, v1))
        .extracting(j -> j.target().name().value())
        .containsExactly("old");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void vendoredJobsAreClaimedOnlyOnTheirHostAndRegistryJobsOnlyFromTheirRegistry(String kind)
      throws Exception {
    Database db = store(kind);
    ScanJobs jobs = new ScanJobs(db, policy);
    jobs.enqueue(
        List.of(
            new NewJob(
                PackageId.of("vend", "1.0.0"),
                "v1",
                "vendor:/srv/vendor/vend",
                "r",
                0,
                VerificationRecord.VENDOR,
                "c".repeat(64),
                Optional.of("other-host")),
            new NewJob(
                PackageId.of("mirrored", "1.0.0"),
                "v1",
                "registry",
                "r2",
                1,
                VerificationRecord.index("sparse+http://mirror/index/"),
                "",
                Optional.empty())));
    ScanJobs.Scope here = new ScanJobs.Scope("v1", VerificationRecord.CRATES_IO, HOST);
    assertThat(jobs.claim("w", 10, here)).isEmpty();
    assertThat(jobs.hasActiveWork(here)).isFalse();
    assertThat(
            jobs.claim(
                "w", 10, new ScanJobs.Scope("v1", VerificationRecord.CRATES_IO, "other-host")))
        .extracting(j -> j.target().name().value())
        .containsExactly("vend");
    assertThat(
            jobs.claim(
                "w",
                10,
                new ScanJobs.Scope(
                    "v1", VerificationRecord.index("sparse+http://mirror/index/"), HOST)))
        .extracting(j -> j.target().name().value())
        .containsExactly("mirrored");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void aVendoredCopyIsQueuedEvenWhenTheRegistryCrateWasVerified(String kind) throws Exception {
    Database db = store(kind);
    ScanJobs jobs = new ScanJobs(db, policy);
    VerificationResults results = new VerificationResults(db);
    PackageId id = PackageId.of("serde", "1.0.0");
    results.upsert(
        new VerificationRecord(
            id,
            "v1",
            "gold-star",
            List.of(),
            Optional.empty(),
            "https://static.crates.io/serde-1.0.0.crate",
            "{}",
            Instant.parse("2026-11-22T00:00:00Z"),
            VerificationRecord.CRATES_IO,
            "a".repeat(64),
            ""));
    NewJob vendored =
        new NewJob(
            id,
            "v1",
            "vendor:/srv/vendor/serde",
            "r",
            0,
            VerificationRecord.VENDOR,
            "b".repeat(64),
            Optional.of(HOST));
    assertThat(jobs.enqueue(List.of(new NewJob(id, "v1", "registry", "r", 0))))
        .as("the registry crate is verified")
        .isEqualTo(new ScanJobs.EnqueueResult(0, 0, 1));
    assertThat(jobs.enqueue(List.of(vendored)))
        .as("its vendored copy is not")
        .isEqualTo(new ScanJobs.EnqueueResult(1, 0, 0));
    ScanJob j =
        jobs.claim("w", 1, new ScanJobs.Scope("v1", VerificationRecord.CRATES_IO, HOST)).getFirst();
    jobs.start(j, "w");
    jobs.complete(
        j,
        "w",
        results,
        new VerificationRecord(
            id,
            "v1",
            "looks-sketchy",
            List.of("vendored-files-modified"),
            Optional.empty(),
            "/srv/vendor/serde",
            "{}",
            Instant.parse("2026-11-22T00:00:00Z"),
            VerificationRecord.VENDOR,
            "b".repeat(64),
            ""));
    assertThat(results.count()).isEqualTo(2);
    assertThat(results.find(id, "v1").orElseThrow().category()).isEqualTo("gold-star");
    assertThat(jobs.enqueue(List.of(vendored)))
        .as("the same vendored copy again")
        .isEqualTo(new ScanJobs.EnqueueResult(0, 0, 1));
  }
}
