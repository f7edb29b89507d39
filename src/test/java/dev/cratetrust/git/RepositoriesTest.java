package dev.cratetrust.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.crates.BlobId;
import dev.cratetrust.crates.CommitId;
import dev.cratetrust.git.FetchOutcome.Reason;
import dev.cratetrust.git.Repositories.Available;
import dev.cratetrust.git.Repositories.CommitNotFound;
import dev.cratetrust.git.Repositories.InvalidUrl;
import dev.cratetrust.git.Repositories.NoRepository;
import dev.cratetrust.git.Repositories.RepositoryOutcome;
import dev.cratetrust.git.Repositories.Unreachable;
import dev.cratetrust.git.Repositories.UnsupportedVcs;
import dev.cratetrust.provenance.RepositorySnapshot;
import dev.cratetrust.provenance.RepositorySnapshot.EntryMode;
import dev.cratetrust.provenance.RepositorySnapshot.Reachability;
import dev.cratetrust.provenance.RepositorySnapshot.Tag;
import dev.cratetrust.provenance.RepositorySnapshot.TreeEntry;
import dev.cratetrust.testing.GitHttpServer;
import dev.cratetrust.testing.TestGitRepos;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoriesTest {
  private static final byte[] BINARY = {0, 1, 2, (byte) 0xff, '\n', '\r'};

  @TempDir Path tmp;
  private GitHttpServer server;
  private Path cacheRoot;
  private MutableClock clock;
  private CommitId v1;
  private CommitId v2;
  private CommitId tip;
  private CommitId sideOnly;
  private CommitId childCommit;

  /** A clock tests can move forward. */
  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-11-22T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("srv"));
    try (var child = TestGitRepos.pushBare(root, "child.git")) {
      childCommit = child.on("main").file("vendored.c", "int x;\n").commit("child");
    }
    try (var repo = TestGitRepos.pushBare(root, "crate.git")) {
      v1 =
          repo.on("main")
              .file("Cargo.toml", "[package]\nname = \"demo\"\nversion = \"0.1.0\"\n")
              .file("src/lib.rs", "pub fn old() {}\n")
              .commit("v1");
      v2 =
          repo.on("main")
              .file("Cargo.toml", "[package]\nname = \"demo\"\nversion = \"0.2.0\"\n")
              .file("src/lib.rs", "pub fn new() {}\n")
              .file("data.bin", BINARY)
              .executable("tools/run.sh", "#!/bin/sh\n")
              .symlink("README.md", "docs/README.md")
              .submodule("vendor/child", "../child.git", childCommit)
              .commit("v2");
      tip = repo.on("main").file("NEWS", "next\n").commit("after v2");
      sideOnly = repo.branch("side", v2, "main").on("side").file("x", "x").commit("side only");
      repo.lightweightTag("v0.1.0", v1);
      repo.annotatedTag("v0.2.0", v2);
    }
    server = new GitHttpServer(root);
    cacheRoot = tmp.resolve("cache");
    clock = new MutableClock();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private Repositories repositories(UrlRewrites rewrites) {
    UrlPolicy policy =
        new UrlPolicy(
            host -> {
              throw new java.net.UnknownHostException("no DNS in tests: " + host);
            });
    return new Repositories(
        new RepositoryCache(cacheRoot),
        rewrites,
        policy,
        new GitFetcher(GitFetcher.Limits.defaults(), FetchProgress.none(), clock),
        clock,
        Duration.ofHours(1));
  }

  private JGitRepositorySnapshot openTrusted(CommitId commit) throws Exception {
    RepositoryOutcome o =
        repositories(UrlRewrites.none()).open(server.url("crate.git"), true, commit);
    return ((Available) o).snapshot();
  }

  @Test
  void treeListsModesBelowAFolder() throws Exception {
    try (var s = openTrusted(v2)) {
      List<TreeEntry> all = s.tree(v2, "");
      assertThat(all)
          .extracting(TreeEntry::path, TreeEntry::mode)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(".gitmodules", EntryMode.FILE),
              org.assertj.core.groups.Tuple.tuple("Cargo.toml", EntryMode.FILE),
              org.assertj.core.groups.Tuple.tuple("README.md", EntryMode.SYMLINK),
              org.assertj.core.groups.Tuple.tuple("data.bin", EntryMode.FILE),
              org.assertj.core.groups.Tuple.tuple("src/lib.rs", EntryMode.FILE),
              org.assertj.core.groups.Tuple.tuple("tools/run.sh", EntryMode.EXECUTABLE),
              org.assertj.core.groups.Tuple.tuple("vendor/child", EntryMode.GITLINK));
      assertThat(all)
          .filteredOn(e -> e.path().equals("vendor/child"))
          .extracting(TreeEntry::objectId)
          .containsExactly(childCommit.hex());
      assertThat(s.tree(v2, "src/")).extracting(TreeEntry::path).containsExactly("lib.rs");
      assertThat(s.tree(v2, "no/such/folder")).isEmpty();
      assertThat(s.tree(v2, "Cargo.toml")).isEmpty();
    }
  }

  @Test
  void blobReadsBytesWithinTheLimit() throws Exception {
    try (var s = openTrusted(v2)) {
      BlobId id = BlobId.of(BINARY);
      assertThat(s.blob(id, 100)).hasValueSatisfying(b -> assertThat(b).isEqualTo(BINARY));
      assertThat(s.blob(id, BINARY.length - 1)).isEmpty();
      assertThat(s.blob(BlobId.of("absent".getBytes(StandardCharsets.UTF_8)), 100)).isEmpty();
      TreeEntry link =
          s.tree(v2, "").stream().filter(e -> e.path().equals("README.md")).findFirst().get();
      assertThat(new String(s.blob(link.blobId(), 100).get(), StandardCharsets.UTF_8))
          .isEqualTo("docs/README.md");
    }
  }

  @Test
  void containsBlobDeepensAShallowRepositoryOnce() throws Exception {
    try (var s = openTrusted(v2)) {
      BlobId oldLib = BlobId.of("pub fn old() {}\n".getBytes(StandardCharsets.UTF_8));
      BlobId newLib = BlobId.of("pub fn new() {}\n".getBytes(StandardCharsets.UTF_8));
      int before = server.requests().size();
      assertThat(s.searchHistoryForBlob(newLib)).isTrue();
      assertThat(server.requests()).hasSize(before);
      assertThat(s.searchHistoryForBlob(oldLib)).isTrue();
      int afterDeepen = server.requests().size();
      assertThat(afterDeepen).isGreaterThan(before);
      assertThat(
              s.searchHistoryForBlob(BlobId.of("never committed".getBytes(StandardCharsets.UTF_8))))
          .isFalse();
      assertThat(server.requests()).hasSize(afterDeepen);
    }
  }

  @Test
  void tagsArePeeledForBothKinds() throws Exception {
    try (var s = openTrusted(v2)) {
      assertThat(s.tags()).containsExactly(new Tag("v0.1.0", v1), new Tag("v0.2.0", v2));
    }
  }

  @Test
  void reachabilityFromTheDefaultBranch() throws Exception {
    try (var s = openTrusted(sideOnly)) {
      assertThat(s.reachableFromDefaultBranch(sideOnly)).isEqualTo(Reachability.NOT_REACHABLE);
      assertThat(s.reachableFromDefaultBranch(v1)).isEqualTo(Reachability.REACHABLE);
      assertThat(s.reachableFromDefaultBranch(tip)).isEqualTo(Reachability.REACHABLE);
      assertThat(
              s.reachableFromDefaultBranch(
                  new CommitId("1234567890abcdef1234567890abcdef12345678")))
          .isEqualTo(Reachability.NOT_REACHABLE);
    }
  }

  @Test
  void ancestorsOfTheShallowCommitAreFoundOnTheDefaultBranch() throws Exception {
    try (var s = openTrusted(v2)) {
      assertThat(s.reachableFromDefaultBranch(v1)).isEqualTo(Reachability.REACHABLE);
      assertThat(s.reachableFromDefaultBranch(v2)).isEqualTo(Reachability.REACHABLE);
      assertThat(s.reachableFromDefaultBranch(sideOnly)).isEqualTo(Reachability.NOT_REACHABLE);
      assertThat(s.tree(v1, "src")).extracting(TreeEntry::path).containsExactly("lib.rs");
    }
  }

  @Test
  void emptyRepositoryHasUnknownReachabilityAndNoTags() throws Exception {
    TestGitRepos.pushBare(server.root(), "empty.git").close();
    var repos = repositories(UrlRewrites.none());
    try (var s = ((Available) repos.open(server.url("empty.git"), true)).snapshot()) {
      assertThat(s.tags()).isEmpty();
      assertThat(s.defaultBranchTip()).isEmpty();
      assertThat(s.reachableFromDefaultBranch(v1)).isEqualTo(Reachability.UNKNOWN);
    }
  }

  @Test
  void hostilePathsFindNothing() throws Exception {
    try (var s = openTrusted(v2)) {
      for (String path : List.of("../src", "src/../..", "/../../etc/passwd", "src/./lib.rs")) {
        assertThat(s.tree(v2, path)).as(path).isEmpty();
        assertThat(s.fileAt(v2, path)).as(path).isEmpty();
      }
      assertThat(s.fileAt(v2, "/src/lib.rs")).isPresent();
    }
  }

  @Test
  void corruptRemoteListIsListedAgain() throws Exception {
    try (var s = openTrusted(v2)) {
      s.tags();
    }
    Path file =
        new RepositoryCache(cacheRoot).dirFor(server.url("crate.git")).resolve(RemoteInfo.FILE);
    Files.writeString(file, "listed not-a-number\ntag zz v1\n");
    try (var s = openTrusted(v2)) {
      assertThat(s.tags()).hasSize(2);
    }
    assertThat(Files.readString(file)).startsWith("format 2\nlisted ");
  }

  @Test
  void trustedLocalPathsAndFileUrlsWork() throws Exception {
    var repos = repositories(UrlRewrites.none());
    Path bare = server.root().resolve("crate.git");
    for (String url : List.of(bare.toString(), bare.toUri().toString())) {
      try (var s = ((Available) repos.open(url, true, v1)).snapshot()) {
        assertThat(s.tree(v1, "")).extracting(TreeEntry::path).contains("Cargo.toml");
      }
    }
    var missing = (Unreachable) repos.open(tmp.resolve("no-such-repo").toString(), true, v1);
    assertThat(missing.reason()).isEqualTo(Reason.LOCAL_REPOSITORY_MISSING);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void localWorkingCloneIsReadInPlaceAndAnUnreferencedCommitIsNotInIt() throws Exception {
    Path clone = tmp.resolve("clone");
    git(
        tmp,
        "clone",
        "-q",
        server.root().resolve("crate.git").toUri().toString(),
        clone.toString());
    String dangling =
        git(
            clone,
            "-c",
            "user.name=x",
            "-c",
            "user.email=x@x",
            "commit-tree",
            "-m",
            "fork",
            v1.hex() + "^{tree}");
    var repos = repositories(UrlRewrites.none());
    try (var s = ((Available) repos.open(clone.toString(), true, sideOnly)).snapshot()) {
      assertThat(s.containment(sideOnly).kind())
          .as("remote-tracking branches of a working clone count as branches")
          .isEqualTo(RepositorySnapshot.Containment.Kind.ON_BRANCH_OR_TAG);
      assertThat(s.tags()).hasSize(2);
    }
    assertThat(repos.open(clone.toString(), true, new CommitId(dangling)))
        .isEqualTo(new CommitNotFound(clone.toString(), new CommitId(dangling)));
    assertThat(cacheRoot).as("nothing fetched into the cache").doesNotExist();
    assertThat(server.requests()).isEmpty();
  }

  private static String git(Path dir, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  @Test
  void submoduleWithRelativeUrlIsResolvedAgainstTheParent() throws Exception {
    try (var s = openTrusted(v2)) {
      Optional<RepositorySnapshot> child = s.submodule("../child.git", childCommit);
      assertThat(child).isPresent();
      assertThat(child.get().url()).isEqualTo(server.url("child.git"));
      assertThat(child.get().tree(childCommit, ""))
          .extracting(TreeEntry::path)
          .containsExactly("vendored.c");
      ((JGitRepositorySnapshot) child.get()).close();
      assertThat(s.submodule("../child.git", v1)).isEmpty();
      assertThat(s.submodule("../../../../etc.git", childCommit)).isEmpty();
    }
  }

  @Test
  void absoluteSubmoduleUrlIsUntrustedAndChecked() throws Exception {
    try (var s = openTrusted(v2)) {
      assertThat(s.submodule(server.url("child.git"), childCommit)).isEmpty();
      for (String hostile :
          List.of(
              "file:///etc",
              "ext::sh -c touch% /tmp/pwned",
              "-oProxyCommand=touch /tmp/pwned",
              "ssh://-oProxyCommand=x/a",
              "git@127.0.0.1:a/b",
              "https://169.254.169.254/latest",
              "")) {
        assertThat(s.submodule(hostile, childCommit)).as(hostile).isEmpty();
      }
    }
    String rule = server.baseUrl() + "/=" + server.baseUrl() + "/";
    var withRule = repositories(UrlRewrites.parse(List.of(rule)));
    try (var s = ((Available) withRule.open(server.url("crate.git"), true, v2)).snapshot()) {
      assertThat(s.submodule(server.url("child.git"), childCommit)).isPresent();
    }
  }

  @Test
  void relativeUrlResolutionFollowsGit() {
    assertThat(TargetResolver.resolveRelative("https://h.example/o/repo", "../other.git"))
        .contains("https://h.example/o/other.git");
    assertThat(TargetResolver.resolveRelative("https://h.example/o/repo/", "./sub"))
        .contains("https://h.example/o/repo/sub");
    assertThat(TargetResolver.resolveRelative("https://h.example/o/repo", "../../x/y.git"))
        .contains("https://h.example/x/y.git");
    assertThat(TargetResolver.resolveRelative("https://h.example/o/repo", "../../../x.git"))
        .isEmpty();
    assertThat(TargetResolver.resolveRelative("/srv/git/repo.git", "../child.git"))
        .contains("/srv/git/child.git");
  }

  @Test
  void secondOpenUsesTheCacheWithoutNetwork() throws Exception {
    try (var s = openTrusted(v2)) {
      s.tags();
      s.reachableFromDefaultBranch(v2);
    }
    int before = server.requests().size();
    try (var s = openTrusted(v2)) {
      assertThat(s.tags()).hasSize(2);
      assertThat(s.reachableFromDefaultBranch(v2)).isEqualTo(Reachability.REACHABLE);
      assertThat(s.tree(v2, "src")).hasSize(1);
    }
    assertThat(server.requests()).hasSize(before);
    clock.now = clock.now.plus(Duration.ofHours(2));
    try (var s = openTrusted(v2)) {
      assertThat(s.tags()).hasSize(2);
    }
    assertThat(server.requests()).hasSizeGreaterThan(before);
  }

  @Test
  void rewriteToALocalBarePathIsTrustedAndUsesNoServer() throws Exception {
    UrlRewrites rewrites =
        UrlRewrites.parse(List.of("https://github.com/demo/=" + server.root() + "/"));
    var repos = repositories(rewrites);
    RepositoryOutcome o = repos.open("https://github.com/demo/crate.git", false, v2);
    try (var s = ((Available) o).snapshot()) {
      assertThat(s.trusted()).isTrue();
      assertThat(s.url()).isEqualTo(server.root() + "/crate");
      assertThat(s.tree(v2, "src")).hasSize(1);
      assertThat(s.tags()).hasSize(2);
    }
    RepositoryOutcome viaWebView =
        repos.open("https://github.com/demo/crate/tree/main/src", false, v1);
    assertThat(viaWebView).isInstanceOf(Available.class);
    ((Available) viaWebView).snapshot().close();
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void untrustedUrlsAreCheckedBeforeAnyIo() throws Exception {
    var repos = repositories(UrlRewrites.none());
    var loopback = (InvalidUrl) repos.open(server.url("crate.git"), false, v2);
    assertThat(loopback.url()).isEqualTo(server.url("crate.git").replace("http:", "https:"));
    assertThat(loopback.why()).contains("not allowed");
    var local = (InvalidUrl) repos.open(server.root().resolve("crate.git").toString(), false, v2);
    assertThat(local.why()).contains("not an absolute URL");
    var unresolvable = (Unreachable) repos.open("https://github.com/a/b", false, v2);
    assertThat(unresolvable.reason()).isEqualTo(Reason.NETWORK);
    assertThat(unresolvable.detail())
        .contains("https://github.com/a/b")
        .contains("could not be resolved");
    assertThat(repos.open("  ", false, v2)).isEqualTo(new NoRepository());
    assertThat(repos.open(null, false, v2)).isEqualTo(new NoRepository());
    assertThat(repos.open("https://sr.ht/~icefox/oorandom/", false, v2))
        .isInstanceOf(UnsupportedVcs.class);
    assertThat(server.requests()).isEmpty();
    assertThat(cacheRoot).doesNotExist();
  }

  @Test
  void hostThatRebindsToLoopbackAfterTheFirstCheckIsNeverFetched() throws Exception {
    var answers = new java.util.ArrayDeque<>(List.of("93.184.215.14", "127.0.0.1"));
    UrlPolicy rebinding =
        new UrlPolicy(
            host ->
                List.of(InetAddress.getByName(answers.isEmpty() ? "127.0.0.1" : answers.poll())));
    var repos =
        new Repositories(
            new RepositoryCache(cacheRoot),
            UrlRewrites.none(),
            rebinding,
            new GitFetcher(GitFetcher.Limits.defaults(), FetchProgress.none(), clock),
            clock,
            Duration.ofHours(1));
    var outcome = (Unreachable) repos.open("https://rebind.example.org/o/r", false, v1);
    assertThat(outcome.reason()).isEqualTo(Reason.NETWORK);
    assertThat(outcome.detail())
        .contains("https://rebind.example.org/o/r")
        .contains("resolves to 127.0.0.1, loopback");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void failuresBecomeOutcomes() throws Exception {
    var repos = repositories(UrlRewrites.none());
    var missingCommit = new CommitId("1234567890abcdef1234567890abcdef12345678");
    assertThat(repos.open(server.url("crate.git"), true, missingCommit))
        .isEqualTo(new CommitNotFound(server.url("crate.git"), missingCommit));
    var notFound = (Unreachable) repos.open(server.url("gone.git"), true, v1);
    assertThat(notFound.reason()).isEqualTo(Reason.REPOSITORY_NOT_FOUND);
    assertThat(notFound.url()).isEqualTo(server.url("gone.git"));
    server.fault("child.git", new GitHttpServer.Status(401));
    var auth = (Unreachable) repos.open(server.url("child.git"), true, childCommit);
    assertThat(auth.reason()).isEqualTo(Reason.AUTH_REQUIRED);
    assertThat(auth.detail()).contains(server.url("child.git"));
  }

  @Test
  void lazyFetchFailureIsUnavailableNotAVerdict() throws Exception {
    try (var s = openTrusted(v2)) {
      server.fault("crate.git", new GitHttpServer.Status(500));
      assertThat(s.tags()).as("kept from the listing").hasSize(2);
      assertThat(s.reachableFromDefaultBranch(v2))
          .as("answered from the commit history fetched at open")
          .isEqualTo(Reachability.REACHABLE);
      BlobId oldLib = BlobId.of("pub fn old() {}\n".getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> s.searchHistoryForBlob(oldLib))
          .isInstanceOf(GitFetchUnavailableException.class)
          .hasMessageContaining(server.url("crate.git"));
    }
  }

  @Test
  void openWithoutCommitFetchesDefaultBranchAndTagsForTagSearch() throws Exception {
    var repos = repositories(UrlRewrites.none());
    try (var s = ((Available) repos.open(server.url("crate.git"), true)).snapshot()) {
      assertThat(s.defaultBranchTip()).contains(tip);
      int before = server.requests().size();
      for (Tag t : s.tags()) {
        String manifest =
            new String(s.fileAt(t.commit(), "Cargo.toml").orElseThrow(), StandardCharsets.UTF_8);
        assertThat(manifest).contains("version = \"" + t.name().substring(1) + "\"");
      }
      assertThat(s.fileAt(tip, "no-such-file")).isEmpty();
      assertThat(s.fileAt(tip, "src")).isEmpty();
      assertThat(s.fileAt(tip, "vendor/child")).isEmpty();
      assertThat(server.requests()).hasSize(before);
    }
  }

  @Test
  void cacheIsContentAddressedAndHasNoTemporaryLeftovers() throws Exception {
    try (var s = openTrusted(v2)) {
      s.tags();
    }
    var cache = new RepositoryCache(cacheRoot);
    assertThat(cache.dirFor(server.url("crate.git"))).isDirectory();
    try (Stream<Path> files = Files.list(cacheRoot)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .allMatch(n -> n.matches("[0-9a-f]{64}\\.git(\\.lock)?"));
    }
    assertThat(InetAddress.getLoopbackAddress().isLoopbackAddress()).isTrue();
  }
}
