package dev.cratetrust.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.BlobId;
import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.distro.PatchReversal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The provenance check of a crate read from a distribution's folder, on an in-memory repo. */
class DistributionCheckTest {
  private static final String MANIFEST = "[package]\nname = \"demo\"\nversion = \"1.2.3\"\n";
  private static final String LIB = "pub fn f() -> u32 { 1 }\n";
  private static final String OLD_LIB = "pub fn f() -> u32 { 0 }\n";
  private static final String GONE = "pub fn gone() {}\n";

  private final InMemoryRepository repo = new InMemoryRepository();

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private ProvenanceReport check(CommitId commit, Map<String, String> disk, String patches) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        ".cargo_vcs_info.json",
        "{\"git\":{\"sha1\":\"" + commit.hex() + "\"},\"path_in_vcs\":\"\"}");
    files.put("Cargo.toml", MANIFEST);
    files.put("Cargo.toml.orig", MANIFEST);
    files.putAll(disk);
    List<CrateFile> list = new ArrayList<>();
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    files.forEach(
        (p, c) -> {
          list.add(new CrateFile(p, b(c), false));
          bytes.put(p, b(c));
        });
    PatchReversal.Result reversal =
        PatchReversal.reverse(
            "debian/patches", b("p.patch\n"), Map.of("p.patch", b(patches)), bytes);
    try {
      return new ProvenanceChecker()
          .check(
              new ProvenanceInput(
                  new CrateContents(PackageId.of("demo", "1.2.3"), list, "dir", Optional.empty()),
                  Optional.of(repo.url()),
                  new RepositoryState.Available(repo),
                  Optional.empty(),
                  List.of(),
                  Optional.of(
                      new DistributionFolder(
                          Optional.of("debian"),
                          List.of("debian/patches/p.patch", "debian/patches/series"),
                          Optional.empty(),
                          Optional.of(reversal)))));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static FileResult file(ProvenanceReport r, String path) {
    return r.files().stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow();
  }

  @Test
  void changedAddedAndDeletedFilesAreTracedToThePatch() {
    CommitId c =
        repo.commit(Map.of("Cargo.toml", MANIFEST, "src/lib.rs", LIB, "src/gone.rs", GONE), true);
    repo.tag("v1.2.3", c);
    String patch =
        "--- a/src/lib.rs\n+++ b/src/lib.rs\n@@ -1 +1,2 @@\n pub fn f() -> u32 { 1 }\n+// debian\n"
            + "--- a/src/gone.rs\n+++ /dev/null\n@@ -1 +0,0 @@\n-pub fn gone() {}\n"
            + "--- /dev/null\n+++ b/debian-only.rs\n@@ -0,0 +1 @@\n+// new\n";
    ProvenanceReport r =
        check(c, Map.of("src/lib.rs", LIB + "// debian\n", "debian-only.rs", "// new\n"), patch);

    assertThat(r.category()).isEqualTo(Category.GOLD_STAR);
    assertThat(r.reasonCodes()).containsExactly("distribution-folder", "distribution-patched");
    FileResult lib = file(r, "src/lib.rs");
    assertThat(lib.explanation()).contains(Explanation.DISTRIBUTION_PATCH);
    assertThat(lib.crateBlob()).isEqualTo(BlobId.of(b(LIB + "// debian\n")).hex());
    assertThat(lib.repositoryBlob()).contains(BlobId.of(b(LIB)).hex());
    assertThat(lib.detail().orElseThrow())
        .contains("debian/patches/p.patch")
        .contains(BlobId.of(b(LIB)).hex());
    assertThat(file(r, "debian-only.rs").explanation()).contains(Explanation.DISTRIBUTION_PATCH);
    FileResult gone = file(r, "src/gone.rs");
    assertThat(gone.status()).isEqualTo(FileResult.Status.MATCH);
    assertThat(gone.detail().orElseThrow()).startsWith("deleted by debian/patches/p.patch");
  }

  @Test
  void patchedFileWhoseOriginalDiffersStaysAFindingJudgedOnTheOriginal() {
    CommitId old = repo.commit(Map.of("Cargo.toml", MANIFEST, "src/lib.rs", OLD_LIB), true);
    CommitId c = repo.commit(Map.of("Cargo.toml", MANIFEST, "src/lib.rs", LIB), true);
    repo.tag("v1.2.3", c);
    assertThat(old).isNotEqualTo(c);
    // Published with last release's lib.rs, then patched by the distribution.
    String patch =
        "--- a/src/lib.rs\n+++ b/src/lib.rs\n@@ -1 +1,2 @@\n pub fn f() -> u32 { 0 }\n+// debian\n";
    ProvenanceReport r = check(c, Map.of("src/lib.rs", OLD_LIB + "// debian\n"), patch);

    FileResult lib = file(r, "src/lib.rs");
    assertThat(lib.status()).isEqualTo(FileResult.Status.DIFFERS);
    assertThat(lib.foundElsewhere()).contains(true);
    assertThat(lib.crateBlob()).isEqualTo(BlobId.of(b(OLD_LIB + "// debian\n")).hex());
    assertThat(lib.detail().orElseThrow()).contains("compared as it was before the patches");
    assertThat(r.reasonCodes()).contains("files-differ").doesNotContain("files-not-in-repository");
    assertThat(r.category()).isEqualTo(Category.NEEDS_IMPROVEMENT);
  }
}
