package dev.cratetrust.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.testing.TestCrates.Fixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Proves each fixture scenario has the property its name promises, by reading the produced {@code
 * .crate} with commons-compress and the bare remote with the git CLI.
 */
class TestCratesTest {
  private static final List<String> GENERATED =
      List.of("Cargo.toml", "Cargo.lock", ".cargo_vcs_info.json", "Cargo.toml.orig");

  @TempDir Path tmp;

  /** A tar entry as commons-compress sees it. */
  record TarFile(String name, byte[] data, int mode, long mtime, boolean regular) {
    String text() {
      return new String(data, StandardCharsets.UTF_8);
    }
  }

  static Map<String, TarFile> readTar(byte[] crate) {
    Map<String, TarFile> out = new LinkedHashMap<>();
    try (var tar =
        new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(crate)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        out.put(
            e.getName(),
            new TarFile(
                e.getName(),
                tar.readAllBytes(),
                e.getMode(),
                e.getLastModifiedTime().toMillis() / 1000,
                e.isFile()));
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out;
  }

  private String git(Path dir, String... args) {
    return new TestCrateCommands(tmp.resolve("test-git-home")).git(dir, args);
  }

  private boolean gitOk(Path dir, String... args) {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "git";
    System.arraycopy(args, 0, cmd, 1, args.length);
    return new TestCrateCommands(tmp.resolve("test-git-home")).succeeds(dir, cmd);
  }

  private byte[] blob(Path repo, CommitId commit, String path) {
    try {
      Process p =
          new ProcessBuilder("git", "cat-file", "blob", commit.hex() + ":" + path)
              .directory(repo.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      assertThat(p.waitFor()).as("git cat-file blob %s:%s", commit.abbreviated(), path).isZero();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What {@code .cargo_vcs_info.json} claims, read here so the test does not trust the reader. */
  record Claim(String sha1, boolean dirty, String pathInVcs) {
    static Claim of(CommitId commit, boolean dirty, String pathInVcs) {
      return new Claim(commit.hex(), dirty, pathInVcs);
    }
  }

  /** The vcs info claim, or null when the tarball has no {@code .cargo_vcs_info.json}. */
  private static Claim vcsInfo(Map<String, TarFile> tar, Fixture f) {
    TarFile t = tar.get(f.id().dirName() + "/.cargo_vcs_info.json");
    if (t == null) {
      return null;
    }
    JsonNode root = Parsers.json().readTree(t.text());
    JsonNode sha = root.path("git").path("sha1");
    JsonNode dirty = root.path("git").path("dirty");
    JsonNode path = root.path("path_in_vcs");
    return new Claim(
        sha.isString() ? sha.asString() : null,
        dirty.isBoolean() && dirty.booleanValue(),
        path.isString() ? path.asString() : null);
  }

  private static TarFile entry(Map<String, TarFile> tar, Fixture f, String path) {
    return tar.get(f.id().dirName() + "/" + path);
  }

  /** Every packaged file except cargo's generated ones equals the blob at the commit. */
  private void assertFilesMatchCommit(Fixture f, Map<String, TarFile> tar) {
    String prefix = f.id().dirName() + "/";
    String base = f.pathInVcs().isEmpty() ? "" : f.pathInVcs() + "/";
    int compared = 0;
    for (TarFile t : tar.values()) {
      String rel = t.name().substring(prefix.length());
      if (GENERATED.contains(rel)) {
        continue;
      }
      assertThat(blob(f.bareRepo(), f.commit(), base + rel)).as(rel).isEqualTo(t.data());
      compared++;
    }
    assertThat(compared).isGreaterThanOrEqualTo(3);
    assertThat(entry(tar, f, "Cargo.toml.orig").data())
        .isEqualTo(blob(f.bareRepo(), f.commit(), base + "Cargo.toml"));
  }

  private String peeledTag(Path bare, String tag) {
    return git(bare, "rev-parse", "refs/tags/" + tag + "^{commit}");
  }

  @Test
  void matchingHasReleaseTagOnTheClaimedCommitAndFilesEqualTheBlobs() {
    Fixture f = TestCrates.build(TestCrateScenario.MATCHING, tmp);
    Map<String, TarFile> tar = readTar(f.crateBytes());

    assertThat(f.id().toString()).isEqualTo("matching@1.0.0");
    assertThat(f.crateBytes()).isEqualTo(read(f.crateFile()));
    assertThat(vcsInfo(tar, f)).isEqualTo(Claim.of(f.commit(), false, ""));
    assertThat(f.tags()).containsExactly("v1.0.0");
    assertThat(peeledTag(f.bareRepo(), "v1.0.0")).isEqualTo(f.commit().hex());
    assertThat(git(f.bareRepo(), "rev-parse", "main")).isEqualTo(f.commit().hex());
    assertFilesMatchCommit(f, tar);
    assertThat(tar.keySet()).allMatch(n -> n.startsWith("matching-1.0.0/"));
    assertThat(tar.values())
        .allSatisfy(
            t -> {
              assertThat(t.regular()).isTrue();
              assertThat(t.mode()).isEqualTo(0644);
              assertThat(t.mtime()).isEqualTo(TestCrateTarball.CARGO_MTIME);
            });
    assertThat(entry(tar, f, "Cargo.toml").text())
        .contains("repository = \"https://example.invalid/owner/matching\"");
    assertThat(f.crateFile()).startsWith(tmp);
    assertThat(f.bareRepo()).isEqualTo(tmp.resolve("remote/matching.git"));
  }

  @Test
  void repositoryUrlIsWrittenIntoTheManifest() {
    Fixture f =
        TestCrates.build(TestCrateScenario.MATCHING, tmp, "http://127.0.0.1:1/matching.git");
    assertThat(f.entryText("Cargo.toml.orig"))
        .contains("repository = \"http://127.0.0.1:1/matching.git\"");
  }

  @Test
  void commitIdsAndArchiveBytesAreReproducible(@TempDir Path other) {
    Fixture a = TestCrates.build(TestCrateScenario.TAG_V_ANNOTATED, tmp);
    Fixture b = TestCrates.build(TestCrateScenario.TAG_V_ANNOTATED, other);
    assertThat(b.commit()).isEqualTo(a.commit());
    assertThat(git(b.bareRepo(), "rev-parse", "refs/tags/v1.0.0"))
        .isEqualTo(git(a.bareRepo(), "rev-parse", "refs/tags/v1.0.0"));
    assertThat(b.crateBytes()).isEqualTo(a.crateBytes());
  }

  @Test
  void extraFileInCrateIsNotInTheCommit() {
    Fixture f = TestCrates.build(TestCrateScenario.EXTRA_FILE_IN_CRATE, tmp);
    Map<String, TarFile> tar = readTar(f.crateBytes());
    TarFile backdoor = entry(tar, f, "src/backdoor.rs");

    assertThat(backdoor.text()).contains("fn backdoor");
    assertThat(backdoor.mode()).isEqualTo(0644);
    assertThat(backdoor.mtime()).isEqualTo(TestCrateTarball.CARGO_MTIME);
    assertThat(gitOk(f.bareRepo(), "cat-file", "-e", f.commit().hex() + ":src/backdoor.rs"))
        .isFalse();
    Map<String, TarFile> rest = new LinkedHashMap<>(tar);
    rest.remove(backdoor.name());
    assertFilesMatchCommit(f, rest);
    assertThat(vcsInfo(tar, f)).isEqualTo(Claim.of(f.commit(), false, ""));
    assertThat(read(f.crateFile())).isEqualTo(f.crateBytes());
  }

  @Test
  void modifiedFileInCrateDiffersFromTheBlob() {
    Fixture f = TestCrates.build(TestCrateScenario.MODIFIED_FILE_IN_CRATE, tmp);
    Map<String, TarFile> tar = readTar(f.crateBytes());
    byte[] committed = blob(f.bareRepo(), f.commit(), "src/lib.rs");

    assertThat(entry(tar, f, "src/lib.rs").data()).isNotEqualTo(committed);
    assertThat(entry(tar, f, "src/lib.rs").text())
        .startsWith(new String(committed, StandardCharsets.UTF_8))
        .contains("fn backdoor");
    assertThat(entry(tar, f, "README.md").data())
        .isEqualTo(blob(f.bareRepo(), f.commit(), "README.md"));
  }

  @Test
  void publishedDirtyRecordsDirtyAndTheUncommittedChange() {
    Fixture f = TestCrates.build(TestCrateScenario.PUBLISHED_DIRTY, tmp);
    Map<String, TarFile> tar = readTar(f.crateBytes());

    assertThat(vcsInfo(tar, f)).isEqualTo(Claim.of(f.commit(), true, ""));
    assertThat(entry(tar, f, ".cargo_vcs_info.json").text()).contains("\"dirty\": true");
    assertThat(entry(tar, f, "src/lib.rs").text()).contains("fn uncommitted");
    assertThat(new String(blob(f.bareRepo(), f.commit(), "src/lib.rs"), StandardCharsets.UTF_8))
        .doesNotContain("uncommitted");
  }

  @Test
  void commitNotPushedIsOnlyInTheWorkRepo() {
    Fixture f = TestCrates.build(TestCrateScenario.COMMIT_NOT_PUSHED, tmp);
    Map<String, TarFile> tar = readTar(f.crateBytes());

    assertThat(vcsInfo(tar, f)).isEqualTo(Claim.of(f.commit(), false, ""));
    assertThat(gitOk(f.bareRepo(), "cat-file", "-e", f.commit().hex() + "^{commit}")).isFalse();
    assertThat(gitOk(f.workRepo(), "cat-file", "-e", f.commit().hex() + "^{commit}")).isTrue();
    assertThat(git(f.bareRepo(), "rev-parse", "main")).isNotEqualTo(f.commit().hex());
    assertThat(f.tags()).isEmpty();
  }

  @Test
  void noVcsInfoRemovedFromTarball() {
    Fixture f = TestCrates.build(TestCrateScenario.NO_VCS_INFO, tmp);
    Map<String, TarFile> tar = readTar(f.crateBytes());

    assertThat(vcsInfo(tar, f)).isNull();
    assertThat(tar).hasSize(6);
    assertFilesMatchCommit(f, tar);
  }

  @Test
  void noVcsInfoWhenPackagedOutsideGit() {
    Fixture f = TestCrates.build(TestCrateScenario.NO_VCS_INFO_OUTSIDE_GIT, tmp);
    Map<String, TarFile> tar = readTar(f.crateBytes());

    assertThat(vcsInfo(tar, f)).isNull();
    assertFilesMatchCommit(f, tar);
    assertThat(f.tags()).containsExactly("v1.0.0");
  }

  @Test
  void noReleaseTagAndOtherTagOnly() {
    Fixture none = TestCrates.build(TestCrateScenario.NO_RELEASE_TAG, tmp);
    Fixture other = TestCrates.build(TestCrateScenario.OTHER_TAG_ONLY, tmp);

    assertThat(none.tags()).isEmpty();
    assertThat(git(none.bareRepo(), "tag", "--list")).isEmpty();
    assertThat(git(none.bareRepo(), "rev-parse", "main")).isEqualTo(none.commit().hex());
    assertThat(other.tags()).containsExactly("v0.9.0");
    assertThat(git(other.bareRepo(), "tag", "--points-at", other.commit().hex()))
        .isEqualTo("v0.9.0");
    assertThat(other.id().version().value()).isEqualTo("1.0.0");
  }

  @Test
  void monorepoRecordsPathInVcsAndNormalizesWorkspaceInheritance() {
    Fixture f = TestCrates.build(TestCrateScenario.MONOREPO_PATH_IN_VCS, tmp);
    Map<String, TarFile> tar = readTar(f.crateBytes());

    assertThat(f.id().toString()).isEqualTo("foo@1.0.0");
    assertThat(vcsInfo(tar, f)).isEqualTo(Claim.of(f.commit(), false, "crates/foo"));
    assertThat(peeledTag(f.bareRepo(), "foo-v1.0.0")).isEqualTo(f.commit().hex());
    assertFilesMatchCommit(f, tar);
    assertThat(entry(tar, f, "Cargo.toml.orig").text()).contains("edition.workspace = true");
    assertThat(entry(tar, f, "Cargo.toml").text()).contains("edition = \"2021\"");
    assertThat(tar.keySet()).noneMatch(n -> n.contains("bar"));
    assertThat(f.bareRepo()).isEqualTo(tmp.resolve("remote/monorepo-path-in-vcs.git"));
  }

  static Stream<Arguments> tagStyles() {
    return Stream.of(
        Arguments.of(TestCrateScenario.MATCHING, "1.0.0", "v1.0.0", false),
        Arguments.of(TestCrateScenario.TAG_PLAIN, "1.0.0", "1.0.0", false),
        Arguments.of(TestCrateScenario.TAG_V_ANNOTATED, "1.0.0", "v1.0.0", true),
        Arguments.of(TestCrateScenario.TAG_NAME_DASH, "1.0.0", "tag-name-dash-1.0.0", false),
        Arguments.of(TestCrateScenario.TAG_NAME_DASH_V, "1.0.0", "tag-name-dash-v-v1.0.0", false),
        Arguments.of(TestCrateScenario.TAG_NAME_SLASH_V, "1.0.0", "tag-name-slash-v/v1.0.0", false),
        Arguments.of(TestCrateScenario.TAG_NAME_AT, "1.0.0", "tag-name-at@1.0.0", false),
        Arguments.of(TestCrateScenario.TAG_V_SLASH, "1.0.0", "v/1.0.0", false),
        Arguments.of(TestCrateScenario.TAG_BUILD_METADATA, "1.0.0+extra", "1.0.0", false),
        Arguments.of(TestCrateScenario.TAG_PRERELEASE, "1.0.0-beta.1", "v1.0.0-beta.1", false));
  }

  @ParameterizedTest
  @MethodSource("tagStyles")
  void tagStylePointsAtTheClaimedCommit(
      TestCrateScenario scenario, String version, String tag, boolean annotated) {
    Fixture f = TestCrates.build(scenario, tmp);
    Map<String, TarFile> tar = readTar(f.crateBytes());

    assertThat(f.id().version().value()).isEqualTo(version);
    assertThat(f.id().name().value()).isEqualTo(scenario.id());
    assertThat(tar.keySet()).allMatch(n -> n.startsWith(scenario.id() + "-" + version + "/"));
    assertThat(f.tags()).containsExactly(tag);
    assertThat(vcsInfo(tar, f)).isEqualTo(Claim.of(f.commit(), false, ""));
    assertThat(peeledTag(f.bareRepo(), tag)).isEqualTo(f.commit().hex());
    assertThat(git(f.bareRepo(), "cat-file", "-t", "refs/tags/" + tag))
        .isEqualTo(annotated ? "tag" : "commit");
    assertThat(entry(tar, f, "Cargo.toml").text()).contains("version = \"" + version + "\"");
  }

  @Test
  void readmeOutsidePackageIsCopiedToThePackageRoot() {
    Fixture f = TestCrates.build(TestCrateScenario.README_OUTSIDE_PACKAGE, tmp);
    Map<String, TarFile> tar = readTar(f.crateBytes());

    assertThat(vcsInfo(tar, f)).isEqualTo(Claim.of(f.commit(), false, "crates/foo"));
    assertThat(entry(tar, f, "README.md").data())
        .isEqualTo(blob(f.bareRepo(), f.commit(), "README.md"));
    assertThat(gitOk(f.bareRepo(), "cat-file", "-e", f.commit().hex() + ":crates/foo/README.md"))
        .isFalse();
    assertThat(entry(tar, f, "Cargo.toml.orig").text()).contains("readme = \"../../README.md\"");
    assertThat(entry(tar, f, "Cargo.toml").text()).contains("readme = \"README.md\"");
  }

  @Test
  void symlinkIsFlattenedToTheTargetsContent() {
    Fixture f = TestCrates.build(TestCrateScenario.SYMLINK_IN_PACKAGE, tmp);
    Map<String, TarFile> tar = readTar(f.crateBytes());
    TarFile alias = entry(tar, f, "src/alias.rs");

    assertThat(alias.regular()).isTrue();
    assertThat(alias.data()).isEqualTo(blob(f.bareRepo(), f.commit(), "src/real.rs"));
    assertThat(git(f.bareRepo(), "ls-tree", f.commit().hex(), "src/alias.rs"))
        .startsWith("120000 blob ");
    assertThat(blob(f.bareRepo(), f.commit(), "src/alias.rs"))
        .isEqualTo("real.rs".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void symlinkToTheRepoRootIsFlattenedToTheRootFile() {
    Fixture f = TestCrates.build(TestCrateScenario.SYMLINK_OUTSIDE_PACKAGE, tmp);
    Map<String, TarFile> tar = readTar(f.crateBytes());

    assertThat(vcsInfo(tar, f)).isEqualTo(Claim.of(f.commit(), false, "crates/foo"));
    assertThat(entry(tar, f, "LICENSE").regular()).isTrue();
    assertThat(entry(tar, f, "LICENSE").data())
        .isEqualTo(blob(f.bareRepo(), f.commit(), "LICENSE"));
    assertThat(git(f.bareRepo(), "ls-tree", f.commit().hex(), "crates/foo/LICENSE"))
        .startsWith("120000 blob ");
    assertThat(blob(f.bareRepo(), f.commit(), "crates/foo/LICENSE"))
        .isEqualTo("../../LICENSE".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void submoduleFileComesFromTheSubmodulesOwnRepo() {
    Fixture f = TestCrates.build(TestCrateScenario.SUBMODULE, tmp);
    Map<String, TarFile> tar = readTar(f.crateBytes());
    TestCrates.Submodule sub = f.submodules().getFirst();

    assertThat(sub.path()).isEqualTo("src/vendored");
    assertThat(git(f.bareRepo(), "ls-tree", f.commit().hex(), "src/vendored"))
        .isEqualTo("160000 commit " + sub.commit().hex() + "\tsrc/vendored");
    assertThat(entry(tar, f, "src/vendored/generated.rs").data())
        .isEqualTo(blob(sub.bareRepo(), sub.commit(), "generated.rs"));
    assertThat(
            gitOk(f.bareRepo(), "cat-file", "-e", f.commit().hex() + ":src/vendored/generated.rs"))
        .isFalse();
    assertThat(new String(blob(f.bareRepo(), f.commit(), ".gitmodules"), StandardCharsets.UTF_8))
        .contains("url = ../submodule-sub.git");
    assertThat(sub.bareRepo()).isEqualTo(tmp.resolve("remote/submodule-sub.git"));
  }

  @Test
  void crlfTarballDiffersFromTheBlobOnlyByLineEndings() {
    Fixture f = TestCrates.build(TestCrateScenario.CRLF, tmp);
    Map<String, TarFile> tar = readTar(f.crateBytes());
    String packaged = entry(tar, f, "src/lib.rs").text();
    String committed =
        new String(blob(f.bareRepo(), f.commit(), "src/lib.rs"), StandardCharsets.UTF_8);

    assertThat(vcsInfo(tar, f)).isEqualTo(Claim.of(f.commit(), false, ""));
    assertThat(packaged).contains("\r\n");
    assertThat(committed).doesNotContain("\r");
    assertThat(packaged).isNotEqualTo(committed);
    assertThat(packaged.replace("\r\n", "\n")).isEqualTo(committed);
    assertThat(entry(tar, f, "README.md").data())
        .isEqualTo(blob(f.bareRepo(), f.commit(), "README.md"));
  }

  @Test
  void autocrlfGivesCrlfInEveryTextFileIncludingCargoTomlOrig() {
    Fixture f = TestCrates.build(TestCrateScenario.CRLF_AUTOCRLF, tmp);
    Map<String, TarFile> tar = readTar(f.crateBytes());

    assertThat(vcsInfo(tar, f)).isEqualTo(Claim.of(f.commit(), false, ""));
    for (String path : List.of("src/lib.rs", "README.md", "LICENSE", "Cargo.toml.orig")) {
      String blobPath = path.equals("Cargo.toml.orig") ? "Cargo.toml" : path;
      String committed =
          new String(blob(f.bareRepo(), f.commit(), blobPath), StandardCharsets.UTF_8);
      String packaged = entry(tar, f, path).text();
      assertThat(committed).as(path).doesNotContain("\r");
      assertThat(packaged).as(path).contains("\r\n").isNotEqualTo(committed);
      assertThat(packaged.replace("\r\n", "\n")).as(path).isEqualTo(committed);
    }
    assertThat(gitOk(f.bareRepo(), "cat-file", "-e", f.commit().hex() + ":.gitattributes"))
        .isFalse();
  }

  @Test
  void commitNotOnDefaultBranchIsReachableOnlyFromTheTagAndSideBranch() {
    Fixture f = TestCrates.build(TestCrateScenario.COMMIT_NOT_ON_DEFAULT_BRANCH, tmp);
    Map<String, TarFile> tar = readTar(f.crateBytes());

    assertThat(vcsInfo(tar, f)).isEqualTo(Claim.of(f.commit(), false, ""));
    assertThat(peeledTag(f.bareRepo(), "v1.0.0")).isEqualTo(f.commit().hex());
    assertThat(gitOk(f.bareRepo(), "merge-base", "--is-ancestor", f.commit().hex(), "main"))
        .isFalse();
    assertThat(git(f.bareRepo(), "rev-parse", "release-1.0")).isEqualTo(f.commit().hex());
    assertThat(git(f.bareRepo(), "symbolic-ref", "HEAD")).isEqualTo("refs/heads/main");
  }

  @Test
  void cargoTomlOrigDiffersFromTheCommittedManifest() {
    Fixture f = TestCrates.build(TestCrateScenario.CARGO_TOML_ORIG_DIFFERS, tmp);
    Map<String, TarFile> tar = readTar(f.crateBytes());
    String committed =
        new String(blob(f.bareRepo(), f.commit(), "Cargo.toml"), StandardCharsets.UTF_8);

    assertThat(entry(tar, f, "Cargo.toml.orig").text())
        .isNotEqualTo(committed)
        .contains("Tampered fixture");
    assertThat(entry(tar, f, "Cargo.toml").text()).contains("Test fixture");
    assertThat(entry(tar, f, "src/lib.rs").data())
        .isEqualTo(blob(f.bareRepo(), f.commit(), "src/lib.rs"));
  }

  @Test
  void cargoTomlInconsistentWithOrig() {
    Fixture f = TestCrates.build(TestCrateScenario.CARGO_TOML_INCONSISTENT, tmp);
    Map<String, TarFile> tar = readTar(f.crateBytes());

    assertThat(entry(tar, f, "Cargo.toml").text())
        .contains("version = \"1.0.1\"")
        .contains("[dependencies.evil]");
    assertThat(entry(tar, f, "Cargo.toml.orig").data())
        .isEqualTo(blob(f.bareRepo(), f.commit(), "Cargo.toml"));
    assertThat(entry(tar, f, "Cargo.toml.orig").text()).contains("version = \"1.0.0\"");
  }

  @Test
  void repackageWithoutEditsReproducesCargosTarStreamExactly() {
    String longPath = "src/" + "a".repeat(60) + "/" + "b".repeat(50) + "/module.rs";
    Fixture f =
        TestCrates.build(
            TestCrateSpec.of("longpaths", "0.1.0")
                .withFile(longPath, "pub fn deep() {}\n")
                .withFile("run.sh", "#!/bin/sh\n"),
            tmp);
    byte[] again = TestCrates.repackage(f.crateBytes(), m -> {});

    assertThat(TestCrateTarball.gunzip(again)).isEqualTo(TestCrateTarball.gunzip(f.crateBytes()));
    Map<String, TarFile> tar = readTar(again);
    assertThat(entry(tar, f, longPath).text()).isEqualTo("pub fn deep() {}\n");
    assertThat(f.tags()).containsExactly("v0.1.0");
  }

  @Test
  void repackageAddsLongPathsReadableByCommonsCompress() {
    Fixture f = TestCrates.build(TestCrateScenario.MATCHING, tmp);
    String added = f.id().dirName() + "/" + "x/".repeat(70) + "deep.rs";
    byte[] changed =
        TestCrates.repackage(
            f.crateBytes(), m -> m.put(added, "fn x() {}".getBytes(StandardCharsets.UTF_8)));

    Map<String, TarFile> tar = readTar(changed);
    assertThat(tar.get(added).text()).isEqualTo("fn x() {}");
    assertThat(tar.get(added).mode()).isEqualTo(0644);
    assertThat(List.copyOf(tar.keySet())).isSorted();
    assertThat(tar).hasSize(readTar(f.crateBytes()).size() + 1);
  }

  @Test
  void dependencyResolvesOfflineFromADirectorySource() {
    DebianCrates debian = DebianCrates.ensure(DebianCrates.DEFAULT_DEST);
    Fixture f =
        TestCrates.build(
            TestCrateSpec.of("withdep", "1.0.0").withDependency("either", "1", debian.registry()),
            tmp);
    Map<String, TarFile> tar = readTar(f.crateBytes());
    String either = debian.find("either").orElseThrow().version();

    assertThat(entry(tar, f, "Cargo.lock").text())
        .contains("name = \"either\"\nversion = \"" + either + "\"");
    assertThat(entry(tar, f, "Cargo.toml").text()).contains("[dependencies.either]");
    assertThat(tar.keySet()).noneMatch(n -> n.contains(".cargo/config"));
    assertThat(tmp.resolve("cargo/home/withdep/config.toml")).exists();
    assertFilesMatchCommit(f, tar);
  }

  @Test
  void allScenariosBuildSideBySideInOneTempDir() {
    Map<TestCrateScenario, Fixture> all =
        TestCrates.buildAll(tmp, name -> "http://127.0.0.1:9/" + name);

    assertThat(all).hasSize(TestCrateScenario.values().length);
    assertThat(all.values()).extracting(Fixture::bareRepo).doesNotHaveDuplicates();
    assertThat(all.values()).extracting(Fixture::crateFile).doesNotHaveDuplicates();
    all.forEach(
        (s, f) -> {
          assertThat(f.scenario()).isEqualTo(s.id());
          assertThat(f.bareRepo()).isEqualTo(TestCrates.remoteRoot(tmp).resolve(s.bareRepoName()));
          assertThat(f.entryText("Cargo.toml.orig"))
              .as(s.id())
              .contains("repository = \"http://127.0.0.1:9/" + s.bareRepoName() + "\"");
          assertThat(readTar(f.crateBytes()).keySet())
              .as(s.id())
              .allMatch(n -> n.startsWith(f.id().dirName() + "/"));
        });
  }

  @Test
  void sameRepoNameTwiceInOneTempDirIsRefused() {
    TestCrates.build(TestCrateScenario.MATCHING, tmp);
    assertThatThrownBy(() -> TestCrates.build(TestCrateScenario.MATCHING, tmp))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("remote/matching.git")
        .hasMessageContaining("already exists");
  }

  @Test
  void cargoFailureNamesTheCommandAndCargosReason() {
    assertThatThrownBy(() -> TestCrates.build(TestCrateSpec.of("9bad", "1.0.0"), tmp))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cargo")
        .hasMessageContaining("package")
        .hasMessageContaining("9bad");
    assertThat(tmp.resolve("remote/9bad.git")).isDirectory();
    assertThat(Path.of("target", "package", "9bad-1.0.0.crate")).doesNotExist();
  }

  @Test
  void repackageOfNonGzipNamesTheProblem() {
    assertThatThrownBy(
            () -> TestCrates.repackage("not a crate".getBytes(StandardCharsets.UTF_8), m -> {}))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("read test crate")
        .hasMessageContaining("not gzip");
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
