package dev.cratetrust.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.BlobId;
import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.provenance.RepositorySnapshot;
import dev.cratetrust.signals.CrateSignals;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The repository side of {@code diff --repo}, over an in-memory repository with hostile trees. */
class RepositorySidesTest {
  private static final CommitId C = CommitId.of("c".repeat(40));

  /** One commit's tree; blobs by id; ids listed in {@code hidden} read as too large. */
  static final class FakeRepo implements RepositorySnapshot {
    final Map<String, TreeEntry> tree = new LinkedHashMap<>();
    final Map<String, byte[]> blobs = new HashMap<>();
    final List<String> hidden = new ArrayList<>();
    int blobReads;

    FakeRepo file(String path, String content) {
      return put(path, EntryMode.FILE, content);
    }

    FakeRepo link(String path, String target) {
      return put(path, EntryMode.SYMLINK, target);
    }

    FakeRepo gitlink(String path) {
      tree.put(path, new TreeEntry(path, EntryMode.GITLINK, "d".repeat(40)));
      return this;
    }

    FakeRepo put(String path, EntryMode mode, String content) {
      byte[] b = content.getBytes(StandardCharsets.UTF_8);
      String id = new CrateFile("x", b, false).blobId().hex();
      blobs.put(id, b);
      tree.put(path, new TreeEntry(path, mode, id));
      return this;
    }

    @Override
    public String url() {
      return "https://example.test/repo";
    }

    @Override
    public List<TreeEntry> tree(CommitId commit, String folder) {
      String prefix = folder.isEmpty() ? "" : folder + "/";
      List<TreeEntry> out = new ArrayList<>();
      for (TreeEntry e : tree.values()) {
        if (e.path().startsWith(prefix)) {
          out.add(new TreeEntry(e.path().substring(prefix.length()), e.mode(), e.objectId()));
        }
      }
      return out;
    }

    @Override
    public Optional<byte[]> blob(BlobId id, long maxBytes) {
      blobReads++;
      if (hidden.contains(id.hex())) {
        return Optional.empty();
      }
      return Optional.ofNullable(blobs.get(id.hex()));
    }

    @Override
    public boolean searchHistoryForBlob(BlobId id) {
      return blobs.containsKey(id.hex());
    }

    @Override
    public Containment containment(CommitId commit) {
      return new Containment(Containment.Kind.ON_BRANCH_OR_TAG, List.of());
    }

    @Override
    public List<Tag> tags() {
      return List.of();
    }

    @Override
    public Reachability reachableFromDefaultBranch(CommitId commit) {
      return Reachability.UNKNOWN;
    }

    @Override
    public Optional<RepositorySnapshot> submodule(String url, CommitId commit) {
      return Optional.empty();
    }
  }

  private static CrateContents crate(String... pathsAndContents) {
    List<CrateFile> files = new ArrayList<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      files.add(
          new CrateFile(
              pathsAndContents[i],
              pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8),
              false));
    }
    return new CrateContents(PackageId.of("demo", "1.0.0"), files, "test", Optional.empty());
  }

  private static final String ORIG = "[package]\nname = \"demo\"\nversion = \"1.0.0\"\n";

  private static CrateDiff diff(RepositorySides.Sides s) {
    return new CrateDiffer(new CrateSignals(Clock.systemUTC()))
        .diff(s.repository(), s.crate(), s.skippedPaths(), s.manifestPath());
  }

  @Test
  void cargoWrittenFilesAreExpectedAndTheOriginalManifestIsComparedInThePackageFolder()
      throws Exception {
    FakeRepo repo =
        new FakeRepo()
            .file("crates/demo/Cargo.toml", ORIG)
            .file("crates/demo/src/lib.rs", "pub fn f() {}\n")
            .file("crates/demo/tests/big.rs", "#[test] fn t() {}\n")
            .file("crates/other/src/lib.rs", "x\n");
    CrateContents c =
        crate(
            ".cargo_vcs_info.json", "{}",
            "Cargo.toml", "[package]\nname = \"demo\"\nversion = \"1.0.0\"\nbuild = false\n",
            "Cargo.toml.orig", ORIG,
            "Cargo.lock", "# generated\n",
            "src/lib.rs", "pub fn f() {}\n");
    RepositorySides.Sides s = RepositorySides.build(c, repo, C, "/crates/demo/");
    assertThat(s.pathInVcs()).isEqualTo("crates/demo");
    assertThat(s.expected())
        .extracting(RepositorySides.Skipped::path)
        .containsExactlyInAnyOrder(".cargo_vcs_info.json", "Cargo.toml", "Cargo.lock");
    assertThat(s.notPackaged()).containsExactly("tests/big.rs");
    CrateDiff d = diff(s);
    assertThat(d.files()).isEmpty();
    assertThat(d.unchanged()).isEqualTo(2);
    assertThat(d.manifest()).hasValueSatisfying(m -> assertThat(m.isEmpty()).isTrue());
  }

  @Test
  void crateWithoutCargoTomlOrigComparesItsManifestDirectly() throws Exception {
    FakeRepo repo = new FakeRepo().file("Cargo.toml", ORIG).file("src/lib.rs", "a\n");
    RepositorySides.Sides s =
        RepositorySides.build(
            crate("Cargo.toml", ORIG + "edition = \"2024\"\n", "src/lib.rs", "a\n"), repo, C, "");
    assertThat(s.manifestPath()).isEqualTo("Cargo.toml");
    CrateDiff d = diff(s);
    assertThat(d.files()).extracting(FileChange::path).containsExactly("Cargo.toml");
    assertThat(d.manifest().orElseThrow().fields().toString()).contains("package.edition", "2024");
  }

  @Test
  void pathInVcsLeavingTheRepositoryFindsNothingSoEveryFileShowsAsAdded() throws Exception {
    FakeRepo repo = new FakeRepo().file("Cargo.toml", ORIG).file("src/lib.rs", "a\n");
    RepositorySides.Sides s =
        RepositorySides.build(
            crate("Cargo.toml.orig", ORIG, "src/lib.rs", "a\n"), repo, C, "../../outside");
    CrateDiff d = diff(s);
    assertThat(d.withStatus(FileChange.Status.ADDED))
        .extracting(FileChange::path)
        .containsExactly("Cargo.toml.orig", "src/lib.rs");
    assertThat(s.notPackaged()).isEmpty();
  }

  @Test
  void aLockFileInTheRepositoryIsComparedNotExcused() throws Exception {
    FakeRepo repo = new FakeRepo().file("Cargo.toml", ORIG).file("Cargo.lock", "# v1\n");
    RepositorySides.Sides s =
        RepositorySides.build(crate("Cargo.toml.orig", ORIG, "Cargo.lock", "# v2\n"), repo, C, "");
    assertThat(s.expected()).isEmpty();
    assertThat(diff(s).withStatus(FileChange.Status.CHANGED))
        .extracting(FileChange::path)
        .containsExactly("Cargo.lock");
  }

  @Test
  void symlinkLoopsEscapesAndAbsoluteTargetsResolveToNothingSoTheFileShowsAsAdded()
      throws Exception {
    FakeRepo repo =
        new FakeRepo()
            .file("Cargo.toml", ORIG)
            .link("a.rs", "b.rs")
            .link("b.rs", "a.rs")
            .link("up.rs", "../../etc/passwd")
            .link("abs.rs", "/etc/passwd")
            .link("ok.rs", "real/ok.rs")
            .file("real/ok.rs", "fn ok() {}\n");
    RepositorySides.Sides s =
        RepositorySides.build(
            crate(
                "Cargo.toml.orig", ORIG,
                "a.rs", "loop\n",
                "up.rs", "root:x:0:0\n",
                "abs.rs", "root:x:0:0\n",
                "ok.rs", "fn ok() {}\n"),
            repo,
            C,
            "");
    CrateDiff d = diff(s);
    assertThat(d.withStatus(FileChange.Status.ADDED))
        .extracting(FileChange::path)
        .containsExactly("a.rs", "abs.rs", "up.rs");
    assertThat(d.unchanged()).isEqualTo(2);
    assertThat(repo.blobReads).isLessThan(100);
  }

  @Test
  void readmeCopiedFromAboveThePackageFolderIsFoundWhereTheManifestSaysAndNoHigher()
      throws Exception {
    String orig = ORIG + "readme = \"../../README.md\"\nlicense-file = \"../../../LICENSE\"\n";
    FakeRepo repo =
        new FakeRepo()
            .file("crates/demo/Cargo.toml", orig)
            .file("README.md", "# demo\n")
            .file("LICENSE", "MIT\n");
    RepositorySides.Sides s =
        RepositorySides.build(
            crate("Cargo.toml.orig", orig, "README.md", "# demo\n", "LICENSE", "MIT\n"),
            repo,
            C,
            "crates/demo");
    CrateDiff d = diff(s);
    assertThat(d.withStatus(FileChange.Status.ADDED))
        .as("a license-file path leaving the repository is not followed")
        .extracting(FileChange::path)
        .containsExactly("LICENSE");
    assertThat(d.unchanged()).isEqualTo(2);
  }

  @Test
  void submoduleContentAndUnreadableBlobsAreNotComparedRatherThanAdded() throws Exception {
    FakeRepo repo =
        new FakeRepo().file("Cargo.toml", ORIG).gitlink("vendor/lib").file("big.bin", "huge");
    repo.hidden.add(
        new CrateFile("x", "huge".getBytes(StandardCharsets.UTF_8), false).blobId().hex());
    RepositorySides.Sides s =
        RepositorySides.build(
            crate("Cargo.toml.orig", ORIG, "vendor/lib/src/x.rs", "x\n", "big.bin", "huge"),
            repo,
            C,
            "");
    assertThat(s.notCompared())
        .extracting(RepositorySides.Skipped::path)
        .containsExactlyInAnyOrder("vendor/lib/src/x.rs", "big.bin");
    assertThat(s.notCompared().toString()).contains("inside submodule vendor/lib", "larger than");
    assertThat(diff(s).files()).isEmpty();
    assertThat(s.skippedPaths()).contains("vendor/lib/src/x.rs", "big.bin");
    assertThat(Set.copyOf(s.notPackaged())).isEmpty();
  }

  @Test
  void submoduleReachedThroughASymlinkIsNotComparedButASubmoduleEntryItselfIsNoFile()
      throws Exception {
    FakeRepo repo =
        new FakeRepo().file("Cargo.toml", ORIG).gitlink("vendor/lib").link("src", "vendor/lib/src");
    RepositorySides.Sides s =
        RepositorySides.build(
            crate("Cargo.toml.orig", ORIG, "src/x.rs", "x\n", "vendor/lib", "a file\n"),
            repo,
            C,
            "");
    assertThat(s.notCompared())
        .extracting(RepositorySides.Skipped::path)
        .containsExactly("src/x.rs");
    assertThat(s.notCompared().toString()).contains("inside submodule vendor/lib");
    // The crate's file where the commit has a submodule entry is shown as added, as the checker
    // reports it as differing.
    assertThat(diff(s).files()).extracting(FileChange::path).containsExactly("vendor/lib");
  }
}
