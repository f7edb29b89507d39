package dev.cratetrust.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.git.FetchProgress;
import dev.cratetrust.git.Repositories;
import dev.cratetrust.git.RepositoryCache;
import dev.cratetrust.git.UrlRewrites;
import dev.cratetrust.provenance.Category;
import dev.cratetrust.provenance.ProvenanceChecker;
import dev.cratetrust.provenance.ProvenanceReport;
import dev.cratetrust.testing.GitHttpServer;
import dev.cratetrust.testing.TestCrateCommands;
import dev.cratetrust.testing.TestCrateScenario;
import dev.cratetrust.testing.TestCrates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Commits that a host serves by id although the project never merged them: one that exists only in
 * a fork (its objects sit in the served repository, on no ref, as in GitHub's shared fork storage)
 * and one only under {@code refs/pull/1/head}; each served by a host configured like GitHub (any
 * object served by id, filters allowed) and by one with git's defaults.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommitOutsideBranchesTest {
  private static final String GITHUB_LIKE = "github-like";
  private static final String PLAIN = "plain";

  private final Map<String, GitHttpServer> servers = new HashMap<>();
  private TestCrateCommands commands;
  private final Map<String, Path> caches = new HashMap<>();
  private TestCrates.Fixture forkOnly;
  private TestCrates.Fixture pullRequestOnly;
  private TestCrates.Fixture matching;

  @BeforeAll
  void build(@TempDir Path tmp) throws Exception {
    commands = new TestCrateCommands(tmp.resolve("git-home"));
    forkOnly = TestCrates.build(TestCrateScenario.COMMIT_NOT_PUSHED, tmp.resolve("fork"));
    git(
        forkOnly.workRepo(),
        "push",
        "-q",
        forkOnly.bareRepo().toString(),
        forkOnly.commit().hex() + ":refs/heads/fork");
    git(forkOnly.bareRepo(), "update-ref", "-d", "refs/heads/fork");
    pullRequestOnly = TestCrates.build(TestCrateScenario.COMMIT_NOT_PUSHED, tmp.resolve("pr"));
    git(
        pullRequestOnly.workRepo(),
        "push",
        "-q",
        pullRequestOnly.bareRepo().toString(),
        pullRequestOnly.commit().hex() + ":refs/pull/1/head");
    matching = TestCrates.build(TestCrateScenario.MATCHING, tmp.resolve("matching"));
    for (String kind : List.of(GITHUB_LIKE, PLAIN)) {
      Path root = Files.createDirectories(tmp.resolve("srv-" + kind));
      for (TestCrates.Fixture f : List.of(forkOnly, pullRequestOnly, matching)) {
        Path copy =
            root.resolve(
                f.bareRepo().getFileName().toString().replace(".git", "")
                    + "-"
                    + dirOf(f)
                    + ".git");
        copyTree(f.bareRepo(), copy);
        if (kind.equals(GITHUB_LIKE)) {
          git(copy, "config", "uploadpack.allowAnySHA1InWant", "true");
          git(copy, "config", "uploadpack.allowFilter", "true");
        }
      }
      servers.put(kind, new GitHttpServer(root));
      caches.put(kind, tmp.resolve("cache-" + kind));
    }
  }

  private String dirOf(TestCrates.Fixture f) {
    return f == forkOnly ? "fork" : f == pullRequestOnly ? "pr" : "matching";
  }

  @AfterAll
  void stop() {
    servers.values().forEach(GitHttpServer::close);
  }

  private ProvenanceReport verify(String kind, TestCrates.Fixture f) throws Exception {
    GitHttpServer server = servers.get(kind);
    String name = f.bareRepo().getFileName().toString().replace(".git", "");
    UrlRewrites rewrites =
        UrlRewrites.parse(
            List.of(TestCrates.placeholderUrl(name) + "=" + server.url(name + "-" + dirOf(f))));
    Repositories repositories =
        Repositories.withDefaults(
            new RepositoryCache(caches.get(kind)), rewrites, FetchProgress.none());
    CrateVerifier verifier =
        new CrateVerifier(
            Optional.empty(), repositories, new ProvenanceChecker(), Clock.systemUTC(), false);
    return verifier.verifyArchive(f.crateFile(), Optional.empty()).report();
  }

  @ParameterizedTest
  @ValueSource(strings = {GITHUB_LIKE, PLAIN})
  void commitOnlyInAForkIsNotInTheRepository(String kind) throws Exception {
    assertThat(
            git(
                servers.get(kind).root().resolve("commit-not-pushed-fork.git"),
                "cat-file",
                "-t",
                forkOnly.commit().hex()))
        .as("the fork's commit is in the served object store")
        .isEqualTo("commit");
    ProvenanceReport r = verify(kind, forkOnly);
    assertThat(r.reasonCodes()).as(r.reasons().toString()).startsWith("commit-not-in-repository");
    assertThat(r.category()).isEqualTo(Category.LOOKS_SKETCHY);
  }

  @ParameterizedTest
  @ValueSource(strings = {GITHUB_LIKE, PLAIN})
  void commitOnlyOnAPullRequestIsNamedAndNeverGold(String kind) throws Exception {
    ProvenanceReport r = verify(kind, pullRequestOnly);
    assertThat(r.reasonCodes())
        .as(r.reasons().toString())
        .contains("commit-only-on-pull-request")
        .doesNotContain("commit-not-in-repository", "files-differ");
    assertThat(r.reasons())
        .filteredOn(f -> f.reason().code().equals("commit-only-on-pull-request"))
        .singleElement()
        .satisfies(f -> assertThat(f.evidence()).containsExactly("refs/pull/1/head"));
    assertThat(r.category()).isEqualTo(Category.NEEDS_IMPROVEMENT);
  }

  @ParameterizedTest
  @ValueSource(strings = {GITHUB_LIKE, PLAIN})
  void branchAndTagHistoryIsFetchedWithoutFilesWhenTheServerFilters(String kind) throws Exception {
    ProvenanceReport r = verify(kind, matching);
    assertThat(r.category()).as(r.reasons().toString()).isEqualTo(Category.GOLD_STAR);
    Path history = cacheDir(kind, "#history");
    Path content = cacheDir(kind, "");
    List<String> historyTypes = objectTypes(history);
    if (kind.equals(GITHUB_LIKE)) {
      assertThat(historyTypes)
          .as("commit history only")
          .isNotEmpty()
          .allMatch(t -> t.equals("commit") || t.equals("tag"));
      assertThat(history.resolve("cratetrust-unfiltered")).doesNotExist();
    } else {
      assertThat(history.resolve("cratetrust-unfiltered"))
          .as("the fallback to an unfiltered fetch is recorded")
          .exists();
    }
    assertThat(Files.readString(content.resolve("shallow")).strip())
        .as("the crate's commit alone, at depth 1")
        .isEqualTo(matching.commit().hex());
  }

  private Path cacheDir(String kind, String suffix) throws IOException {
    try (Stream<Path> dirs = Files.list(caches.get(kind))) {
      for (Path d : dirs.filter(Files::isDirectory).toList()) {
        String url = Files.readString(d.resolve("cratetrust-url")).strip();
        if (url.contains("commit-matching") || url.contains("matching-matching")) {
          if (suffix.isEmpty() ? !url.endsWith("#history") : url.endsWith(suffix)) {
            return d;
          }
        }
      }
    }
    throw new AssertionError("no cache for " + kind + suffix);
  }

  private List<String> objectTypes(Path repo) {
    String out = git(repo, "cat-file", "--batch-all-objects", "--batch-check=%(objecttype)");
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private String git(Path dir, String... args) {
    return commands.git(dir, args);
  }
}
