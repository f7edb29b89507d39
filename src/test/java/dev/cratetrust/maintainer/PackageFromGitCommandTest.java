package dev.cratetrust.maintainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.cli.Main;
import dev.cratetrust.testing.GitHttpServer;
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

/**
 * {@code cratetrust package-from-git}: a clean clone at the tag, packaged by the real cargo and
 * verified against the loopback remote; only the printed {@code cargo publish} command is checked
 * (nothing is published).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackageFromGitCommandTest {
  private Path tmp;
  private GitHttpServer server;
  private ReleasedWorkTrees trees;

  record Run(int code, String out, String err) {}

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    tmp = dir;
    server = new GitHttpServer(TestCrates.remoteRoot(tmp));
    trees = new ReleasedWorkTrees(tmp, server);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private Run run(String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    a.addAll(List.of("--no-verify", "--cache-dir", tmp.resolve("cache").toString()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(a.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void localChangesDoNotLeakIntoTheCleanPackage() throws IOException {
    TestCrates.Fixture f = trees.released("pfg-clean");
    String committed = Files.readString(f.workRepo().resolve("src/lib.rs"));
    Files.writeString(f.workRepo().resolve("src/lib.rs"), "pub fn local_edit() {}\n");
    Files.writeString(f.workRepo().resolve("src/untracked.rs"), "pub fn untracked() {}\n");
    Path out = tmp.resolve("out-clean");

    Run r =
        run(
            "package-from-git",
            "v1.0.0",
            "--work-tree",
            f.workRepo().toString(),
            "--out",
            out.toString());

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("clean clone of " + server.baseUrl() + "/pfg-clean at v1.0.0: " + out)
        .contains(": gold-star")
        .contains("publish with: cd '" + out + "' && cargo publish --package pfg-clean");
    assertThat(Files.readString(out.resolve("src/lib.rs"))).isEqualTo(committed);
    assertThat(out.resolve("src/untracked.rs")).doesNotExist();
    assertThat(out.resolve("target/package/pfg-clean-1.0.0.crate")).exists();
    assertThat(trees.git().git(out, "rev-parse", "HEAD")).isEqualTo(f.commit().hex());
  }

  @Test
  void workspaceTagPicksItsMember() {
    TestCrates.Fixture f =
        trees.released(
            TestCrateSpec.of("foo", "1.0.0")
                .withRepoName("pfg-workspace")
                .withRepositoryUrl(TestCrates.placeholderUrl("pfg-workspace"))
                .withPathInVcs("crates/foo")
                .withTags(List.of(TestCrateSpec.Tag.lightweight("foo-v1.0.0"))));
    Path out = tmp.resolve("out-ws");
    Run r =
        run(
            "package-from-git",
            "foo-v1.0.0",
            "--work-tree",
            f.workRepo().toString(),
            "--out",
            out.toString());

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains(
            "publish with: cd '"
                + out.resolve("crates/foo")
                + "' && cargo publish"
                + " --package foo");
  }

  @Test
  void unknownTagAndBusyOutputAreRefused() throws IOException {
    TestCrates.Fixture f = trees.released("pfg-bad");
    Run noTag =
        run(
            "package-from-git",
            "v9.9.9",
            "--work-tree",
            f.workRepo().toString(),
            "--out",
            tmp.resolve("out-none").toString());
    assertThat(noTag.code()).isEqualTo(4);
    assertThat(noTag.err()).contains("has no tag v9.9.9");
    assertThat(tmp.resolve("out-none")).doesNotExist();

    Path busy = Files.createDirectories(tmp.resolve("out-busy"));
    Files.writeString(busy.resolve("keep.txt"), "mine\n");
    Run notEmpty =
        run(
            "package-from-git",
            "v1.0.0",
            "--work-tree",
            f.workRepo().toString(),
            "--out",
            busy.toString());
    assertThat(notEmpty.code()).isEqualTo(4);
    assertThat(notEmpty.err()).contains("is not empty; nothing was changed");
    try (var s = Files.list(busy)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("keep.txt");
    }

    Run noRemote = run("package-from-git", "v1.0.0", "--work-tree", tmp.toString());
    assertThat(noRemote.code()).isEqualTo(4);
    assertThat(noRemote.err()).contains("has no remote origin");
  }
}
