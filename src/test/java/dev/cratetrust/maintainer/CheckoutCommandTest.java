package dev.cratetrust.maintainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.cli.Main;
import dev.cratetrust.testing.FakeRegistry;
import dev.cratetrust.testing.GitHttpServer;
import dev.cratetrust.testing.TestCrateCommands;
import dev.cratetrust.testing.TestCrateScenario;
import dev.cratetrust.testing.TestCrates;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cratetrust checkout} on cargo-packaged fixtures whose repositories are served over smart
 * HTTP on loopback and reached through a {@code --git-rewrite} rule.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckoutCommandTest {
  private static final List<TestCrateScenario> SCENARIOS =
      List.of(
          TestCrateScenario.MATCHING,
          TestCrateScenario.MODIFIED_FILE_IN_CRATE,
          TestCrateScenario.MONOREPO_PATH_IN_VCS,
          TestCrateScenario.SUBMODULE,
          TestCrateScenario.COMMIT_NOT_PUSHED,
          TestCrateScenario.NO_VCS_INFO);

  private Path tmp;
  private GitHttpServer server;
  private TestCrateCommands git;
  private final Map<TestCrateScenario, TestCrates.Fixture> fixtures =
      new EnumMap<>(TestCrateScenario.class);

  record Run(int code, String out, String err) {}

  @BeforeAll
  void build(@TempDir Path dir) throws IOException {
    tmp = dir;
    server = new GitHttpServer(TestCrates.remoteRoot(tmp));
    for (TestCrateScenario s : SCENARIOS) {
      fixtures.put(s, TestCrates.build(s, tmp));
    }
    git = new TestCrateCommands(tmp.resolve("inspect-home"));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private Run run(String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    a.addAll(
        List.of(
            "--git-rewrite",
            "https://example.invalid/owner/=" + server.baseUrl() + "/",
            "--cache-dir",
            tmp.resolve("cache").toString()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(a.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private Path target(String name) {
    return tmp.resolve("checkouts").resolve(name);
  }

  @Test
  void goldStarCrateIsCheckedOutAtItsCommitWithNothingDiffering() {
    TestCrates.Fixture f = fixtures.get(TestCrateScenario.MATCHING);
    Path t = target("matching");
    Run r = run("checkout", "--crate-file", f.crateFile().toString(), t.toString());

    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(git.git(t, "rev-parse", "HEAD")).isEqualTo(f.commit().hex());
    assertThat(git.git(t, "status", "--porcelain")).isEmpty();
    assertThat(r.out())
        .contains("gold-star")
        .contains("the commit recorded in .cargo_vcs_info.json, release tag v1.0.0")
        .contains("differences from the published crate: none")
        .contains("contains HEAD; it has 0 commit(s) since");
  }

  @Test
  void defaultBranchMovesAreCounted() throws IOException {
    TestCrates.Fixture f = fixtures.get(TestCrateScenario.MATCHING);
    // A second clone of the remote adds two commits on main, one touching the package.
    Path side = tmp.resolve("side-matching");
    git.git(tmp, "clone", "-q", f.bareRepo().toString(), side.toString());
    Files.writeString(side.resolve("NOTES.txt"), "later\n");
    git.git(side, "add", "-A");
    git.gitDated(side, "commit", "-q", "-m", "notes");
    git.git(side, "push", "-q", "origin", "main");
    try {
      Path t = target("matching-moved");
      Run r = run("checkout", "--crate-file", f.crateFile().toString(), t.toString());
      assertThat(r.code()).as(r.err() + r.out()).isZero();
      assertThat(git.git(t, "rev-parse", "HEAD")).isEqualTo(f.commit().hex());
      assertThat(r.out()).contains("contains HEAD; it has 1 commit(s) since, 1 touching");
    } finally {
      git.git(side, "push", "-q", "--force", "origin", f.commit().hex() + ":refs/heads/main");
    }
  }

  @Test
  void modifiedFileIsListedAsDifferent() {
    TestCrates.Fixture f = fixtures.get(TestCrateScenario.MODIFIED_FILE_IN_CRATE);
    Path t = target("modified");
    Run r = run("checkout", "--crate-file", f.crateFile().toString(), t.toString());

    assertThat(r.code()).as(r.err() + r.out()).isIn(10, 11);
    assertThat(git.git(t, "rev-parse", "HEAD")).isEqualTo(f.commit().hex());
    assertThat(r.out()).contains("differences from the published crate:").contains("src/lib.rs");
  }

  @Test
  void workspaceMemberNamesItsPackageFolder() {
    TestCrates.Fixture f = fixtures.get(TestCrateScenario.MONOREPO_PATH_IN_VCS);
    Path t = target("monorepo");
    Run r = run("checkout", "--crate-file", f.crateFile().toString(), t.toString());

    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(r.out()).contains("package folder: " + t.resolve("crates/foo"));
    assertThat(t.resolve("crates/foo/Cargo.toml")).exists();
  }

  @Test
  void submoduleFilesAreCheckedOut() {
    TestCrates.Fixture f = fixtures.get(TestCrateScenario.SUBMODULE);
    Path t = target("submodule");
    Run r = run("checkout", "--crate-file", f.crateFile().toString(), t.toString());

    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(r.out()).doesNotContain("submodules not checked out");
    assertThat(t.resolve("src/vendored/generated.rs")).exists();
    assertThat(git.git(t.resolve("src/vendored"), "rev-parse", "HEAD"))
        .isEqualTo(f.submodules().getFirst().commit().hex());
  }

  @Test
  void missingCommitGivesTheBestMatchingCommitAsAGuess() {
    TestCrates.Fixture f = fixtures.get(TestCrateScenario.COMMIT_NOT_PUSHED);
    Path t = target("not-pushed");
    Run r = run("checkout", "--crate-file", f.crateFile().toString(), t.toString());

    assertThat(r.code()).as(r.err() + r.out()).isEqualTo(11);
    String pushed = git.git(f.bareRepo(), "rev-parse", "main");
    assertThat(git.git(t, "rev-parse", "HEAD")).isEqualTo(pushed);
    assertThat(r.out())
        .contains("is a GUESS: the commit whose package folder matches most")
        .contains("3 of 4 compared files are identical");
  }

  @Test
  void noVcsInfoGivesTheVersionTagAsAGuess() {
    TestCrates.Fixture f = fixtures.get(TestCrateScenario.NO_VCS_INFO);
    Path t = target("no-vcs-info");
    Run r = run("checkout", "--crate-file", f.crateFile().toString(), t.toString());

    assertThat(r.code()).as(r.err() + r.out()).isEqualTo(10);
    assertThat(git.git(t, "rev-parse", "HEAD")).isEqualTo(f.commit().hex());
    assertThat(r.out()).contains("is a GUESS: tag v1.0.0 names this version");
  }

  @Test
  void nonEmptyTargetIsRefusedAndLeftAlone() throws IOException {
    TestCrates.Fixture f = fixtures.get(TestCrateScenario.MATCHING);
    Path t = Files.createDirectories(target("busy"));
    Files.writeString(t.resolve("mine.txt"), "keep\n");
    Run r = run("checkout", "--crate-file", f.crateFile().toString(), t.toString());

    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err()).contains("check out into " + t).contains("not empty");
    try (var s = Files.list(t)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("mine.txt");
    }
  }

  @Test
  void badArgumentsAreUsageOrInputErrors() {
    Run noVersion = run("checkout", "serde");
    assertThat(noVersion.code()).isEqualTo(2);
    assertThat(noVersion.err()).contains("checkout needs NAME@VERSION, not 'serde'");

    Run missing = run("checkout", "--crate-file", tmp.resolve("absent.crate").toString());
    assertThat(missing.code()).isEqualTo(4);
    assertThat(missing.err()).contains("absent.crate").contains("no such file");

    Run both =
        run(
            "checkout",
            "--crate-file",
            tmp.resolve("a.crate").toString(),
            "--crate-dir",
            tmp.toString());
    assertThat(both.code()).isEqualTo(2);
  }

  @Test
  void lockfileEntryThatIsNotThereIsNamed() throws IOException {
    Path lock =
        Files.writeString(
            tmp.resolve("Cargo.lock"),
            "version = 4\n\n[[package]]\nname = \"demo\"\nversion = \"0.1.0\"\n");
    Run r = run("checkout", "--lockfile", lock.toString(), "serde");
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err()).contains("find serde in lockfile").contains("no crates.io package");
  }

  @Test
  void registryVersionAndLockfileEntryAreCheckedOut() throws IOException {
    TestCrates.Fixture f = fixtures.get(TestCrateScenario.MATCHING);
    try (FakeRegistry registry = FakeRegistry.start()) {
      registry.publish(f.id(), f.crateBytes());
      Path byId = target("registry");
      Run r =
          run(
              "checkout",
              f.id().name() + "@" + f.id().version(),
              byId.toString(),
              "--index",
              registry.indexUrl(),
              "--no-api");
      assertThat(r.code()).as(r.err() + r.out()).isZero();
      assertThat(git.git(byId, "rev-parse", "HEAD")).isEqualTo(f.commit().hex());

      Path lock =
          Files.writeString(
              tmp.resolve("Cargo-with-matching.lock"),
              "version = 4\n\n[[package]]\nname = \""
                  + f.id().name()
                  + "\"\nversion = \""
                  + f.id().version()
                  + "\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n");
      Path byLock = target("lockfile");
      Run l =
          run(
              "checkout",
              "--lockfile",
              lock.toString(),
              f.id().name().toString(),
              byLock.toString(),
              "--index",
              registry.indexUrl(),
              "--no-api");
      assertThat(l.code()).as(l.err() + l.out()).isZero();
      assertThat(git.git(byLock, "rev-parse", "HEAD")).isEqualTo(f.commit().hex());
    }
  }
}
