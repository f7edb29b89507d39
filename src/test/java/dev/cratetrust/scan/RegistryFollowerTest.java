package dev.cratetrust.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.registry.GitIndex;
import dev.cratetrust.registry.RegistryConfigException;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.JobState;
import dev.cratetrust.store.RegistryFollow;
import dev.cratetrust.store.ScanJob;
import dev.cratetrust.store.ScanJobs;
import dev.cratetrust.store.ScanJobs.NewJob;
import dev.cratetrust.store.StoreException;
import dev.cratetrust.store.TrustYankedRepository;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.testing.TestCrateCommands;
import dev.cratetrust.testing.TestGitIndex;
import dev.cratetrust.testing.TestStores;
import dev.cratetrust.trust.YankedFact;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code follow} over a real git index the test builds: what is queued, recorded and reported. */
class RegistryFollowerTest {
  private static final String VERSION = "test-verifier";
  @TempDir Path tmp;
  private TestStores stores;
  private final List<String> notices = new ArrayList<>();

  @BeforeEach
  void openStores() {
    stores = new TestStores(tmp);
  }

  @AfterEach
  void closeAll() throws Exception {
    stores.closeAll();
  }

  private TestGitIndex index() throws Exception {
    return TestGitIndex.create(tmp.resolve("index"), new TestCrateCommands(tmp.resolve("home")));
  }

  private RegistryFollower.Outcome follow(Database db, TestGitIndex index, int step)
      throws Exception {
    try (GitIndex git = GitIndex.open(index.spec())) {
      return new RegistryFollower(
              git,
              new RegistryFollow(db),
              VERSION,
              VerificationRecord.CRATES_IO,
              step,
              Clock.systemUTC(),
              notices::add)
          .once();
    }
  }

  private static List<ScanJob> queued(Database db) throws StoreException {
    return new ScanJobs(db, ScanJobs.Policy.defaults()).list(JobState.QUEUED, 100_000);
  }

  private static Set<PackageId> ids(List<ScanJob> jobs) {
    Set<PackageId> out = new HashSet<>();
    for (ScanJob j : jobs) {
      assertThat(out.add(j.target())).as("one row per version: %s", j.target()).isTrue();
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void firstRunQueuesEveryVersionThenOnlyWhatIsNew(String kind) throws Exception {
    Database db = stores.open(kind);
    TestGitIndex index = index();
    index.publish("serde", "1.0.0").publish("syn", "2.0.0").commit("two crates");
    String second = index.publish("serde", "1.0.1").publish("a", "0.1.0", true).commit("more");

    RegistryFollower.Outcome first = follow(db, index, 5000);
    assertThat(first.added()).isEqualTo(4);
    assertThat(first.cursor().orElseThrow().hex()).isEqualTo(second);
    assertThat(ids(queued(db))).isEqualTo(index.versionsAt(second));
    assertThat(new TrustYankedRepository(db).latest(PackageId.of("a", "0.1.0")).state())
        .isEqualTo(YankedFact.State.YANKED);

    index.publish("syn", "2.0.1").yank("serde", "1.0.0", true).commit("publish and yank");
    String fourth = index.publish("abcd", "1.0.0").commit("new crate");
    RegistryFollower.Outcome next = follow(db, index, 5000);
    assertThat(next.commits()).isEqualTo(2);
    assertThat(next.added()).isEqualTo(2);
    assertThat(next.yanks()).isEqualTo(1);
    assertThat(ids(queued(db))).isEqualTo(index.versionsAt(fourth));
    assertThat(new TrustYankedRepository(db).latest(PackageId.of("serde", "1.0.0")).state())
        .isEqualTo(YankedFact.State.YANKED);

    RegistryFollower.Outcome idle = follow(db, index, 5000);
    assertThat(idle.commits()).isZero();
    assertThat(idle.added()).isZero();
    assertThat(queued(db)).hasSize(6);
    assertThat(notices).isEmpty();
  }

  @Test
  void newVersionsRunNewestFirstAndAheadOfBackgroundScans() throws Exception {
    Database db = stores.open("mem");
    ScanJobs jobs = new ScanJobs(db, ScanJobs.Policy.defaults());
    jobs.enqueue(
        List.of(new NewJob(PackageId.of("background", "1.0.0"), VERSION, "registry", "", 0)));
    TestGitIndex index = index();
    index.publish("old", "1.0.0").commit("first");
    follow(db, index, 5000);
    index.publish("older", "1.0.0").commit("second");
    index.publish("newest", "1.0.0").commit("third");
    follow(db, index, 1);

    List<String> order = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      order.add(jobs.claim("w", 1).getFirst().target().name().value());
    }
    assertThat(order).containsExactly("newest", "older", "old", "background");
  }

  @Test
  void aBackgroundJobOfTheSameVersionIsMovedAheadNotQueuedTwice() throws Exception {
    Database db = stores.open("mem");
    ScanJobs jobs = new ScanJobs(db, ScanJobs.Policy.defaults());
    jobs.enqueue(List.of(new NewJob(PackageId.of("serde", "1.0.0"), VERSION, "registry", "", 7)));
    TestGitIndex index = index();
    index.publish("serde", "1.0.0").commit("first");
    RegistryFollower.Outcome o = follow(db, index, 5000);
    assertThat(o.added()).isZero();
    assertThat(o.alreadyQueued()).isEqualTo(1);
    List<ScanJob> q = queued(db);
    assertThat(q).hasSize(1);
    assertThat(q.getFirst().priority()).isNegative();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void malformedAndTruncatedLinesAreNamedAndTheRestIsQueued(String kind) throws Exception {
    Database db = stores.open(kind);
    TestGitIndex index = index();
    index.publish("serde", "1.0.0");
    index.appendRaw(TestGitIndex.path("serde"), "{\"name\":\"serde\", this is not json\n");
    index.publish("serde", "1.0.1");
    index.publish("syn", "2.0.0");
    String cut = TestGitIndex.line("syn", "2.0.1", false).substring(0, 30);
    index.appendRaw(TestGitIndex.path("syn"), cut);
    index.appendRaw(TestGitIndex.path("tokio"), TestGitIndex.line("serde", "9.9.9", false) + "\n");
    String head = index.commit("bad lines");

    RegistryFollower.Outcome o = follow(db, index, 5000);
    assertThat(o.malformed()).isEqualTo(3);
    assertThat(o.added()).isEqualTo(3);
    assertThat(ids(queued(db))).isEqualTo(index.versionsAt(head));
    assertThat(notices)
        .anySatisfy(n -> assertThat(n).contains("index file se/rd/serde line 2", "not valid JSON"))
        .anySatisfy(n -> assertThat(n).contains("index file 3/s/syn line 2", "not valid JSON"))
        .anySatisfy(
            n ->
                assertThat(n)
                    .contains(
                        "index file to/ki/tokio line 1",
                        "names crate 'serde'",
                        head.substring(0, 12)));

    // The registry completes the truncated line: the version is queued then.
    String fixed = index.replaceRaw(TestGitIndex.path("syn"), cut, "syn", "2.0.1").commit("fix");
    RegistryFollower.Outcome after = follow(db, index, 5000);
    assertThat(after.added()).isEqualTo(1);
    assertThat(ids(queued(db))).isEqualTo(index.versionsAt(fixed));
  }

  @Test
  void aDeletedCrateIsReportedAndItsQueuedJobsAreKept() throws Exception {
    Database db = stores.open("mem");
    TestGitIndex index = index();
    index.publish("gone", "1.0.0").publish("gone", "1.1.0").publish("kept", "1.0.0").commit("a");
    follow(db, index, 5000);
    index.delete("gone").commit("delete crate");
    RegistryFollower.Outcome o = follow(db, index, 5000);
    assertThat(o.removed()).isEqualTo(2);
    assertThat(notices)
        .anySatisfy(n -> assertThat(n).contains("gone@1.0.0 was removed", "index file go/ne/gone"))
        .anySatisfy(n -> assertThat(n).contains("gone@1.1.0 was removed"));
    assertThat(queued(db)).hasSize(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mem", "postgresql"})
  void aBurstOfTenThousandVersionsIsQueuedCompletely(String kind) throws Exception {
    Database db = stores.open(kind);
    TestGitIndex index = index();
    index.publish("seed", "1.0.0").commit("seed");
    follow(db, index, 5000);
    for (int c = 0; c < 500; c++) {
      for (int v = 0; v < 20; v++) {
        index.publish("burst-" + c, "1.0." + v);
      }
    }
    String head = index.commit("burst");
    RegistryFollower.Outcome o = follow(db, index, 5000);
    assertThat(o.added()).isEqualTo(10_000);
    assertThat(ids(queued(db))).hasSize(10_001).isEqualTo(index.versionsAt(head));
  }

  @Test
  void rewrittenHistoryIsReportedAndNothingIsQueuedTwice() throws Exception {
    Database db = stores.open("mem");
    TestGitIndex index = index();
    index.publish("serde", "1.0.0").commit("a");
    follow(db, index, 5000);
    TestCrateCommands git = new TestCrateCommands(tmp.resolve("home"));
    git.git(index.dir(), "checkout", "-q", "--orphan", "squashed");
    git.git(index.dir(), "commit", "-q", "-m", "squash");
    git.git(index.dir(), "branch", "-q", "-D", "master");
    git.git(index.dir(), "branch", "-q", "-m", "master");
    git.git(index.dir(), "reflog", "expire", "--expire=now", "--all");
    git.git(index.dir(), "gc", "-q", "--prune=now");
    String head = index.publish("syn", "2.0.0").commit("after squash");
    RegistryFollower.Outcome o = follow(db, index, 5000);
    assertThat(o.rewritten()).isTrue();
    assertThat(o.added()).isEqualTo(1);
    assertThat(o.alreadyQueued()).isEqualTo(1);
    assertThat(notices).anySatisfy(n -> assertThat(n).contains("history rewritten"));
    assertThat(ids(queued(db))).isEqualTo(index.versionsAt(head));
  }

  @Test
  void aStepFromAStaleCursorStoresNothing() throws Exception {
    Database db = stores.open("mem");
    RegistryFollow follow = new RegistryFollow(db);
    String a = "a".repeat(40);
    try (RegistryFollow.Step first = follow.begin("idx", Optional.empty())) {
      first.enqueue(new NewJob(PackageId.of("one", "1.0.0"), VERSION, "registry", "", -5));
      first.commit(a, java.time.Instant.now());
    }
    try (RegistryFollow.Step stale = follow.begin("idx", Optional.of("b".repeat(40)))) {
      stale.enqueue(new NewJob(PackageId.of("two", "1.0.0"), VERSION, "registry", "", -5));
      assertThatThrownBy(() -> stale.commit("c".repeat(40), java.time.Instant.now()))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("another follower moved it");
    }
    assertThat(follow.cursor("idx")).contains(a);
    assertThat(queued(db)).extracting(j -> j.target().name().value()).containsExactly("one");
  }

  @Test
  void anIndexThatIsNotALocalGitRepositoryIsRefusedByName() throws Exception {
    assertThatThrownBy(() -> GitIndex.open("sparse+https://index.crates.io/"))
        .isInstanceOf(RegistryConfigException.class)
        .hasMessageContaining("sparse+https://index.crates.io/")
        .hasMessageContaining("registry+file:///");
    Path empty = java.nio.file.Files.createDirectory(tmp.resolve("empty"));
    assertThatThrownBy(() -> GitIndex.open("registry+" + empty.toUri()))
        .isInstanceOf(RegistryConfigException.class)
        .hasMessageContaining("is not a git repository");
  }
}
