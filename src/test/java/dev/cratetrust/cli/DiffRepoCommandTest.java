package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.testing.FakeRegistry;
import dev.cratetrust.testing.GitHttpServer;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code cratetrust diff --repo}: real cargo-packaged fixtures compared with their repositories
 * served over smart HTTP on loopback, reached through a {@code --git-rewrite} rule.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiffRepoCommandTest {
  private static final List<TestCrateScenario> SCENARIOS =
      List.of(
          TestCrateScenario.MATCHING,
          TestCrateScenario.EXTRA_FILE_IN_CRATE,
          TestCrateScenario.MODIFIED_FILE_IN_CRATE,
          TestCrateScenario.MONOREPO_PATH_IN_VCS,
          TestCrateScenario.README_OUTSIDE_PACKAGE,
          TestCrateScenario.SYMLINK_IN_PACKAGE,
          TestCrateScenario.SYMLINK_OUTSIDE_PACKAGE,
          TestCrateScenario.SUBMODULE,
          TestCrateScenario.COMMIT_NOT_PUSHED,
          TestCrateScenario.NO_VCS_INFO);

  private Path tmp;
  private GitHttpServer server;
  private final Map<TestCrateScenario, TestCrates.Fixture> fixtures =
      new EnumMap<>(TestCrateScenario.class);

  record Run(int code, String out, String err) {
    JsonNode json() {
      return JsonMapper.builder().build().readTree(out);
    }
  }

  @BeforeAll
  void build(@TempDir Path dir) throws IOException {
    tmp = dir;
    server = new GitHttpServer(TestCrates.remoteRoot(tmp));
    for (TestCrateScenario s : SCENARIOS) {
      fixtures.put(s, TestCrates.build(s, tmp));
    }
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

  private Run diffFile(TestCrateScenario s, String... more) {
    List<String> a = new ArrayList<>(List.of("diff", "--repo", "--crate-file"));
    a.add(fixtures.get(s).crateFile().toString());
    a.addAll(List.of(more));
    return run(a.toArray(String[]::new));
  }

  private static List<String> texts(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(n -> out.add(n.isObject() ? n.get("path").asString() : n.asString()));
    return out;
  }

  @Test
  void fileOnlyInTheTarballShowsAsAddedWithItsContent() {
    Run r = diffFile(TestCrateScenario.EXTRA_FILE_IN_CRATE, "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("compared").asBoolean()).isTrue();
    assertThat(texts(j.get("added"))).containsExactly("src/backdoor.rs");
    assertThat(texts(j.get("changed"))).isEmpty();
    assertThat(texts(j.get("removed"))).isEmpty();
    JsonNode file = j.get("files").get(0);
    assertThat(file.get("path").asString()).isEqualTo("src/backdoor.rs");
    assertThat(file.get("diff").asString())
        .contains("--- /dev/null", "+++ b/src/backdoor.rs", "+pub fn backdoor() {");
    assertThat(j.get("repository").get("commit").asString())
        .isEqualTo(fixtures.get(TestCrateScenario.EXTRA_FILE_IN_CRATE).commit().hex());
    assertThat(j.get("old").asString()).contains(server.baseUrl());
  }

  @Test
  void changedFileShowsTheLinesAddedInTheTarball() {
    Run r = diffFile(TestCrateScenario.MODIFIED_FILE_IN_CRATE);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "repository -> crate: 0 added, 0 removed, 1 changed",
            "changed src/lib.rs",
            "+pub fn backdoor() {");
  }

  @ParameterizedTest
  @EnumSource(
      value = TestCrateScenario.class,
      names = {
        "MATCHING",
        "MONOREPO_PATH_IN_VCS",
        "README_OUTSIDE_PACKAGE",
        "SYMLINK_IN_PACKAGE",
        "SYMLINK_OUTSIDE_PACKAGE"
      })
  void matchingCratesShowNoChangesBeyondCargoGeneratedFiles(TestCrateScenario s) {
    Run r = diffFile(s, "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("files").size()).as(r.out()).isZero();
    assertThat(j.get("unchanged").asInt()).isPositive();
    List<String> expected = texts(j.get("expected"));
    assertThat(expected).contains(".cargo_vcs_info.json", "Cargo.toml");
    if (fixtures.get(s).entryText("Cargo.lock") != null) {
      assertThat(expected).contains("Cargo.lock");
    }
    assertThat(j.get("manifest").get("dependencies").size()).isZero();
    assertThat(j.get("repository").get("path_in_vcs").asString())
        .isEqualTo(fixtures.get(s).pathInVcs());
  }

  @Test
  void submoduleFilesAreListedAsNotComparedInsteadOfAdded() {
    Run r = diffFile(TestCrateScenario.SUBMODULE, "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = r.json();
    assertThat(texts(j.get("added"))).isEmpty();
    assertThat(j.get("not_compared").toString()).contains("inside submodule");
  }

  @Test
  void commitMissingFromTheRepositoryIsAClearMessageWithExitEleven() {
    TestCrates.Fixture f = fixtures.get(TestCrateScenario.COMMIT_NOT_PUSHED);
    Run r = diffFile(TestCrateScenario.COMMIT_NOT_PUSHED);
    assertThat(r.code()).as(r.err()).isEqualTo(11);
    assertThat(r.out())
        .contains("commit-not-in-repository", f.commit().hex(), ".cargo_vcs_info.json")
        .contains(f.id().toString());
  }

  @Test
  void crateWithoutVcsInfoIsNotComparedWithExitTen() {
    Run r = diffFile(TestCrateScenario.NO_VCS_INFO, "--format", "json");
    assertThat(r.code()).as(r.err()).isEqualTo(10);
    assertThat(r.json().get("compared").asBoolean()).isFalse();
    assertThat(r.json().get("reason").asString()).isEqualTo("no-vcs-info");
  }

  @Test
  void unpackedDirectoryAndRepositoryOverride() throws IOException {
    TestCrates.Fixture f = fixtures.get(TestCrateScenario.EXTRA_FILE_IN_CRATE);
    Path dir = tmp.resolve("unpacked");
    for (Map.Entry<String, byte[]> e : f.entries().entrySet()) {
      Path p = dir.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, e.getValue());
    }
    Run r =
        run(
            "diff",
            "--repo",
            "--crate-dir",
            dir.resolve(f.id().dirName()).toString(),
            "--repo-url",
            f.bareRepo().toString(),
            "--format",
            "json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(texts(r.json().get("added"))).containsExactly("src/backdoor.rs");
    assertThat(r.json().get("repository").get("url").asString()).contains(f.bareRepo().toString());
  }

  @Test
  void publishedVersionFromTheRegistry() {
    TestCrates.Fixture f = fixtures.get(TestCrateScenario.EXTRA_FILE_IN_CRATE);
    try (FakeRegistry registry = FakeRegistry.start()) {
      registry.publish(f.id(), f.crateBytes());
      Run r =
          run(
              "diff",
              f.id().name() + "@" + f.id().version(),
              "--repo",
              "--index",
              registry.indexUrl(),
              "--no-api");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("1 added, 0 removed, 0 changed", "added src/backdoor.rs");
    }
  }

  @Test
  void networkFailureExitsThreeWithNothingOnStdout() throws IOException {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Run r =
        diffFile(
            TestCrateScenario.MATCHING,
            "--repo-url",
            "http://127.0.0.1:" + closedPort + "/matching.git");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("127.0.0.1:" + closedPort);
  }

  @Test
  void missingCrateFileIsBadInputNamingItAndWritesNothing() throws IOException {
    Path missing = tmp.resolve("nope-1.0.0.crate");
    List<Path> before = listAll(tmp);
    Run r = run("diff", "--repo", "--crate-file", missing.toString());
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err()).contains(missing.toString(), "no such file");
    assertThat(listAll(tmp)).isEqualTo(before);
  }

  @Test
  void usageErrors() {
    assertThat(run("diff", "--repo").code()).isEqualTo(2);
    assertThat(run("diff", "a@1.0.0", "--repo", "--crate-file", "x.crate").code()).isEqualTo(2);
    assertThat(run("diff", "--crate-file", "x.crate").code()).isEqualTo(2);
    assertThat(run("diff", "--repo", "--crate-dir", "a", "--crate-dir", "b").code()).isEqualTo(2);
  }

  private static List<Path> listAll(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.sorted().toList();
    }
  }
}
