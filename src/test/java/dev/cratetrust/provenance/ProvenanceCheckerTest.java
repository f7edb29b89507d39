package dev.cratetrust.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.provenance.RepositorySnapshot.EntryMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProvenanceCheckerTest {
  private static final String ORIG =
      """
      [package]
      name = "demo"
      version = "1.2.3"
      edition = "2021"
      repository = "https://example.invalid/repo"
      readme = "README.md"

      [dependencies]
      log = "0.4"
      """;
  private static final String NORMALIZED =
      """
      [package]
      edition = "2021"
      name = "demo"
      version = "1.2.3"
      build = false
      readme = "README.md"
      repository = "https://example.invalid/repo"

      [dependencies.log]
      version = "0.4"
      """;
  private static final String LIB = "pub fn f() -> u32 { 1 }\n";

  private final InMemoryRepository repo = new InMemoryRepository();

  private static Map<String, String> repoFiles() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Cargo.toml", ORIG);
    m.put("src/lib.rs", LIB);
    m.put("README.md", "# demo\n");
    return m;
  }

  private static Map<String, String> crateFiles(CommitId commit) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        ".cargo_vcs_info.json",
        "{\n  \"git\": {\n    \"sha1\": \""
            + commit.hex()
            + "\"\n  },\n  \"path_in_vcs\": \"\"\n}");
    m.put("Cargo.toml", NORMALIZED);
    m.put("Cargo.toml.orig", ORIG);
    m.put("Cargo.lock", "version = 4\n");
    m.put("src/lib.rs", LIB);
    m.put("README.md", "# demo\n");
    return m;
  }

  private static CrateContents crate(Map<String, String> files) {
    List<CrateFile> list = new ArrayList<>();
    files.forEach((p, c) -> list.add(new CrateFile(p, c.getBytes(StandardCharsets.UTF_8), false)));
    return new CrateContents(PackageId.of("demo", "1.2.3"), list, "test", Optional.empty());
  }

  private ProvenanceReport check(Map<String, String> files) throws Exception {
    return check(crate(files));
  }

  private ProvenanceReport check(CrateContents contents) throws Exception {
    return new ProvenanceChecker()
        .check(
            new ProvenanceInput(
                contents,
                Optional.of(repo.url()),
                new RepositoryState.Available(repo),
                Optional.empty(),
                List.of()));
  }

  @Test
  void matchingCrateWithReleaseTagIsGoldStar() throws Exception {
    CommitId c = repo.commit(repoFiles(), true);
    repo.tag("v1.2.3", c);
    ProvenanceReport r = check(crateFiles(c));
    assertThat(r.reasonCodes()).isEmpty();
    assertThat(r.category()).isEqualTo(Category.GOLD_STAR);
    assertThat(r.tags().matched()).contains("v1.2.3");
    assertThat(r.explained())
        .extracting(f -> f.explanation().orElseThrow())
        .containsExactlyInAnyOrder(
            Explanation.VCS_INFO,
            Explanation.CARGO_TOML_NORMALIZED,
            Explanation.CARGO_TOML_ORIG,
            Explanation.CARGO_LOCK_GENERATED);
  }

  @Test
  void withoutOrigTheRepositoryManifestSaysTheReadmeCameFromOutsideThePackage() throws Exception {
    // Debian's url 2.3.1: the member declares readme = "../README.md"; cargo wrote "README.md"
    // into the normalized manifest and Debian's folder has no Cargo.toml.orig.
    Map<String, String> files = new LinkedHashMap<>();
    files.put("README.md", "# the workspace\n");
    files.put(
        "member/Cargo.toml", ORIG.replace("readme = \"README.md\"", "readme = \"../README.md\""));
    files.put("member/src/lib.rs", LIB);
    CommitId c = repo.commit(files, true);
    repo.tag("v1.2.3", c);
    Map<String, String> crate = new LinkedHashMap<>();
    crate.put(
        ".cargo_vcs_info.json",
        "{\"git\":{\"sha1\":\"" + c.hex() + "\"},\"path_in_vcs\":\"member\"}");
    crate.put("Cargo.toml", NORMALIZED);
    crate.put("src/lib.rs", LIB);
    crate.put("README.md", "# the workspace\n");
    ProvenanceReport r = check(crate);
    assertThat(r.files())
        .filteredOn(f -> f.path().equals("README.md"))
        .singleElement()
        .satisfies(f -> assertThat(f.explanation()).contains(Explanation.OUTSIDE_PACKAGE));
    assertThat(r.category()).isEqualTo(Category.GOLD_STAR);
  }

  @Test
  void extraFileIsNotInRepository() throws Exception {
    CommitId c = repo.commit(repoFiles(), true);
    repo.tag("v1.2.3", c);
    Map<String, String> files = crateFiles(c);
    files.put("src/backdoor.rs", "fn evil() {}\n");
    ProvenanceReport r = check(files);
    assertThat(r.category()).isEqualTo(Category.LOOKS_SKETCHY);
    assertThat(r.reasonCodes()).contains("files-not-in-repository", "files-differ");
    FileResult extra = r.mismatches().getFirst();
    assertThat(extra.path()).isEqualTo("src/backdoor.rs");
    assertThat(extra.status()).isEqualTo(FileResult.Status.NOT_IN_COMMIT);
    assertThat(extra.diff().orElseThrow()).contains("+fn evil() {}");
  }

  @Test
  void fileFromAnotherCommitDiffersButIsInRepository() throws Exception {
    Map<String, String> old = repoFiles();
    old.put("src/lib.rs", "pub fn f() -> u32 { 0 }\n");
    repo.commit(old, true);
    CommitId c = repo.commit(repoFiles(), true);
    repo.tag("1.2.3", c);
    Map<String, String> files = crateFiles(c);
    files.put("src/lib.rs", "pub fn f() -> u32 { 0 }\n");
    ProvenanceReport r = check(files);
    assertThat(r.reasonCodes()).containsExactly("files-differ");
    assertThat(r.category()).isEqualTo(Category.NEEDS_IMPROVEMENT);
    assertThat(r.mismatches().getFirst().diff().orElseThrow())
        .contains("-pub fn f() -> u32 { 1 }", "+pub fn f() -> u32 { 0 }");
  }

  @Test
  void missingTagAndDirtyAreNeedsImprovement() throws Exception {
    CommitId c = repo.commit(repoFiles(), true);
    Map<String, String> files = crateFiles(c);
    files.put(
        ".cargo_vcs_info.json",
        "{\"git\":{\"sha1\":\"" + c.hex() + "\",\"dirty\":true},\"path_in_vcs\":\"\"}");
    ProvenanceReport r = check(files);
    assertThat(r.reasonCodes()).containsExactly("dirty", "no-release-tag", "no-tag-at-all");
    assertThat(r.category()).isEqualTo(Category.NEEDS_IMPROVEMENT);
  }

  @Test
  void commitOnlyOnAPullRequestIsNeedsImprovementNamingTheRef() throws Exception {
    CommitId c = repo.commit(repoFiles(), false);
    repo.onlyOnPullRequest(c, "refs/pull/7/head");
    ProvenanceReport r = check(crateFiles(c));
    assertThat(r.reasonCodes()).startsWith("commit-only-on-pull-request");
    assertThat(r.reasons().getFirst().evidence()).containsExactly("refs/pull/7/head");
    assertThat(r.category()).isEqualTo(Category.NEEDS_IMPROVEMENT);
  }

  @Test
  void readableCommitOnNoRefIsNotInRepositoryAndNeverGold() throws Exception {
    CommitId c = repo.commit(repoFiles(), false);
    repo.tag("v1.2.3", c);
    repo.onNoRef(c);
    ProvenanceReport r = check(crateFiles(c));
    assertThat(r.reasonCodes()).startsWith("commit-not-in-repository");
    assertThat(r.category()).isEqualTo(Category.LOOKS_SKETCHY);
  }

  @Test
  void onlyUnexplainedFilesAreSearchedInHistory() throws Exception {
    CommitId c = repo.commit(repoFiles(), true);
    repo.tag("v1.2.3", c);
    assertThat(check(crateFiles(c)).category()).isEqualTo(Category.GOLD_STAR);
    assertThat(repo.historySearches()).as("matching and explained files").isEmpty();
    Map<String, String> files = crateFiles(c);
    files.put("src/backdoor.rs", "fn evil() {}\n");
    check(files);
    assertThat(repo.historySearches())
        .containsExactly(
            dev.cratetrust.crates.BlobId.of(
                    "fn evil() {}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .hex());
  }

  @Test
  void tagsThatNameNoVersionOfThisCrateAreNotReleaseTagsWhateverTheManifestSays() throws Exception {
    // The commit's Cargo.toml has this name and version; before, any tag on it naming no other
    // version was accepted.
    CommitId c = repo.commit(repoFiles(), true);
    repo.tag("release-candidate-final", c);
    repo.tag("nightly", c);
    repo.tag("other-v1.2.3", c);
    ProvenanceReport r = check(crateFiles(c));
    assertThat(r.reasonCodes()).containsExactly("no-release-tag");
    assertThat(r.category()).isEqualTo(Category.NEEDS_IMPROVEMENT);
    assertThat(r.tags().onCommit())
        .containsExactly("release-candidate-final", "nightly", "other-v1.2.3");
    assertThat(r.tags().how()).isEqualTo(TagResult.MatchKind.NONE);
    assertThat(r.reasons().getFirst().evidence())
        .anySatisfy(e -> assertThat(e).startsWith("nightly: does not name version 1.2.3"))
        .anySatisfy(
            e -> assertThat(e).startsWith("other-v1.2.3: prefix 'other' does not name this crate"));
  }

  @Test
  void siblingCrateTagIsNotThisCratesReleaseTag() throws Exception {
    Map<String, String> files = workspace();
    CommitId c = repo.commit(files, true);
    repo.tag("demo-derive-v1.2.3", c);
    ProvenanceReport r = check(memberCrate(c, files));
    assertThat(r.reasonCodes()).containsExactly("no-release-tag");
    assertThat(r.reasons().getFirst().evidence())
        .singleElement()
        .asString()
        .contains("prefix 'demo-derive' names package 'demo-derive' (demo-derive)");
  }

  @Test
  void shortenedPrefixCountsOnlyWhenNoOtherPackageFitsIt() throws Exception {
    Map<String, String> files = workspace();
    CommitId c = repo.commit(files, true);
    repo.tag("derive-v1.2.3", c);
    // 'derive' is a part of demo-derive's name only: accepted for demo-derive...
    ProvenanceReport derive = check(memberCrate(c, files, "demo-derive"));
    assertThat(derive.reasonCodes()).isEmpty();
    assertThat(derive.tags().matched()).contains("derive-v1.2.3");
    // ...never for demo, which the tag does not name.
    assertThat(check(memberCrate(c, files)).reasonCodes()).containsExactly("no-release-tag");

    files.put(
        "other-derive/Cargo.toml", "[package]\nname = \"other-derive\"\nversion = \"0.1.0\"\n");
    CommitId two = repo.commit(files, true);
    repo.tag("derive-v1.2.3", two);
    ProvenanceReport ambiguous = check(memberCrate(two, files, "demo-derive"));
    assertThat(ambiguous.reasonCodes()).containsExactly("no-release-tag");
    assertThat(ambiguous.reasons().getFirst().evidence())
        .singleElement()
        .asString()
        .contains("also fits package 'other-derive'");
  }

  private static Map<String, String> workspace() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("Cargo.toml", "[workspace]\nmembers = [\"demo\", \"demo-derive\"]\n");
    files.put("demo/Cargo.toml", ORIG);
    files.put("demo/src/lib.rs", LIB);
    files.put("demo/README.md", "# demo\n");
    files.put("demo-derive/Cargo.toml", ORIG.replace("name = \"demo\"", "name = \"demo-derive\""));
    files.put("demo-derive/src/lib.rs", LIB);
    files.put("demo-derive/README.md", "# demo\n");
    return files;
  }

  private static CrateContents memberCrate(CommitId c, Map<String, String> repoFiles) {
    return memberCrate(c, repoFiles, "demo");
  }

  private static CrateContents memberCrate(CommitId c, Map<String, String> repoFiles, String name) {
    Map<String, String> m = crateFiles(c);
    m.put(
        ".cargo_vcs_info.json",
        "{\"git\":{\"sha1\":\"" + c.hex() + "\"},\"path_in_vcs\":\"" + name + "\"}");
    m.put("Cargo.toml.orig", repoFiles.get(name + "/Cargo.toml"));
    m.put("Cargo.toml", NORMALIZED.replace("name = \"demo\"", "name = \"" + name + "\""));
    List<CrateFile> list = new ArrayList<>();
    m.forEach((p, x) -> list.add(new CrateFile(p, x.getBytes(StandardCharsets.UTF_8), false)));
    return new CrateContents(PackageId.of(name, "1.2.3"), list, "test", Optional.empty());
  }

  @Test
  void releaseTagOnAnotherCommitIsReported() throws Exception {
    CommitId c = repo.commit(repoFiles(), true);
    CommitId later = repo.commit(repoFiles(), true);
    repo.tag("v1.2.3", later);
    ProvenanceReport r = check(crateFiles(c));
    assertThat(r.reasonCodes()).contains("no-release-tag", "release-tag-elsewhere");
    assertThat(r.tags().elsewhere()).containsExactly("v1.2.3");
  }

  @Test
  void commitOffDefaultBranchIsAFactNotAClass() throws Exception {
    CommitId c = repo.commit(repoFiles(), false);
    repo.tag("demo-v1.2.3", c);
    ProvenanceReport r = check(crateFiles(c));
    assertThat(r.reasonCodes()).containsExactly("commit-not-on-default-branch");
    assertThat(r.category()).isEqualTo(Category.GOLD_STAR);
    assertThat(r.defaultBranch()).contains(RepositorySnapshot.Reachability.NOT_REACHABLE);
  }

  @Test
  void noVcsInfoFallsBackToTagAndStillComparesFiles() throws Exception {
    CommitId c = repo.commit(repoFiles(), true);
    repo.tag("v1.2.3", c);
    Map<String, String> files = crateFiles(c);
    files.remove(".cargo_vcs_info.json");
    ProvenanceReport r = check(files);
    assertThat(r.reasonCodes()).containsExactly("no-vcs-info");
    assertThat(r.commit()).contains(c);
    assertThat(r.category()).isEqualTo(Category.NEEDS_IMPROVEMENT);
  }

  @Test
  void inconsistentNormalizedManifestIsSketchy() throws Exception {
    CommitId c = repo.commit(repoFiles(), true);
    repo.tag("v1.2.3", c);
    Map<String, String> files = crateFiles(c);
    files.put("Cargo.toml", NORMALIZED + "\n[dependencies.evil-helper]\nversion = \"1\"\n");
    ProvenanceReport r = check(files);
    assertThat(r.reasonCodes()).containsExactly("cargo-toml-inconsistent");
    assertThat(r.reasons().getFirst().evidence())
        .singleElement()
        .asString()
        .contains("'evil-helper'", "not in Cargo.toml.orig");
    assertThat(r.category()).isEqualTo(Category.LOOKS_SKETCHY);
  }

  @Test
  void unreadableNormalizedManifestFailsClosedAndSaysWhy() throws Exception {
    CommitId c = repo.commit(repoFiles(), true);
    repo.tag("v1.2.3", c);
    Map<String, String> nested = crateFiles(c);
    nested.put(
        "Cargo.toml",
        NORMALIZED
            + "\n[dependencies.evil]\nversion = \"1\"\n[package.metadata]\nx = "
            + "[".repeat(80)
            + "]".repeat(80)
            + "\n");
    ProvenanceReport r = check(nested);
    assertThat(r.reasonCodes()).containsExactly("manifest-unreadable");
    assertThat(r.category()).isEqualTo(Category.LOOKS_SKETCHY);
    assertThat(r.reasons().getFirst().detail())
        .startsWith("Cargo.toml exceeds a parser limit (nesting depth 64");

    Map<String, String> malformed = crateFiles(c);
    malformed.put("Cargo.toml", NORMALIZED + "\n[dependencies.evil\nversion = \"1\"\n");
    ProvenanceReport m = check(malformed);
    assertThat(m.reasonCodes()).containsExactly("manifest-unreadable");
    assertThat(m.reasons().getFirst().detail())
        .startsWith("Cargo.toml is not valid TOML at line 12");
    assertThat(m.files())
        .filteredOn(f -> f.path().equals("Cargo.toml"))
        .singleElement()
        .satisfies(f -> assertThat(f.status()).isEqualTo(FileResult.Status.UNVERIFIED));
  }

  @Test
  void unreadableOrigFailsClosed() throws Exception {
    Map<String, String> files = repoFiles();
    String bad = ORIG + "\n[features\n";
    files.put("Cargo.toml", bad);
    CommitId c = repo.commit(files, true);
    repo.tag("v1.2.3", c);
    Map<String, String> crate = crateFiles(c);
    crate.put("Cargo.toml.orig", bad);
    ProvenanceReport r = check(crate);
    assertThat(r.reasonCodes()).containsExactly("manifest-unreadable");
    assertThat(r.reasons().getFirst().detail()).startsWith("Cargo.toml.orig is not valid TOML");
  }

  @Test
  void withoutOrigTheNormalizedManifestIsCheckedAgainstTheRepositorysAtTheCommit()
      throws Exception {
    CommitId c = repo.commit(repoFiles(), true);
    repo.tag("v1.2.3", c);
    Map<String, String> files = crateFiles(c);
    files.remove("Cargo.toml.orig");
    ProvenanceReport r = check(files);
    assertThat(r.reasonCodes()).isEmpty();
    assertThat(r.category()).isEqualTo(Category.GOLD_STAR);
    assertThat(r.files())
        .filteredOn(f -> f.path().equals("Cargo.toml"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.explanation())
                    .contains(Explanation.CARGO_TOML_CONSISTENT_WITH_REPOSITORY));
    assertThat(repo.blobSearches()).as("no search of the history").isZero();

    files.put("Cargo.toml", NORMALIZED.replace("build = false", "build = \"src/lib.rs\""));
    ProvenanceReport tampered = check(files);
    assertThat(tampered.reasonCodes()).containsExactly("cargo-toml-inconsistent");
    assertThat(tampered.reasons().getFirst().evidence())
        .containsExactly(
            "the build script is none by the repository's Cargo.toml but 'src/lib.rs' by"
                + " Cargo.toml");
    assertThat(repo.blobSearches()).isZero();
  }

  @Test
  void packagedLockDifferingFromTheRepositorysIsAFact() throws Exception {
    Map<String, String> files = repoFiles();
    files.put("Cargo.lock", "version = 3\n");
    CommitId c = repo.commit(files, true);
    repo.tag("v1.2.3", c);
    ProvenanceReport same = check(withLock(crateFiles(c), "version = 3\n"));
    assertThat(same.reasonCodes()).isEmpty();
    ProvenanceReport r = check(withLock(crateFiles(c), "version = 4\n"));
    assertThat(r.reasonCodes()).containsExactly("cargo-lock-differs");
    assertThat(r.category()).isEqualTo(Category.GOLD_STAR);
    FileResult lock =
        r.files().stream().filter(f -> f.path().equals("Cargo.lock")).findFirst().orElseThrow();
    assertThat(lock.explanation()).contains(Explanation.CARGO_LOCK_REWRITTEN);
    assertThat(lock.diff().orElseThrow()).contains("-version = 3", "+version = 4");
  }

  private static Map<String, String> withLock(Map<String, String> files, String lock) {
    files.put("Cargo.lock", lock);
    return files;
  }

  @Test
  void symlinkReadmeOutsidePackageAndCrlfAreExplained() throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("README.md", "# top\n");
    files.put(
        "crates/demo/Cargo.toml",
        ORIG.replace("readme = \"README.md\"", "readme = \"../../README.md\""));
    files.put("crates/demo/src/real.rs", "// real\n");
    files.put("crates/demo/src/lib.rs", LIB);
    files.put("crates/demo/src/win.rs", "a\nb\n");
    CommitId c = repo.commit(files, true);
    repo.put(
        c,
        repo.entry(
            "crates/demo/src/alias.rs",
            EntryMode.SYMLINK,
            "real.rs".getBytes(StandardCharsets.UTF_8)));
    repo.tag("demo-1.2.3", c);
    Map<String, String> crate = new LinkedHashMap<>();
    crate.put(
        ".cargo_vcs_info.json",
        "{\"git\":{\"sha1\":\"" + c.hex() + "\"},\"path_in_vcs\":\"crates/demo\"}");
    String orig = files.get("crates/demo/Cargo.toml");
    crate.put("Cargo.toml.orig", orig);
    crate.put("Cargo.toml", NORMALIZED.replace("readme = \"README.md\"", "readme = \"README.md\""));
    crate.put("README.md", "# top\n");
    crate.put("src/lib.rs", LIB);
    crate.put("src/real.rs", "// real\n");
    crate.put("src/alias.rs", "// real\n");
    crate.put("src/win.rs", "a\r\nb\r\n");
    ProvenanceReport r = check(crate);
    assertThat(r.reasonCodes()).isEmpty();
    assertThat(r.pathInVcs()).contains("crates/demo");
    Map<String, Explanation> why = new LinkedHashMap<>();
    r.explained().forEach(f -> why.put(f.path(), f.explanation().orElseThrow()));
    assertThat(why)
        .containsEntry("README.md", Explanation.OUTSIDE_PACKAGE)
        .containsEntry("src/alias.rs", Explanation.SYMLINK_FLATTENED)
        .containsEntry("src/win.rs", Explanation.LINE_ENDINGS);
  }

  @Test
  void submoduleFilesAreComparedInTheSubmoduleRepository() throws Exception {
    InMemoryRepository sub = new InMemoryRepository();
    CommitId subCommit = sub.commit(Map.of("vendored.c", "int x;\n"), true);
    Map<String, String> files = repoFiles();
    files.put(".gitmodules", "[submodule \"third\"]\n\tpath = third\n\turl = ../third.git\n");
    CommitId c = repo.commit(files, true);
    repo.gitlink(c, "third", subCommit);
    repo.addSubmodule("../third.git", sub);
    repo.tag("v1.2.3", c);
    Map<String, String> crate = crateFiles(c);
    crate.put("third/vendored.c", "int x;\n");
    ProvenanceReport r = check(crate);
    assertThat(r.reasonCodes()).isEmpty();
    assertThat(r.files())
        .filteredOn(f -> f.path().equals("third/vendored.c"))
        .singleElement()
        .satisfies(f -> assertThat(f.explanation()).contains(Explanation.SUBMODULE));

    crate.put("third/vendored.c", "int y;\n");
    assertThat(check(crate).reasonCodes()).contains("files-differ", "files-not-in-repository");
  }

  @Test
  void repositoryProblemsAreSketchyWithFilesUnverified() throws Exception {
    CommitId c = CommitId.of("a".repeat(40));
    for (RepositoryState state :
        List.<RepositoryState>of(
            new RepositoryState.Missing(),
            new RepositoryState.InvalidUrl("ftp://x", "not https"),
            new RepositoryState.UnsupportedVcs("https://hg.sr.ht/~u/p", "mercurial"),
            new RepositoryState.Unreachable("https://example.invalid/r", "not found (HTTP 404)"),
            new RepositoryState.CommitNotFound("https://example.invalid/r", c, Optional.empty()))) {
      ProvenanceReport r =
          new ProvenanceChecker()
              .check(
                  new ProvenanceInput(
                      crate(crateFiles(c)), Optional.empty(), state, Optional.empty(), List.of()));
      assertThat(r.category()).as(state.toString()).isEqualTo(Category.LOOKS_SKETCHY);
      assertThat(r.reasonCodes()).hasSize(1);
      assertThat(r.files()).allMatch(f -> f.status() == FileResult.Status.UNVERIFIED);
    }
  }

  @Test
  void trustedPublishingDisagreementIsFlagged() throws Exception {
    CommitId c = repo.commit(repoFiles(), true);
    repo.tag("v1.2.3", c);
    ProvenanceReport r =
        new ProvenanceChecker()
            .check(
                new ProvenanceInput(
                    crate(crateFiles(c)),
                    Optional.of("https://github.com/owner/demo"),
                    new RepositoryState.Available(repo),
                    Optional.of(
                        new TrustedPublishing(
                            "github", "owner/other", Optional.of("b".repeat(40)))),
                    List.of()));
    assertThat(r.reasonCodes()).containsExactly("trusted-publishing-mismatch");
    assertThat(r.reasons().getFirst().evidence()).hasSize(2);
  }
}
