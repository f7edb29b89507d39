package dev.cratetrust.maintainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.cli.Main;
import dev.cratetrust.testing.GitHttpServer;
import dev.cratetrust.testing.TestCrateCommands;
import dev.cratetrust.testing.TestCrateSpec;
import dev.cratetrust.testing.TestCrates;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code cratetrust prepublish} in work trees made by the fixtures (real git and cargo), whose
 * remote {@code origin} is the placeholder URL rewritten by the repository's own {@code
 * url.<base>.insteadOf} to a loopback smart-HTTP server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrepublishCommandTest {
  private Path tmp;
  private GitHttpServer server;
  private TestCrateCommands git;
  private ReleasedWorkTrees trees;

  record Run(int code, String out, String err) {
    JsonNode json() {
      return JsonMapper.builder().build().readTree(out);
    }

    List<String> codes() {
      List<String> c = new ArrayList<>();
      json().get("problems").forEach(p -> c.add(p.get("code").asString()));
      return c;
    }
  }

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    tmp = dir;
    server = new GitHttpServer(TestCrates.remoteRoot(tmp));
    trees = new ReleasedWorkTrees(tmp, server);
    git = trees.git();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private TestCrates.Fixture released(TestCrateSpec spec) {
    return trees.released(spec);
  }

  private TestCrates.Fixture released(String name) {
    return trees.released(name);
  }

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  /** What a check must leave as it was: status, refs, reflogs, stashes. */
  private String state(Path repo) {
    return String.join(
        "\n",
        git.git(repo, "status", "--porcelain=v1", "--ignored", "--untracked-files=all"),
        git.git(repo, "for-each-ref"),
        git.git(repo, "log", "-g", "--all", "--format=%H %gD %gs"),
        git.git(repo, "stash", "list"));
  }

  private Run checked(Path repoRoot, Path pkg, String... extra) {
    String before = state(repoRoot);
    List<String> a = new ArrayList<>(List.of("prepublish", pkg.toString()));
    a.addAll(List.of(extra));
    Run r = run(a.toArray(String[]::new));
    assertThat(state(repoRoot)).as("the repository is unchanged").isEqualTo(before);
    return r;
  }

  @Test
  void cleanTaggedPushedReleaseIsGoldStar() {
    TestCrates.Fixture f = released("pp-gold");
    Run r = checked(f.workRepo(), f.workRepo(), "--format", "json", "--full");

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.codes()).isEmpty();
    JsonNode j = r.json();
    assertThat(j.get("predicted").asString()).isEqualTo("gold-star");
    assertThat(j.get("release_tag").asString()).isEqualTo("v1.0.0");
    assertThat(j.get("remote").get("url").asString())
        .isEqualTo(TestCrates.placeholderUrl("pp-gold"));
    assertThat(j.get("remote").get("effective_url").asString())
        .isEqualTo(server.baseUrl() + "/pp-gold");
    assertThat(j.get("packaged").toString()).contains("src/lib.rs", "Cargo.toml.orig");
  }

  @Test
  void uncommittedChangeIsDirty() throws IOException {
    TestCrates.Fixture f = released("pp-dirty");
    Files.writeString(f.workRepo().resolve("src/lib.rs"), "pub fn changed() {}\n");
    Run r = checked(f.workRepo(), f.workRepo(), "--format", "json");

    assertThat(r.code()).isEqualTo(10);
    assertThat(r.codes()).containsExactly("dirty");
    assertThat(r.json().get("problems").get(0).get("path").asString()).isEqualTo("src/lib.rs");
    assertThat(r.json().get("problems").get(0).get("fix").asString()).contains("git stash");
  }

  @Test
  void unpushedCommitIsNotPushedAndUntagged() throws IOException {
    TestCrates.Fixture f = released("pp-unpushed");
    Files.writeString(f.workRepo().resolve("src/lib.rs"), "pub fn next() {}\n");
    git.git(f.workRepo(), "commit", "-qam", "next");
    Run r = checked(f.workRepo(), f.workRepo(), "--format", "json");

    assertThat(r.code()).isEqualTo(11);
    assertThat(r.codes()).containsExactlyInAnyOrder("not-pushed", "tag-missing");
    assertThat(r.out()).contains("git push origin main");
  }

  @Test
  void tagNotPushedIsNamedWithThePushCommand() throws IOException {
    TestCrates.Fixture f = released("pp-tag");
    Path toml = f.workRepo().resolve("Cargo.toml");
    Files.writeString(
        toml, Files.readString(toml).replace("version = \"1.0.0\"", "version = \"1.0.1\""));
    git.git(f.workRepo(), "commit", "-qam", "Release 1.0.1");
    git.git(f.workRepo(), "push", "-q", f.bareRepo().toString(), "main");
    git.git(f.workRepo(), "tag", "v1.0.1");
    Run r = checked(f.workRepo(), f.workRepo(), "--format", "json");

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(10);
    assertThat(r.codes()).containsExactly("tag-not-pushed");
    assertThat(r.json().get("problems").get(0).get("fix").asString())
        .isEqualTo("git push origin v1.0.1");
  }

  @Test
  void missingTagSuggestsTheProjectsStyle() throws IOException {
    TestCrates.Fixture f =
        released(
            TestCrateSpec.of("pp-style", "1.0.0")
                .withRepositoryUrl(TestCrates.placeholderUrl("pp-style"))
                .withTags(List.of(TestCrateSpec.Tag.lightweight("pp-style-1.0.0"))));
    Path toml = f.workRepo().resolve("Cargo.toml");
    Files.writeString(
        toml, Files.readString(toml).replace("version = \"1.0.0\"", "version = \"1.1.0\""));
    git.git(f.workRepo(), "commit", "-qam", "Release 1.1.0");
    git.git(f.workRepo(), "push", "-q", f.bareRepo().toString(), "main");
    Run r = checked(f.workRepo(), f.workRepo(), "--format", "json");

    assertThat(r.code()).isEqualTo(10);
    assertThat(r.codes()).containsExactly("tag-missing");
    assertThat(r.json().get("problems").get(0).get("fix").asString())
        .startsWith("git tag -a pp-style-1.1.0 ");
  }

  @Test
  void repositoryNamingAnotherRepositoryIsAMismatch() {
    TestCrates.Fixture f =
        released(
            TestCrateSpec.of("pp-wrong", "1.0.0")
                .withRepositoryUrl("https://example.invalid/someone/else"));
    Run r = checked(f.workRepo(), f.workRepo(), "--format", "json");

    assertThat(r.code()).isEqualTo(11);
    assertThat(r.codes()).containsExactly("repository-mismatch");
    assertThat(r.json().get("problems").get(0).get("message").asString())
        .contains("https://example.invalid/someone/else")
        .contains(TestCrates.placeholderUrl("pp-wrong"));
  }

  @Test
  void repositoryWrittenDifferentlyButRewrittenAlikeMatches() throws IOException {
    TestCrates.Fixture f = released("pp-spelled");
    // The remote is configured with a .git suffix and a trailing slash; Cargo.toml has neither.
    git.git(
        f.workRepo(),
        "remote",
        "set-url",
        "origin",
        TestCrates.placeholderUrl("pp-spelled") + ".git/");
    Run r = checked(f.workRepo(), f.workRepo(), "--format", "json");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
  }

  @Test
  void workspaceMemberRecordsItsPathInVcsAndIsGold() {
    TestCrates.Fixture f =
        released(
            TestCrateSpec.of("foo", "1.0.0")
                .withRepoName("pp-workspace")
                .withRepositoryUrl(TestCrates.placeholderUrl("pp-workspace"))
                .withPathInVcs("crates/foo")
                .withTags(List.of(TestCrateSpec.Tag.lightweight("foo-v1.0.0"))));
    Run r = checked(f.workRepo(), f.workRepo().resolve("crates/foo"), "--format", "json", "--full");

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.json().get("path_in_vcs").asString()).isEqualTo("crates/foo");
    assertThat(r.json().get("release_tag").asString()).isEqualTo("foo-v1.0.0");
  }

  @Test
  void workspaceRootWithoutPackageIsRefused() {
    TestCrates.Fixture f =
        released(
            TestCrateSpec.of("foo", "1.0.0")
                .withRepoName("pp-virtual")
                .withRepositoryUrl(TestCrates.placeholderUrl("pp-virtual"))
                .withPathInVcs("crates/foo")
                .withTags(List.of(TestCrateSpec.Tag.lightweight("foo-v1.0.0"))));
    Run r = checked(f.workRepo(), f.workRepo());
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err()).contains("virtual workspace manifest");
  }

  @Test
  void ignoredGeneratedFileInThePackageIsNamed() throws IOException {
    String toml =
        """
        [package]
        name = "pp-gen"
        version = "1.0.0"
        edition = "2021"
        license = "MIT"
        description = "Test fixture crate for provenance checks"
        repository = "%s"
        include = ["src/**", "Cargo.toml", "README.md", "LICENSE"]
        """
            .formatted(TestCrates.placeholderUrl("pp-gen"));
    TestCrates.Fixture f =
        released(
            TestCrateSpec.of("pp-gen", "1.0.0")
                .withRepositoryUrl(TestCrates.placeholderUrl("pp-gen"))
                .withFile("Cargo.toml", toml)
                .withFile(".gitignore", "src/generated.rs\n"));
    Files.writeString(f.workRepo().resolve("src/generated.rs"), "pub const X: u8 = 1;\n");
    Run r = checked(f.workRepo(), f.workRepo(), "--format", "json");

    assertThat(r.code()).isEqualTo(11);
    assertThat(r.codes()).containsExactly("ignored-or-generated-packaged");
    assertThat(r.json().get("problems").get(0).get("path").asString())
        .isEqualTo("src/generated.rs");
  }

  @Test
  void untrackedFileInThePackageIsNamed() throws IOException {
    TestCrates.Fixture f = released("pp-untracked");
    Files.writeString(f.workRepo().resolve("src/extra.rs"), "pub fn extra() {}\n");
    Run r = checked(f.workRepo(), f.workRepo(), "--format", "sarif");

    assertThat(r.code()).isEqualTo(11);
    JsonNode result = r.json().get("runs").get(0).get("results").get(0);
    assertThat(result.get("ruleId").asString()).isEqualTo("untracked-packaged");
    assertThat(result.get("level").asString()).isEqualTo("error");
    assertThat(
            result
                .get("locations")
                .get(0)
                .get("physicalLocation")
                .get("artifactLocation")
                .get("uri")
                .asString())
        .isEqualTo("src/extra.rs");
  }

  @Test
  void newBuildScriptAndBinaryFileAreWarningsAgainstTheLastRelease() throws IOException {
    TestCrates.Fixture f = released("pp-build");
    Path repo = f.workRepo();
    Files.writeString(repo.resolve("build.rs"), "fn main() {}\n");
    Files.write(repo.resolve("src/table.bin"), new byte[] {1, 0, 2, 0, 3});
    Path toml = repo.resolve("Cargo.toml");
    Files.writeString(
        toml, Files.readString(toml).replace("version = \"1.0.0\"", "version = \"1.1.0\""));
    git.git(repo, "add", "-A");
    git.gitDated(repo, "commit", "-q", "-m", "Release 1.1.0");
    git.git(repo, "tag", "v1.1.0");
    git.git(repo, "push", "-q", f.bareRepo().toString(), "main", "v1.1.0");
    Run r = checked(repo, repo, "--format", "json");

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.codes()).containsExactlyInAnyOrder("new-build-script", "new-binary-file");
    r.json()
        .get("problems")
        .forEach(p -> assertThat(p.get("severity").asString()).isEqualTo("warning"));
    assertThat(r.out()).contains("since release v1.0.0");
  }

  @Test
  void detachedHeadAtAPushedTagIsFineAsInCi() {
    TestCrates.Fixture f = released("pp-ci");
    git.git(f.workRepo(), "checkout", "-q", "--detach", "v1.0.0");
    Run r = checked(f.workRepo(), f.workRepo());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("(detached HEAD)").contains("predicted verdict: gold-star");
  }

  @Test
  void detachedHeadAtAnUnpushedCommitSaysSo() throws IOException {
    TestCrates.Fixture f = released("pp-detached");
    Files.writeString(f.workRepo().resolve("src/lib.rs"), "pub fn detached() {}\n");
    git.git(f.workRepo(), "commit", "-qam", "local only");
    git.git(f.workRepo(), "checkout", "-q", "--detach", "HEAD");
    Run r = checked(f.workRepo(), f.workRepo());
    assertThat(r.code()).isEqualTo(11);
    assertThat(r.out()).contains("[detached-head] HEAD is detached at").contains("git switch");
  }

  @Test
  void notAGitRepositoryIsRefused() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("plain"));
    Files.writeString(dir.resolve("Cargo.toml"), "[package]\nname = \"x\"\nversion = \"1.0.0\"\n");
    Run r = run("prepublish", dir.toString());
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err()).contains("prepublish " + dir).contains("not inside a git work tree");
    try (var s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("Cargo.toml");
    }
  }

  @Test
  void bareRepositoryIsRefused() {
    TestCrates.Fixture f = released("pp-bare");
    String before = git.git(f.bareRepo(), "for-each-ref");
    Run r = run("prepublish", f.bareRepo().toString());
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err()).contains("bare git repository");
    assertThat(git.git(f.bareRepo(), "for-each-ref")).isEqualTo(before);
  }

  @Test
  void folderWithoutCargoTomlIsRefused() {
    TestCrates.Fixture f = released("pp-notoml");
    Run r = checked(f.workRepo(), f.workRepo().resolve("src"));
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err()).contains("no Cargo.toml in this folder");
  }

  @Test
  void repositoryWithoutRemoteIsRefused() {
    TestCrates.Fixture f = released("pp-noremote");
    git.git(f.workRepo(), "remote", "remove", "origin");
    Run r = checked(f.workRepo(), f.workRepo());
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err()).contains("has no remote").contains("git remote add origin");
  }

  @Test
  void unknownFormatIsAUsageError() {
    Run r = run("prepublish", tmp.toString(), "--format", "xml");
    assertThat(r.code()).isEqualTo(2);
  }
}
