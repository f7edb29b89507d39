package dev.cratetrust.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.provenance.RepositorySnapshot.EntryMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The file step on its own: one commit, one package folder, the crate's files. */
class CommitComparisonTest {
  private static final String ORIG = "[package]\nname = \"demo\"\nversion = \"1.0.0\"\n";
  private final InMemoryRepository repo = new InMemoryRepository();
  private final InMemoryRepository sub = new InMemoryRepository();
  private final List<Finding> findings = new ArrayList<>();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private Map<String, FileResult> compare(CommitId c, String folder, Map<String, String> files)
      throws UnavailableException {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Cargo.toml.orig", ORIG);
    all.put("Cargo.toml", ORIG);
    all.putAll(files);
    List<CrateFile> list = new ArrayList<>();
    all.forEach((p, x) -> list.add(new CrateFile(p, utf8(x), false)));
    CrateContents crate =
        new CrateContents(PackageId.of("demo", "1.0.0"), list, "test", Optional.empty());
    PackagedManifests manifests = PackagedManifests.read(crate);
    Map<String, FileResult> out = new LinkedHashMap<>();
    for (FileResult r :
        new CommitComparison(
                repo,
                crate,
                manifests,
                List.of(),
                c,
                folder,
                new PackagePaths(repo, c),
                new DiffRenderer(1024),
                findings)
            .compare()) {
      out.put(r.path(), r);
    }
    return out;
  }

  @Test
  void readmeFromOutsideThePackageFolderIsExplained() throws UnavailableException {
    CommitId c =
        repo.commit(Map.of("crates/README.md", "hello\n", "crates/demo/Cargo.toml", ORIG), true);
    String orig = ORIG + "readme = \"../README.md\"\n";
    List<CrateFile> list = new ArrayList<>();
    list.add(new CrateFile("Cargo.toml.orig", utf8(orig), false));
    list.add(new CrateFile("Cargo.toml", utf8(orig), false));
    list.add(new CrateFile("README.md", utf8("hello\n"), false));
    CrateContents crate =
        new CrateContents(PackageId.of("demo", "1.0.0"), list, "test", Optional.empty());
    List<FileResult> results =
        new CommitComparison(
                repo,
                crate,
                PackagedManifests.read(crate),
                List.of(),
                c,
                "crates/demo",
                new PackagePaths(repo, c),
                new DiffRenderer(1024),
                findings)
            .compare();
    FileResult readme =
        results.stream().filter(r -> r.path().equals("README.md")).findFirst().orElseThrow();
    assertThat(readme.explanation()).contains(Explanation.OUTSIDE_PACKAGE);
    assertThat(readme.repositoryPath()).contains("crates/README.md");
  }

  @Test
  void differingFileGetsADiffAndFindings() throws UnavailableException {
    CommitId c = repo.commit(Map.of("Cargo.toml", ORIG, "src/lib.rs", "a\n"), true);
    FileResult r = compare(c, "", Map.of("src/lib.rs", "b\n")).get("src/lib.rs");
    assertThat(r.status()).isEqualTo(FileResult.Status.DIFFERS);
    assertThat(r.diff().orElseThrow()).contains("--- repository/src/lib.rs", "+b");
    assertThat(findings.stream().map(Finding::reason))
        .containsExactly(Reason.FILES_DIFFER, Reason.FILES_NOT_IN_REPOSITORY);
  }

  @Test
  void submoduleIsComparedWhenThePathCrossesItDirectlyOrThroughASymlink()
      throws UnavailableException {
    CommitId subCommit = sub.commit(Map.of("src/lib.rs", "sub\n"), true);
    CommitId c =
        repo.commit(
            Map.of(
                "Cargo.toml",
                ORIG,
                ".gitmodules",
                "[submodule \"s\"]\n\tpath = vendor/s\n\turl = ../s.git\n"),
            true);
    repo.gitlink(c, "vendor/s", subCommit);
    repo.put(c, repo.entry("linked", EntryMode.SYMLINK, utf8("vendor/s/src")));
    repo.addSubmodule("../s.git", sub);
    Map<String, FileResult> r =
        compare(c, "", Map.of("vendor/s/src/lib.rs", "sub\n", "linked/lib.rs", "sub\n"));
    assertThat(r.get("vendor/s/src/lib.rs").explanation()).contains(Explanation.SUBMODULE);
    // Since checker version 3 a symlink into a submodule is followed and the file compared there.
    assertThat(r.get("linked/lib.rs").explanation()).contains(Explanation.SUBMODULE);
    assertThat(r.get("linked/lib.rs").repositoryPath()).contains("vendor/s/src/lib.rs");
    Map<String, FileResult> changed = compare(c, "", Map.of("linked/lib.rs", "not the sub's\n"));
    assertThat(changed.get("linked/lib.rs").status())
        .isNotIn(FileResult.Status.MATCH, FileResult.Status.EXPLAINED);
  }
}
