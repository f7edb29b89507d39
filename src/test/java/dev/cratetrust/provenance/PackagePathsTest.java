package dev.cratetrust.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.provenance.PackagePaths.Resolved;
import dev.cratetrust.provenance.RepositorySnapshot.EntryMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PackagePathsTest {
  private final InMemoryRepository repo = new InMemoryRepository();
  private final CommitId commit =
      repo.commit(Map.of("README.md", "readme\n", "common/lib.rs", "fn f() {}\n"), true);

  private void link(String path, String target) {
    repo.put(commit, repo.entry(path, EntryMode.SYMLINK, target.getBytes(StandardCharsets.UTF_8)));
  }

  private Resolved resolve(String path) throws UnavailableException {
    return new PackagePaths(repo, commit).resolve(path);
  }

  @Test
  void plainFileResolvesWithoutSymlink() throws UnavailableException {
    assertThat(resolve("README.md"))
        .isInstanceOfSatisfying(
            Resolved.File.class,
            f -> {
              assertThat(f.path()).isEqualTo("README.md");
              assertThat(f.throughSymlink()).isFalse();
            });
  }

  @Test
  void followsFileAndFolderSymlinksRelativeToTheirFolder() throws UnavailableException {
    link("crate/README.md", "../README.md");
    link("crate/src", "../common");
    assertThat(resolve("crate/README.md"))
        .isInstanceOfSatisfying(
            Resolved.File.class,
            f -> {
              assertThat(f.path()).isEqualTo("README.md");
              assertThat(f.throughSymlink()).isTrue();
            });
    assertThat(resolve("crate/src/lib.rs"))
        .isInstanceOfSatisfying(
            Resolved.File.class, f -> assertThat(f.path()).isEqualTo("common/lib.rs"));
  }

  @Test
  void loopsAbsoluteLinksAndEscapesAreMissing() throws UnavailableException {
    link("a", "b");
    link("b", "a");
    link("abs", "/etc/passwd");
    link("out", "../../x");
    assertThat(resolve("a")).isInstanceOf(Resolved.Missing.class);
    assertThat(resolve("abs")).isInstanceOf(Resolved.Missing.class);
    assertThat(resolve("out")).isInstanceOf(Resolved.Missing.class);
    assertThat(resolve("nothing/here")).isInstanceOf(Resolved.Missing.class);
  }

  @Test
  void fileUsedAsFolderIsMissing() throws UnavailableException {
    link("via", "README.md/../common/lib.rs");
    assertThat(resolve("README.md/x")).isInstanceOf(Resolved.Missing.class);
    assertThat(resolve("via")).isInstanceOf(Resolved.Missing.class);
  }

  @Test
  void submoduleIsReportedDirectlyAndThroughSymlinksTheSameWay() throws UnavailableException {
    repo.gitlink(commit, "vendor/sub", CommitId.of("a".repeat(40)));
    link("crate/src", "../vendor/sub/src");
    assertThat(resolve("vendor/sub/src/lib.rs"))
        .isInstanceOfSatisfying(
            Resolved.InSubmodule.class,
            s -> {
              assertThat(s.modulePath()).isEqualTo("vendor/sub");
              assertThat(s.inside()).isEqualTo("src/lib.rs");
              assertThat(s.throughSymlink()).isFalse();
            });
    assertThat(resolve("crate/src/lib.rs"))
        .isInstanceOfSatisfying(
            Resolved.InSubmodule.class,
            s -> {
              assertThat(s.modulePath()).isEqualTo("vendor/sub");
              assertThat(s.inside()).isEqualTo("src/lib.rs");
              assertThat(s.throughSymlink()).isTrue();
            });
    assertThat(resolve("vendor/sub")).isInstanceOf(Resolved.Missing.class);
    assertThat(resolve("vendor/sub/../../README.md")).isInstanceOf(Resolved.File.class);
  }

  @Test
  void fileReturnsOnlyFiles() throws UnavailableException {
    PackagePaths paths = new PackagePaths(repo, commit);
    assertThat(paths.file("README.md")).isPresent();
    assertThat(paths.file("common")).isEmpty();
  }

  @Test
  void outsideCandidatesKeepDeclaredFilesWithAFolderPartThatStayInTheRepository() {
    assertThat(
            PackagePaths.outsideCandidates(
                List.of("../README.md", "README.md", "..\\LICENSE", "../../../README.md"),
                "crates/a",
                "README.md"))
        .containsExactly("crates/README.md");
    assertThat(PackagePaths.outsideCandidates(List.of("..\\LICENSE"), "crates/a", "LICENSE"))
        .containsExactly("crates/LICENSE");
    assertThat(PackagePaths.outsideCandidates(List.of("../README.md"), "", "README.md")).isEmpty();
  }

  @Test
  void normalizeJoinResolvesDotsAndRefusesToLeaveTheRoot() {
    assertThat(PackagePaths.normalizeJoin("a/b", "../c/./d")).isEqualTo(Optional.of("a/c/d"));
    assertThat(PackagePaths.normalizeJoin("", "x")).isEqualTo(Optional.of("x"));
    assertThat(PackagePaths.normalizeJoin("a", "../../x")).isEmpty();
    assertThat(PackagePaths.normalizeJoin("a", "..")).isEmpty();
    assertThat(PackagePaths.join(null, "x")).isEqualTo("x");
  }
}
