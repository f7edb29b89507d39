package dev.cratetrust.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.provenance.Category;
import dev.cratetrust.provenance.Explanation;
import dev.cratetrust.provenance.FileResult;
import dev.cratetrust.provenance.ProvenanceReport;
import dev.cratetrust.testing.GitHttpServer;
import dev.cratetrust.testing.LoopbackVerifier;
import dev.cratetrust.testing.TestCrateScenario;
import dev.cratetrust.testing.TestCrates;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture scenario, packaged by real {@code cargo package}, verified end to end over a
 * smart-HTTP git server on loopback reached through a {@code --git-rewrite} rule.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyScenariosTest {
  private GitHttpServer server;
  private Map<TestCrateScenario, TestCrates.Fixture> fixtures;
  private CrateVerifier verifier;

  @BeforeAll
  void build(@TempDir Path tmp) throws Exception {
    server = new GitHttpServer(TestCrates.remoteRoot(tmp));
    fixtures = TestCrates.buildAll(tmp, TestCrates::placeholderUrl);
    verifier = LoopbackVerifier.of(server, tmp);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  static Stream<Arguments> expectations() {
    return Stream.of(
        Arguments.of(TestCrateScenario.MATCHING, Category.GOLD_STAR, List.of()),
        Arguments.of(
            TestCrateScenario.EXTRA_FILE_IN_CRATE,
            Category.LOOKS_SKETCHY,
            List.of("files-differ", "files-not-in-repository")),
        Arguments.of(
            TestCrateScenario.MODIFIED_FILE_IN_CRATE,
            Category.LOOKS_SKETCHY,
            List.of("files-differ", "files-not-in-repository")),
        Arguments.of(
            TestCrateScenario.PUBLISHED_DIRTY,
            Category.LOOKS_SKETCHY,
            List.of("dirty", "files-differ", "files-not-in-repository")),
        Arguments.of(
            TestCrateScenario.NO_VCS_INFO, Category.NEEDS_IMPROVEMENT, List.of("no-vcs-info")),
        Arguments.of(
            TestCrateScenario.NO_RELEASE_TAG,
            Category.NEEDS_IMPROVEMENT,
            List.of("no-release-tag", "no-tag-at-all")),
        Arguments.of(
            TestCrateScenario.OTHER_TAG_ONLY,
            Category.NEEDS_IMPROVEMENT,
            List.of("no-release-tag")),
        Arguments.of(TestCrateScenario.MONOREPO_PATH_IN_VCS, Category.GOLD_STAR, List.of()),
        Arguments.of(TestCrateScenario.TAG_PLAIN, Category.GOLD_STAR, List.of()),
        Arguments.of(TestCrateScenario.TAG_V_ANNOTATED, Category.GOLD_STAR, List.of()),
        Arguments.of(TestCrateScenario.TAG_NAME_DASH, Category.GOLD_STAR, List.of()),
        Arguments.of(TestCrateScenario.TAG_NAME_DASH_V, Category.GOLD_STAR, List.of()),
        Arguments.of(TestCrateScenario.TAG_NAME_SLASH_V, Category.GOLD_STAR, List.of()),
        Arguments.of(TestCrateScenario.TAG_NAME_AT, Category.GOLD_STAR, List.of()),
        Arguments.of(TestCrateScenario.TAG_V_SLASH, Category.GOLD_STAR, List.of()),
        Arguments.of(TestCrateScenario.TAG_BUILD_METADATA, Category.GOLD_STAR, List.of()),
        Arguments.of(TestCrateScenario.TAG_PRERELEASE, Category.GOLD_STAR, List.of()),
        Arguments.of(TestCrateScenario.README_OUTSIDE_PACKAGE, Category.GOLD_STAR, List.of()),
        Arguments.of(TestCrateScenario.SYMLINK_IN_PACKAGE, Category.GOLD_STAR, List.of()),
        Arguments.of(TestCrateScenario.SYMLINK_OUTSIDE_PACKAGE, Category.GOLD_STAR, List.of()),
        Arguments.of(TestCrateScenario.SUBMODULE, Category.GOLD_STAR, List.of()),
        Arguments.of(TestCrateScenario.CRLF, Category.GOLD_STAR, List.of()),
        Arguments.of(TestCrateScenario.CRLF_AUTOCRLF, Category.GOLD_STAR, List.of()),
        Arguments.of(
            TestCrateScenario.COMMIT_NOT_ON_DEFAULT_BRANCH,
            Category.GOLD_STAR,
            List.of("commit-not-on-default-branch")),
        Arguments.of(
            TestCrateScenario.CARGO_TOML_ORIG_DIFFERS,
            Category.LOOKS_SKETCHY,
            List.of("files-differ", "files-not-in-repository")),
        Arguments.of(
            TestCrateScenario.CARGO_TOML_INCONSISTENT,
            Category.LOOKS_SKETCHY,
            List.of("cargo-toml-inconsistent")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expectations")
  void scenarioIsClassifiedAsTheStudyWould(
      TestCrateScenario scenario, Category category, List<String> reasons) throws Exception {
    TestCrates.Fixture f = fixtures.get(scenario);
    ProvenanceReport r = verifier.verifyArchive(f.crateFile(), Optional.empty()).report();
    assertThat(r.reasonCodes()).as(scenario + " " + r.reasons()).isEqualTo(reasons);
    assertThat(r.category()).isEqualTo(category);
    assertThat(r.crate()).isEqualTo(f.id());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expectations")
  void everyFileIsAccountedFor(TestCrateScenario scenario) throws Exception {
    TestCrates.Fixture f = fixtures.get(scenario);
    ProvenanceReport r = verifier.verifyArchive(f.crateFile(), Optional.empty()).report();
    assertThat(r.files()).hasSize(f.entries().size());
    if (r.category() == Category.GOLD_STAR) {
      assertThat(r.files())
          .allMatch(
              x ->
                  x.status() == FileResult.Status.MATCH
                      || x.status() == FileResult.Status.EXPLAINED,
              "all files match or are explained");
    }
  }

  @org.junit.jupiter.api.Test
  void commitNeverPushedIsNotInRepository() throws Exception {
    TestCrates.Fixture f = fixtures.get(TestCrateScenario.COMMIT_NOT_PUSHED);
    ProvenanceReport r = verifier.verifyArchive(f.crateFile(), Optional.empty()).report();
    assertThat(r.reasonCodes()).startsWith("commit-not-in-repository");
    assertThat(r.category()).isEqualTo(Category.LOOKS_SKETCHY);
  }

  @org.junit.jupiter.api.Test
  void explanationsNameWhatCargoChanged() throws Exception {
    assertThat(explanation(TestCrateScenario.SYMLINK_IN_PACKAGE, "src/alias.rs"))
        .contains(Explanation.SYMLINK_FLATTENED);
    assertThat(explanation(TestCrateScenario.README_OUTSIDE_PACKAGE, "README.md"))
        .contains(Explanation.OUTSIDE_PACKAGE);
    assertThat(explanation(TestCrateScenario.MATCHING, "Cargo.toml"))
        .contains(Explanation.CARGO_TOML_NORMALIZED);
    assertThat(explanation(TestCrateScenario.MATCHING, "Cargo.lock"))
        .contains(Explanation.CARGO_LOCK_GENERATED);
  }

  private Optional<Explanation> explanation(TestCrateScenario s, String path) throws Exception {
    ProvenanceReport r =
        verifier.verifyArchive(fixtures.get(s).crateFile(), Optional.empty()).report();
    return r.files().stream()
        .filter(x -> x.path().equals(path))
        .findFirst()
        .orElseThrow()
        .explanation();
  }
}
