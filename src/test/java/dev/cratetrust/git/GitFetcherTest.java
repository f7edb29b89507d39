package dev.cratetrust.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.git.FetchOutcome.Failed;
import dev.cratetrust.git.FetchOutcome.Fetched;
import dev.cratetrust.git.FetchOutcome.Reason;
import dev.cratetrust.testing.GitHttpServer;
import dev.cratetrust.testing.TestGitRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitFetcherTest {
  @TempDir Path tmp;
  private GitHttpServer server;
  private RepositoryCache cache;
  private CommitId first;
  private CommitId second;
  private CommitId tip;
  private CommitId side;
  private final List<FetchProgress.Event> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("srv"));
    try (var repo = TestGitRepos.pushBare(root, "crate.git")) {
      first = repo.on("main").file("Cargo.toml", "[package]\nname = \"x\"\n").commit("first");
      second = repo.on("main").file("src/lib.rs", "pub fn f() {}\n").commit("second");
      tip = repo.on("main").file("src/lib.rs", "pub fn g() {}\n").commit("third");
      side = repo.branch("side", second, "main").on("side").file("side.txt", "s").commit("side");
    }
    server = new GitHttpServer(root);
    cache = new RepositoryCache(tmp.resolve("cache"));
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private GitFetcher fetcher(GitFetcher.Limits limits) {
    return new GitFetcher(limits, events::add, Clock.systemUTC());
  }

  private FetchOutcome fetchCommit(GitFetcher fetcher, String url, CommitId c) throws Exception {
    try (var lock = cache.lock(url);
        Repository repo = lock.openRepository()) {
      return fetcher.fetchCommit(repo, url, c);
    }
  }

  private Repository open(String url) throws Exception {
    return cache.open(url);
  }

  @Test
  void shallowFetchOfAnUnadvertisedCommitGetsOnlyThatCommit() throws Exception {
    String url = server.url("crate.git");
    assertThat(fetchCommit(fetcher(GitFetcher.Limits.defaults()), url, second))
        .isEqualTo(new Fetched());
    try (Repository repo = open(url)) {
      assertThat(GitFetcher.hasCommit(repo, ObjectId.fromString(second.hex()))).isTrue();
      assertThat(repo.getObjectDatabase().has(ObjectId.fromString(first.hex()))).isFalse();
      assertThat(repo.getObjectDatabase().getShallowCommits())
          .containsExactly(ObjectId.fromString(second.hex()));
      assertThat(repo.exactRef(GitFetcher.COMMIT_REFS + second.hex())).isNotNull();
      assertThat(repo.getRefDatabase().getRefsByPrefix("refs/tags/")).isEmpty();
    }
  }

  @Test
  void secondFetchOfThePresentCommitUsesNoNetwork() throws Exception {
    String url = server.url("crate.git");
    GitFetcher f = fetcher(GitFetcher.Limits.defaults());
    fetchCommit(f, url, tip);
    int before = server.requests().size();
    assertThat(fetchCommit(f, url, tip)).isEqualTo(new Fetched());
    assertThat(server.requests()).hasSize(before);
  }

  @Test
  void commitNotInRepositoryIsConfirmedByAFullFetch() throws Exception {
    String url = server.url("crate.git");
    CommitId missing = new CommitId("1234567890abcdef1234567890abcdef12345678");
    var outcome = (Failed) fetchCommit(fetcher(GitFetcher.Limits.defaults()), url, missing);
    assertThat(outcome.reason()).isEqualTo(Reason.COMMIT_NOT_FOUND);
    assertThat(outcome.detail()).contains(url).contains(missing.hex());
    try (Repository repo = open(url)) {
      assertThat(repo.exactRef(GitFetcher.HEAD_REFS + "main").getObjectId().name())
          .isEqualTo(tip.hex());
      assertThat(repo.exactRef(GitFetcher.HEAD_REFS + "side").getObjectId().name())
          .isEqualTo(side.hex());
    }
  }

  @Test
  void missingRepositoryIsNotFound() throws Exception {
    var outcome =
        (Failed) fetchCommit(fetcher(GitFetcher.Limits.defaults()), server.url("nope.git"), first);
    assertThat(outcome.reason()).isEqualTo(Reason.REPOSITORY_NOT_FOUND);
    assertThat(outcome.detail()).contains(server.url("nope.git")).contains("not found");
  }

  @Test
  void unauthorizedAndForbiddenAreAuthRequiredWithoutPrompting() throws Exception {
    for (int status : new int[] {401, 403}) {
      server.fault("crate.git", new GitHttpServer.Status(status));
      var outcome =
          (Failed)
              fetchCommit(fetcher(GitFetcher.Limits.defaults()), server.url("crate.git"), first);
      assertThat(outcome.reason()).as("HTTP %d", status).isEqualTo(Reason.AUTH_REQUIRED);
      assertThat(outcome.detail()).contains("authentication required");
    }
  }

  @Test
  void serverErrorRedirectAndRefusedConnectionAreDistinguished() throws Exception {
    GitFetcher f = fetcher(GitFetcher.Limits.defaults());
    server.fault("crate.git", new GitHttpServer.Status(500));
    assertThat(((Failed) fetchCommit(f, server.url("crate.git"), first)).reason())
        .isEqualTo(Reason.SERVER_ERROR);
    server.fault("crate.git", new GitHttpServer.RedirectTo("http://169.254.169.254"));
    var redirected = (Failed) fetchCommit(f, server.url("crate.git"), first);
    assertThat(redirected.reason()).isEqualTo(Reason.REDIRECTED);
    assertThat(server.requests()).allMatch(r -> !r.path().contains("169.254"));
    var refused = (Failed) fetchCommit(f, "http://127.0.0.1:1/crate.git", first);
    assertThat(refused.reason()).isEqualTo(Reason.NETWORK);
    assertThat(refused.detail()).contains("connection failed");
  }

  @Test
  void slowDripServerHitsTheWallClockLimit() throws Exception {
    server.fault("crate.git", new GitHttpServer.SlowDrip(Duration.ofMillis(300)));
    var limits = new GitFetcher.Limits(Duration.ofSeconds(2), Duration.ofSeconds(60), 1L << 30);
    long start = System.nanoTime();
    var outcome = (Failed) fetchCommit(fetcher(limits), server.url("crate.git"), first);
    long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
    assertThat(outcome.reason()).isEqualTo(Reason.TIMEOUT);
    assertThat(outcome.detail()).contains("not done after 2 s");
    assertThat(took).isLessThan(15_000);
  }

  @Test
  void sizeCapAbortsLargeTransfers() throws Exception {
    Path root = server.root();
    CommitId big;
    try (var repo = TestGitRepos.pushBare(root, "big.git")) {
      var commit = repo.on("main");
      Random random = new Random(42);
      for (int i = 0; i < 200; i++) {
        byte[] noise = new byte[8192];
        random.nextBytes(noise);
        commit.file("data/" + i + ".bin", noise);
      }
      big = commit.commit("noise");
    }
    var limits = new GitFetcher.Limits(Duration.ofSeconds(60), Duration.ofSeconds(60), 100_000);
    var outcome = (Failed) fetchCommit(fetcher(limits), server.url("big.git"), big);
    assertThat(outcome.reason()).isEqualTo(Reason.TOO_LARGE);
    assertThat(outcome.detail()).contains("more than 100000 bytes");
  }

  @Test
  void brokenCacheIsAStorageFailureNotAVerdict() throws Exception {
    String url = server.url("crate.git");
    Path packs = cache.dirFor(url).resolve("objects").resolve("pack");
    cache.open(url).close();
    RepositoryCache.deleteRecursively(packs);
    Files.writeString(packs, "a file where the pack folder should be");
    assertThatThrownBy(() -> fetchCommit(fetcher(GitFetcher.Limits.defaults()), url, first))
        .isInstanceOf(GitStorageException.class)
        .hasMessageContaining(url)
        .hasMessageContaining("local cache");
  }

  @Test
  void listingGivesDefaultBranchAndPeeledTags() throws Exception {
    try (var repo = TestGitRepos.pushBare(server.root(), "tagged.git")) {
      CommitId a = repo.on("main").file("a", "a").commit("a");
      CommitId b = repo.on("main").file("a", "b").commit("b");
      repo.lightweightTag("v0.1.0", a);
      String tagObject = repo.annotatedTag("v0.2.0", b);
      assertThat(tagObject).isNotEqualTo(b.hex());
      String url = server.url("tagged.git");
      try (Repository r = open(url)) {
        var listed = (GitFetcher.Listed) fetcher(GitFetcher.Limits.defaults()).list(r, url);
        assertThat(listed.info().defaultBranch()).contains("refs/heads/main");
        assertThat(listed.info().defaultTip()).contains(b);
        assertThat(listed.info().tags())
            .containsExactly(
                new dev.cratetrust.provenance.RepositorySnapshot.Tag("v0.1.0", a),
                new dev.cratetrust.provenance.RepositorySnapshot.Tag("v0.2.0", b));
      }
    }
  }

  @Test
  void progressIsReportedForSlowFetches() throws Exception {
    server.fault("crate.git", new GitHttpServer.SlowDrip(Duration.ofMillis(1)));
    assertThat(fetchCommit(fetcher(GitFetcher.Limits.defaults()), server.url("crate.git"), first))
        .isEqualTo(new Fetched());
    assertThat(events).isNotEmpty().allMatch(e -> e.url().equals(server.url("crate.git")));
  }
}
