package dev.cratetrust.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.BlobId;
import dev.cratetrust.provenance.Explanation;
import dev.cratetrust.provenance.FileResult;
import dev.cratetrust.provenance.Finding;
import dev.cratetrust.provenance.ProvenanceReport;
import dev.cratetrust.provenance.Reason;
import dev.cratetrust.registry.CrateDirectoryReader;
import dev.cratetrust.registry.DirectoryLimits;
import dev.cratetrust.registry.VendorChecksums;
import dev.cratetrust.testing.DebianCrateFolder;
import dev.cratetrust.testing.GitHttpServer;
import dev.cratetrust.testing.LoopbackVerifier;
import dev.cratetrust.testing.TestCrateSpec;
import dev.cratetrust.testing.TestCrates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A Debian-style crate folder ({@code /usr/share/cargo/registry/name-version}) made from a real
 * {@code cargo package} output and patches made by {@code diff -u} and {@code git diff}, verified
 * end to end over a smart-HTTP git server on loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributionFolderVerifyTest {
  private static final String UTIL = "pub fn util() {}\n";

  private Path tmp;
  private GitHttpServer server;
  private TestCrates.Fixture fixture;
  private CrateVerifier verifier;

  @BeforeAll
  void build(@TempDir Path dir) throws Exception {
    tmp = dir;
    server = new GitHttpServer(TestCrates.remoteRoot(tmp));
    fixture =
        TestCrates.build(TestCrateSpec.of("debpkg", "1.0.0").withFile("src/util.rs", UTIL), tmp);
    verifier = LoopbackVerifier.of(server, tmp);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private DebianCrateFolder folder(String name) {
    return DebianCrateFolder.unpack(
        fixture, tmp.resolve(name).resolve("debpkg-1.0.0"), tmp.resolve(name + "-scratch"));
  }

  /** Three patches: Cargo.toml (diff -u), a source file plus a new file (git diff), one stale. */
  private DebianCrateFolder patched(String name) {
    DebianCrateFolder d = folder(name);
    d.plainPatch("relax-dep.patch", "Cargo.toml", s -> s + "\n[features]\ndebian = []\n");
    d.gitPatch(
        "fix-src.patch",
        Map.of(
            "src/lib.rs",
            d.text("src/lib.rs") + "\npub fn debian() {}\n",
            "tests/debian.rs",
            "#[test]\nfn packaged() {}\n"));
    d.overwrite("src/util.rs", UTIL + "// changed without a matching patch\n");
    d.writePatch(
        "util.patch",
        "--- a/src/util.rs\n+++ b/src/util.rs\n@@ -1 +1 @@\n-pub fn util() {}\n"
            + "+pub fn util() -> u8 { 1 }\n");
    d.series("# applied in this order\nrelax-dep.patch\n\nfix-src.patch -p1\nutil.patch # stale\n");
    d.checksum(DebianCrateFolder.UNAVAILABLE_CHECKSUM);
    return d;
  }

  private static FileResult file(ProvenanceReport r, String path) {
    return r.files().stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow();
  }

  private static List<Finding> findings(ProvenanceReport r, Reason reason) {
    return r.reasons().stream().filter(f -> f.reason() == reason).toList();
  }

  @Test
  void filesChangedByDebianPatchesAreExplainedAndTheRestStayFindings() throws Exception {
    DebianCrateFolder d = patched("patched");
    Verification v = verifier.verifyDirectory(d.dir(), Optional.empty());
    ProvenanceReport r = v.report();

    assertThat(r.files()).extracting(FileResult::path).noneMatch(p -> p.startsWith("debian/"));
    byte[] libOnDisk = Files.readAllBytes(d.dir().resolve("src/lib.rs"));
    FileResult lib = file(r, "src/lib.rs");
    assertThat(lib.status()).isEqualTo(FileResult.Status.EXPLAINED);
    assertThat(lib.explanation()).contains(Explanation.DISTRIBUTION_PATCH);
    assertThat(lib.detail().orElseThrow()).contains("debian/patches/fix-src.patch");
    assertThat(lib.crateBlob()).isEqualTo(BlobId.of(libOnDisk).hex());
    assertThat(lib.repositoryBlob())
        .contains(
            BlobId.of(fixture.entryText("src/lib.rs").getBytes(StandardCharsets.UTF_8)).hex());
    assertThat(lib.diff().orElseThrow()).contains("+pub fn debian() {}");

    FileResult added = file(r, "tests/debian.rs");
    assertThat(added.status()).isEqualTo(FileResult.Status.EXPLAINED);
    assertThat(added.explanation()).contains(Explanation.DISTRIBUTION_PATCH);
    assertThat(added.detail().orElseThrow()).contains("added by debian/patches/fix-src.patch");

    assertThat(file(r, "Cargo.toml").detail().orElseThrow())
        .contains("debian/patches/relax-dep.patch");
    assertThat(file(r, "src/util.rs").isMismatch()).isTrue();
    assertThat(r.mismatches())
        .extracting(FileResult::path)
        .contains("src/util.rs")
        .isSubsetOf("src/util.rs", "Cargo.toml");

    assertThat(findings(r, Reason.PACKAGE_CHECKSUM_UNAVAILABLE)).hasSize(1);
    assertThat(findings(r, Reason.DISTRIBUTION_FOLDER).getFirst().evidence())
        .containsExactly(
            "debian/patches/fix-src.patch",
            "debian/patches/relax-dep.patch",
            "debian/patches/series",
            "debian/patches/util.patch");
    assertThat(findings(r, Reason.DISTRIBUTION_PATCH_NOT_APPLIED))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.detail())
                  .contains("debian/patches/util.patch")
                  .contains("hunk 1 of src/util.rs");
              assertThat(f.evidence()).contains("src/util.rs");
            });
    assertThat(findings(r, Reason.DISTRIBUTION_PATCHED).getFirst().evidence())
        .contains("src/lib.rs: debian/patches/fix-src.patch");
    assertThat(v.checksums().orElseThrow().packageChecksum())
        .isEqualTo(VendorChecksums.PackageChecksum.UNAVAILABLE);

    JsonNode json = v.toJson();
    assertThat(json.get("vendor_checksums").get("package_checksum").asString())
        .isEqualTo("unavailable");
    boolean libHasDetail = false;
    for (JsonNode f : json.get("files")) {
      if (f.get("path").asString().equals("src/lib.rs")) {
        libHasDetail = f.get("detail").asString().contains("fix-src.patch");
      }
    }
    assertThat(libHasDetail).isTrue();
  }

  @Test
  void reverseAppliedCargoTomlIsThePublishedOne() throws Exception {
    DebianCrateFolder d = patched("published-manifest");
    var dist =
        DistributionFolders.of(CrateDirectoryReader.read(d.dir(), DirectoryLimits.defaults()))
            .orElseThrow();
    var changes = dist.patches().orElseThrow().changesByPath();
    assertThat(new String(changes.get("Cargo.toml").before().orElseThrow(), StandardCharsets.UTF_8))
        .isEqualTo(fixture.entryText("Cargo.toml"))
        .isNotEqualTo(d.text("Cargo.toml"));
    assertThat(changes.get("tests/debian.rs").before()).isEmpty();
    assertThat(changes).doesNotContainKey("src/util.rs");
  }

  @Test
  void unpatchedFolderWithoutChecksumComparesEveryFile() throws Exception {
    DebianCrateFolder d = folder("plain");
    d.checksum(DebianCrateFolder.UNAVAILABLE_CHECKSUM);
    ProvenanceReport r = verifier.verifyDirectory(d.dir(), Optional.empty()).report();
    assertThat(findings(r, Reason.PACKAGE_CHECKSUM_UNAVAILABLE)).hasSize(1);
    assertThat(r.has(Reason.DISTRIBUTION_FOLDER)).isFalse();
    assertThat(file(r, "src/lib.rs").status()).isEqualTo(FileResult.Status.MATCH);
    assertThat(file(r, "src/util.rs").status()).isEqualTo(FileResult.Status.MATCH);
  }

  @Test
  void hostileOrBrokenPatchesAreFactsNamingThePatchNotErrors() throws Exception {
    DebianCrateFolder d = folder("hostile");
    d.overwrite("src/lib.rs", d.text("src/lib.rs") + "// local change\n");
    d.writePatch(
        "escape.patch", "--- a/../../outside.rs\n+++ b/../../outside.rs\n@@ -0,0 +1 @@\n+evil\n");
    d.writePatch("short.patch", "--- a/src/lib.rs\n+++ b/src/lib.rs\n@@ -1,3 +1,3 @@\n-a\n+b\n");
    d.writePatch("huge.patch", "x".repeat(17 * 1024 * 1024));
    d.series("escape.patch\nshort.patch\nhuge.patch\nmissing.patch\n");
    d.checksum(DebianCrateFolder.UNAVAILABLE_CHECKSUM);

    ProvenanceReport r = verifier.verifyDirectory(d.dir(), Optional.empty()).report();

    assertThat(findings(r, Reason.DISTRIBUTION_PATCH_NOT_APPLIED))
        .extracting(Finding::detail)
        .satisfiesExactlyInAnyOrder(
            m -> assertThat(m).contains("escape.patch").contains("escapes the folder"),
            m -> assertThat(m).contains("short.patch").contains("hunk 1 ends early"),
            m -> assertThat(m).contains("huge.patch").contains("is larger than"),
            m -> assertThat(m).contains("missing.patch").contains("not in the folder"));
    assertThat(file(r, "src/lib.rs").isMismatch()).isTrue();
    assertThat(tmp.resolve("hostile").resolve("outside.rs")).doesNotExist();
  }

  @Test
  void malformedSeriesIsAFactAndNothingIsReverseApplied() throws Exception {
    DebianCrateFolder d = folder("bad-series");
    d.plainPatch("change.patch", "src/lib.rs", s -> s + "// debian\n");
    d.series("change.patch -R\n");
    d.checksum(DebianCrateFolder.UNAVAILABLE_CHECKSUM);
    ProvenanceReport r = verifier.verifyDirectory(d.dir(), Optional.empty()).report();
    assertThat(findings(r, Reason.DISTRIBUTION_PATCH_NOT_APPLIED))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.detail())
                    .contains("debian/patches/series: line 1")
                    .contains("option '-R' is not supported"));
    assertThat(file(r, "src/lib.rs").isMismatch()).isTrue();
  }

  @Test
  void verifyCommandReportsTheFolderInsteadOfRejectingIt() throws Exception {
    DebianCrateFolder d = patched("cli");
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        dev.cratetrust.cli.Main.run(
            new String[] {
              "verify",
              "--crate-dir",
              d.dir().toString(),
              "--git-rewrite",
              "https://example.invalid/owner/=" + server.baseUrl() + "/",
              "--db",
              tmp.resolve("cli-store/db").toString(),
              "--cache-dir",
              tmp.resolve("cli-cache").toString()
            },
            new java.io.PrintWriter(out, true),
            new java.io.PrintWriter(err, true));
    assertThat(code).as(err.toString()).isIn(0, 10, 11);
    assertThat(out.toString())
        .contains("distribution-patch-not-applied [fact]: debian/patches/util.patch")
        .contains("package sha256 unavailable ('Could not get crate checksum')")
        .contains("src/lib.rs: changed by a distribution patch")
        .contains("changed by debian/patches/fix-src.patch; before the patches: blob ");
  }
}
