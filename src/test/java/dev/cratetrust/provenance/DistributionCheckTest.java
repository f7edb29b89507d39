package dev.cratetrust.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.BlobId;
import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.distro.PatchSeries;
import dev.cratetrust.distro.Placement;
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
    files.put("Cargo.toml", MANIFEST);
    files.put("Cargo.toml.orig", MANIFEST);
    files.putAll(disk);
    return run(commit, files, patches, false);
  }

  /**
   * Checks a crate of {@code files} (plus its vcs info) with the series {@code p.patch}; with
   * {@code undoAgain} the folder keeps the series, so the check may undo it again with placements
   * judged by the repository's manifest.
   */
  private ProvenanceReport run(
      CommitId commit, Map<String, String> files, String patch, boolean undoAgain) {
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    bytes.put(
        ".cargo_vcs_info.json",
        b("{\"git\":{\"sha1\":\"" + commit.hex() + "\"},\"path_in_vcs\":\"\"}"));
    files.forEach((p, c) -> bytes.put(p, b(c)));
    List<CrateFile> list = new ArrayList<>();
    bytes.forEach((p, c) -> list.add(new CrateFile(p, c, false)));
    PatchSeries series =
        new PatchSeries("debian/patches", b("p.patch\n"), Map.of("p.patch", b(patch)), bytes);
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
                          Optional.of(series.reverse(Placement.plausible((path, c) -> true, 3))),
                          undoAgain ? Optional.of(series) : Optional.empty()))));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static FileResult file(ProvenanceReport r, String path) {
    return r.files().stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow();
  }

  private static final String UPSTREAM_FEATURES =
      "[package]\nname = \"demo\"\nversion = \"1.2.3\"\n\n"
          + "[dependencies.a]\nversion = \"1\"\noptional = true\n\n"
          + "[dependencies.b]\nversion = \"1\"\noptional = true\n\n"
          + "[features]\nall = [\n    \"a\",\n    \"b\",\n]\nextra = [\n    \"b\",\n]\n";

  /** Debian's file: "a" dropped from the feature {@code all} by a -U0 hunk. */
  private static final String DEBIAN_FEATURES = UPSTREAM_FEATURES.replace("    \"a\",\n", "");

  /**
   * A Debian folder without Cargo.toml.orig, checked against the repository's manifest, with its
   * series undone first as {@code PatchReversal.reverse} does and then again by consistency.
   */
  private ProvenanceReport checkWithoutOrig(CommitId commit, String debianManifest, String patch) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("Cargo.toml", debianManifest);
    files.put("src/lib.rs", LIB);
    return run(commit, files, patch, true);
  }

  @Test
  void aContextFreeManifestHunkWithAWrongHeaderIsPlacedWhereTheRepositorysManifestAgrees() {
    CommitId c = repo.commit(Map.of("Cargo.toml", UPSTREAM_FEATURES, "src/lib.rs", LIB), true);
    repo.tag("v1.2.3", c);
    // The right header is @@ -15 +14,0 @@; this one puts "a" into the feature 'extra'.
    String wrongHeader = "--- a/Cargo.toml\n+++ b/Cargo.toml\n@@ -18 +17,0 @@\n-    \"a\",\n";

    ProvenanceReport r = checkWithoutOrig(c, DEBIAN_FEATURES, wrongHeader);

    assertThat(r.category()).as(r.reasons().toString()).isEqualTo(Category.GOLD_STAR);
    assertThat(file(r, "Cargo.toml").explanation()).contains(Explanation.DISTRIBUTION_PATCH);
    Finding patched =
        r.reasons().stream()
            .filter(f -> f.reason() == Reason.DISTRIBUTION_PATCHED)
            .findFirst()
            .orElseThrow();
    assertThat(patched.evidence())
        .anyMatch(e -> e.contains("hunk 1 2 lines above") && e.contains("repository's Cargo.toml"));
  }

  @Test
  void placingHunksNeverExplainsAManifestChangeThatNoPatchRecords() {
    CommitId c = repo.commit(Map.of("Cargo.toml", UPSTREAM_FEATURES, "src/lib.rs", LIB), true);
    repo.tag("v1.2.3", c);
    String wrongHeader = "--- a/Cargo.toml\n+++ b/Cargo.toml\n@@ -18 +17,0 @@\n-    \"a\",\n";
    String withUnrecordedDependency =
        DEBIAN_FEATURES.replace(
            "[features]", "[dependencies.unrecorded]\nversion = \"1\"\n\n[features]");

    ProvenanceReport r = checkWithoutOrig(c, withUnrecordedDependency, wrongHeader);

    assertThat(r.category()).isEqualTo(Category.LOOKS_SKETCHY);
    Finding inconsistent =
        r.reasons().stream()
            .filter(f -> f.reason() == Reason.CARGO_TOML_INCONSISTENT)
            .findFirst()
            .orElseThrow();
    assertThat(inconsistent.evidence()).anyMatch(e -> e.contains("unrecorded"));
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
