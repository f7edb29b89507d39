package dev.cratetrust.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.git.FetchProgress;
import dev.cratetrust.git.Repositories;
import dev.cratetrust.git.RepositoryCache;
import dev.cratetrust.git.UrlRewrites;
import dev.cratetrust.provenance.Category;
import dev.cratetrust.provenance.Explanation;
import dev.cratetrust.provenance.FileResult;
import dev.cratetrust.provenance.ProvenanceChecker;
import dev.cratetrust.provenance.ProvenanceReport;
import dev.cratetrust.testing.TestCrateSpec;
import dev.cratetrust.testing.TestCrates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crates packaged by the real {@code cargo package}, then tampered the way a publisher could
 * without touching the repository, that the checker before checker version 2 classified gold star
 * (or, for crates without {@code Cargo.toml.orig}, looks sketchy for no fault).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UndeservedGoldStarTest {
  private Path tmp;
  private CrateVerifier verifier;
  private TestCrates.Fixture plain;

  @BeforeAll
  void setUp(@TempDir Path tmp) throws Exception {
    this.tmp = tmp;
    verifier =
        new CrateVerifier(
            Optional.empty(),
            Repositories.withDefaults(
                new RepositoryCache(Files.createDirectories(tmp.resolve("cache"))),
                UrlRewrites.parse(List.of()),
                FetchProgress.none()),
            new ProvenanceChecker(),
            Clock.systemUTC(),
            false);
    plain = TestCrates.build(TestCrateSpec.of("plain", "1.0.0"), tmp);
  }

  @Test
  void untamperedFixtureIsGoldStar() throws Exception {
    ProvenanceReport r = verify(plain, plain.crateFile());
    assertThat(r.reasonCodes()).isEmpty();
    assertThat(r.category()).isEqualTo(Category.GOLD_STAR);
  }

  @Test
  void normalizedManifestBeyondTheParsersNestingLimitIsNotGoldStar() throws Exception {
    ProvenanceReport r =
        verify(
            plain,
            tamper(
                plain,
                "nested",
                cargoToml(
                    t ->
                        t
                            + "\n[dependencies.evil]\nversion = \"1\"\n\n[package.metadata.x]\ny = "
                            + "[".repeat(80)
                            + "]".repeat(80)
                            + "\n")));
    assertThat(r.reasonCodes()).containsExactly("manifest-unreadable");
    assertThat(r.category()).isEqualTo(Category.LOOKS_SKETCHY);
    assertThat(r.reasons().getFirst().detail()).contains("Cargo.toml", "nesting depth 64");
  }

  @Test
  void linksAddedToTheNormalizedManifestIsReported() throws Exception {
    ProvenanceReport r =
        verify(
            plain,
            tamper(
                plain,
                "links",
                cargoToml(
                    t -> t.replace("name = \"plain\"\n", "name = \"plain\"\nlinks = \"z\"\n"))));
    assertThat(r.reasonCodes()).containsExactly("cargo-toml-inconsistent");
    assertThat(r.reasons().getFirst().evidence())
        .containsExactly("package.links is absent in Cargo.toml.orig but 'z' in Cargo.toml");
  }

  @Test
  void buildScriptDeclaredOnlyInTheNormalizedManifestIsReported() throws Exception {
    assertThat(plain.entryText("Cargo.toml")).contains("build = false");
    ProvenanceReport r =
        verify(
            plain,
            tamper(
                plain,
                "build",
                cargoToml(t -> t.replace("build = false", "build = \"src/lib.rs\""))));
    assertThat(r.reasonCodes()).containsExactly("cargo-toml-inconsistent");
    assertThat(r.reasons().getFirst().evidence())
        .containsExactly(
            "the build script is none by Cargo.toml.orig but 'src/lib.rs' by Cargo.toml");
  }

  @Test
  void withoutOrigTheManifestIsCheckedAgainstTheRepositoryNotSearchedInHistory() throws Exception {
    ProvenanceReport r =
        verify(plain, tamper(plain, "no-orig", m -> m.remove("plain-1.0.0/Cargo.toml.orig")));
    assertThat(r.reasonCodes()).isEmpty();
    assertThat(r.category()).isEqualTo(Category.GOLD_STAR);
    assertThat(file(r, "Cargo.toml").explanation())
        .contains(Explanation.CARGO_TOML_CONSISTENT_WITH_REPOSITORY);

    ProvenanceReport added =
        verify(
            plain,
            tamper(
                plain,
                "no-orig-dependency",
                m -> {
                  m.remove("plain-1.0.0/Cargo.toml.orig");
                  cargoToml(t -> t + "\n[dependencies.evil]\nversion = \"1\"\n").accept(m);
                }));
    assertThat(added.reasonCodes()).containsExactly("cargo-toml-inconsistent");
    assertThat(added.reasons().getFirst().evidence())
        .containsExactly(
            "dependency 'evil' is in Cargo.toml but not in the repository's Cargo.toml");
    assertThat(file(added, "Cargo.toml").diff().orElseThrow()).contains("+[dependencies.evil]");
  }

  @Test
  void workspaceMemberWithoutOrigIsConsistentWithItsInheritingManifest() throws Exception {
    TestCrates.Fixture f =
        TestCrates.build(
            TestCrateSpec.of("member", "1.0.0")
                .withPathInVcs("crates/member")
                .withTags(List.of(TestCrateSpec.Tag.lightweight("member-v1.0.0"))),
            tmp);
    ProvenanceReport r =
        verify(f, tamper(f, "member-no-orig", m -> m.remove("member-1.0.0/Cargo.toml.orig")));
    assertThat(r.reasonCodes()).isEmpty();
    assertThat(file(r, "Cargo.toml").explanation())
        .contains(Explanation.CARGO_TOML_CONSISTENT_WITH_REPOSITORY);
  }

  @Test
  void tagNamingNoVersionIsNotAReleaseTag() throws Exception {
    TestCrates.Fixture f =
        TestCrates.build(
            TestCrateSpec.of("nightly-only", "1.0.0")
                .withTags(List.of(TestCrateSpec.Tag.lightweight("nightly"))),
            tmp);
    ProvenanceReport r = verify(f, f.crateFile());
    assertThat(r.reasonCodes()).containsExactly("no-release-tag");
    assertThat(r.category()).isEqualTo(Category.NEEDS_IMPROVEMENT);
    assertThat(r.tags().onCommit()).containsExactly("nightly");
  }

  @Test
  void siblingCratesTagIsNotThisCratesReleaseTag() throws Exception {
    TestCrates.Fixture f =
        TestCrates.build(
            TestCrateSpec.of("foo", "1.0.0")
                .withRepoName("sibling-tag")
                .withPathInVcs("crates/foo")
                .withTags(List.of(TestCrateSpec.Tag.lightweight("bar-v1.0.0"))),
            tmp);
    ProvenanceReport r = verify(f, f.crateFile());
    assertThat(r.reasonCodes()).containsExactly("no-release-tag");
    assertThat(r.reasons().getFirst().evidence())
        .containsExactly("bar-v1.0.0: prefix 'bar' names package 'bar' (crates/bar)");
  }

  @Test
  void shortenedPrefixNamingOnlyThisCrateIsAReleaseTag() throws Exception {
    TestCrates.Fixture f =
        TestCrates.build(
            TestCrateSpec.of("foo-derive", "1.0.0")
                .withRepoName("derive-tag")
                .withPathInVcs("crates/foo-derive")
                .withTags(List.of(TestCrateSpec.Tag.lightweight("derive-v1.0.0"))),
            tmp);
    ProvenanceReport r = verify(f, f.crateFile());
    assertThat(r.reasonCodes()).isEmpty();
    assertThat(r.tags().matched()).contains("derive-v1.0.0");
  }

  @Test
  void packagedLockThatIsNotTheRepositorysIsReported() throws Exception {
    String lock =
        "# This file is automatically @generated by Cargo.\n"
            + "# It is not intended for manual editing.\n"
            + "version = 4\n\n"
            + "[[package]]\nname = \"locked\"\nversion = \"1.0.0\"\n";
    TestCrates.Fixture f =
        TestCrates.build(TestCrateSpec.of("locked", "1.0.0").withFile("Cargo.lock", lock), tmp);
    ProvenanceReport r = verify(f, f.crateFile());
    assertThat(r.reasonCodes()).isEmpty();
    assertThat(file(r, "Cargo.lock").status())
        .as("cargo packages a committed lock of a single package as is")
        .isEqualTo(FileResult.Status.MATCH);

    ProvenanceReport changed =
        verify(
            f,
            tamper(
                f,
                "locked-tampered",
                m ->
                    m.put(
                        "locked-1.0.0/Cargo.lock",
                        (lock + "\n[[package]]\nname = \"evil\"\nversion = \"1.0.0\"\n")
                            .getBytes(StandardCharsets.UTF_8))));
    assertThat(changed.reasonCodes()).containsExactly("cargo-lock-differs");
    assertThat(changed.category()).isEqualTo(Category.GOLD_STAR);
    assertThat(file(changed, "Cargo.lock").diff().orElseThrow()).contains("+name = \"evil\"");
  }

  private ProvenanceReport verify(TestCrates.Fixture f, Path crate) throws Exception {
    return verifier.verifyArchive(crate, Optional.of(f.bareRepo().toString())).report();
  }

  private Path tamper(TestCrates.Fixture f, String name, Consumer<Map<String, byte[]>> edit)
      throws Exception {
    Path out = tmp.resolve("tampered").resolve(name).resolve(f.crateFile().getFileName());
    Files.createDirectories(out.getParent());
    Files.write(out, TestCrates.repackage(f.crateBytes(), edit));
    return out;
  }

  private static Consumer<Map<String, byte[]>> cargoToml(UnaryOperator<String> change) {
    return m -> {
      String key =
          m.keySet().stream().filter(k -> k.endsWith("/Cargo.toml")).findFirst().orElseThrow();
      m.put(
          key,
          change
              .apply(new String(m.get(key), StandardCharsets.UTF_8))
              .getBytes(StandardCharsets.UTF_8));
    };
  }

  private static FileResult file(ProvenanceReport r, String path) {
    return r.files().stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow();
  }
}
