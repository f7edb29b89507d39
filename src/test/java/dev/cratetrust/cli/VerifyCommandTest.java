package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.testing.FakeRegistry;
import dev.cratetrust.testing.GitHttpServer;
import dev.cratetrust.testing.MaliciousArchiveBuilder;
import dev.cratetrust.testing.TestGitRepos;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs {@code cratetrust verify} in-process against loopback git and registry servers. */
class VerifyCommandTest {
  private static final String ORIG =
      """
      [package]
      name = "demo"
      version = "1.0.0"
      edition = "2021"
      repository = "https://example.invalid/demo"
      """;
  private static final String NORMALIZED =
      """
      [package]
      edition = "2021"
      name = "demo"
      version = "1.0.0"
      build = false
      repository = "https://example.invalid/demo"
      """;
  private static final String LIB = "pub fn answer() -> u32 { 42 }\n";

  @TempDir Path tmp;
  private Path work;
  private Path db;
  private Path cache;

  record Result(int code, String out, String err) {
    JsonNode json() {
      return JsonMapper.builder().build().readTree(out);
    }
  }

  @BeforeEach
  void dirs() throws IOException {
    work = Files.createDirectories(tmp.resolve("work"));
    db = tmp.resolve("store/db");
    cache = tmp.resolve("cache");
  }

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private List<String> withStore(String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    a.addAll(List.of("--db", db.toString(), "--cache-dir", cache.toString()));
    return a;
  }

  private CommitId repoWithRelease(Path root, String name, String tag) throws IOException {
    try (TestGitRepos repo = TestGitRepos.pushBare(root, name)) {
      CommitId c =
          repo.on("main").file("Cargo.toml", ORIG).file("src/lib.rs", LIB).commit("release");
      repo.lightweightTag(tag, c);
      return c;
    }
  }

  private static byte[] crate(CommitId commit, String extraPath, String extraContent) {
    MaliciousArchiveBuilder b =
        MaliciousArchiveBuilder.empty()
            .file(
                "demo-1.0.0/.cargo_vcs_info.json",
                "{\n  \"git\": {\n    \"sha1\": \""
                    + commit.hex()
                    + "\"\n  },\n"
                    + "  \"path_in_vcs\": \"\"\n}")
            .file("demo-1.0.0/Cargo.toml", NORMALIZED)
            .file("demo-1.0.0/Cargo.toml.orig", ORIG)
            .file("demo-1.0.0/src/lib.rs", LIB);
    if (extraPath != null) {
      b.file("demo-1.0.0/" + extraPath, extraContent);
    }
    return b.build();
  }

  @Test
  void goldStarFromCrateFileAndLocalBareRepositoryIsStored() throws Exception {
    Path bare = work.resolve("demo.git");
    CommitId c = repoWithRelease(work, "demo.git", "v1.0.0");
    Path file = Files.write(work.resolve("demo-1.0.0.crate"), crate(c, null, null));

    Result r =
        run(
            withStore(
                    "verify",
                    "--crate-file",
                    file.toString(),
                    "--repo",
                    bare.toString(),
                    "--format",
                    "json")
                .toArray(String[]::new));

    assertThat(r.code()).as(r.err()).isEqualTo(0);
    JsonNode j = r.json();
    assertThat(j.get("category").asString()).isEqualTo("gold-star");
    assertThat(j.get("reasons").size()).isZero();
    assertThat(j.get("commit").asString()).isEqualTo(c.hex());
    assertThat(j.get("tags").get("matched").asString()).isEqualTo("v1.0.0");
    try (Database d = Database.open(db.toString())) {
      assertThat(new VerificationResults(d).history(PackageId.of("demo", "1.0.0")))
          .singleElement()
          .satisfies(rec -> assertThat(rec.category()).isEqualTo("gold-star"));
    }
  }

  @Test
  void extraFileIsSketchyWithExitElevenAndADiff() throws Exception {
    Path bare = work.resolve("demo.git");
    CommitId c = repoWithRelease(work, "demo.git", "1.0.0");
    Path file =
        Files.write(work.resolve("demo-1.0.0.crate"), crate(c, "src/extra.rs", "fn hidden() {}\n"));

    Result r =
        run(
            withStore("verify", "--crate-file", file.toString(), "--repo", bare.toString())
                .toArray(String[]::new));

    assertThat(r.code()).isEqualTo(11);
    assertThat(r.out())
        .contains("LOOKS SKETCHY", "files-not-in-repository", "src/extra.rs", "+fn hidden() {}");
  }

  @Test
  void resultsOfDifferentArchivesAndRepositoriesAreStoredApart() throws Exception {
    Path bare = work.resolve("demo.git");
    CommitId c = repoWithRelease(work, "demo.git", "v1.0.0");
    Path good = Files.write(work.resolve("demo-1.0.0.crate"), crate(c, null, null));
    Path tampered =
        Files.write(work.resolve("tampered.crate"), crate(c, "src/extra.rs", "fn hidden() {}\n"));
    assertThat(
            run(withStore("verify", "--crate-file", good.toString(), "--repo", bare.toString())
                    .toArray(String[]::new))
                .code())
        .isZero();
    assertThat(
            run(withStore("verify", "--crate-file", tampered.toString(), "--repo", bare.toString())
                    .toArray(String[]::new))
                .code())
        .isEqualTo(11);
    try (Database d = Database.open(db.toString())) {
      assertThat(new VerificationResults(d).history(PackageId.of("demo", "1.0.0")))
          .as("the tampered copy does not replace the verdict of the good archive")
          .extracting(rec -> rec.category() + " " + rec.origin() + " " + rec.repositoryOverride())
          .containsExactlyInAnyOrder(
              "gold-star crate-file " + bare, "looks-sketchy crate-file " + bare);
      assertThat(
              new dev.cratetrust.store.TrustProvenanceRepository(d)
                  .latest(
                      dev.cratetrust.crates.CrateName.of("demo"),
                      dev.cratetrust.crates.CrateVersion.of("1.0.0"))
                  .category())
          .as("neither is the registry crate's verdict")
          .isEqualTo(dev.cratetrust.trust.ProvenanceFact.ProvenanceClass.UNKNOWN);
    }
  }

  @Test
  void registryDownloadOverLoopbackWithGitRewriteToSmartHttp() throws Exception {
    Path served = Files.createDirectories(tmp.resolve("served"));
    CommitId c = repoWithRelease(served, "demo.git", "demo-v1.0.0");
    try (GitHttpServer git = new GitHttpServer(served);
        FakeRegistry registry = FakeRegistry.start()) {
      registry.publish(PackageId.of("demo", "1.0.0"), crate(c, null, null));
      Result r =
          run(
              withStore(
                      "verify",
                      "demo",
                      "--index",
                      registry.indexUrl(),
                      "--no-api",
                      "--git-rewrite",
                      "https://example.invalid/=" + git.baseUrl() + "/",
                      "--format",
                      "json")
                  .toArray(String[]::new));
      assertThat(r.code()).as(r.err()).isEqualTo(0);
      assertThat(r.json().get("version").asString()).isEqualTo("1.0.0");
      assertThat(r.json().get("source").asString()).startsWith("http://127.0.0.1:");
    }
  }

  @Test
  void missingRepositoryOnServerIsACrateVerdictNotAFailure() throws Exception {
    Path served = Files.createDirectories(tmp.resolve("served"));
    CommitId c = CommitId.of("c".repeat(40));
    Path file = Files.write(work.resolve("demo-1.0.0.crate"), crate(c, null, null));
    try (GitHttpServer git = new GitHttpServer(served)) {
      Result r =
          run(
              withStore(
                      "verify",
                      "--crate-file",
                      file.toString(),
                      "--git-rewrite",
                      "https://example.invalid/=" + git.baseUrl() + "/",
                      "--format",
                      "json")
                  .toArray(String[]::new));
      assertThat(r.code()).as(r.err()).isEqualTo(11);
      assertThat(r.json().get("reasons").get(0).asString()).isEqualTo("repository-unreachable");
    }
  }

  @Test
  void networkFailureExitsThreeAndStoresNothing() throws Exception {
    CommitId c = CommitId.of("d".repeat(40));
    Path file = Files.write(work.resolve("demo-1.0.0.crate"), crate(c, null, null));
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Result r =
        run(
            withStore(
                    "verify",
                    "--crate-file",
                    file.toString(),
                    "--repo",
                    "http://127.0.0.1:" + closedPort + "/demo.git",
                    "--format",
                    "json")
                .toArray(String[]::new));
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("http://127.0.0.1:" + closedPort);
  }

  @Test
  void archiveEntryEscapingItsFolderIsRejectedNamingTheEntryAndWritingNothing() throws Exception {
    Path sentinelDir = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(sentinelDir.resolve("keep.txt"), "unchanged");
    byte[] evil =
        MaliciousArchiveBuilder.crate("demo", "1.0.0")
            .file("demo-1.0.0/../outside/keep.txt", "overwritten")
            .build();
    Path file = Files.write(work.resolve("demo-1.0.0.crate"), evil);
    List<Path> before = listAll(tmp);

    Result r =
        run(
            "verify",
            "--crate-file",
            file.toString(),
            "--no-store",
            "--cache-dir",
            cache.toString());

    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err()).contains("demo-1.0.0/../outside/keep.txt").contains(file.toString());
    assertThat(Files.readString(sentinelDir.resolve("keep.txt"))).isEqualTo("unchanged");
    assertThat(listAll(tmp)).isEqualTo(before);
  }

  @Test
  void vendoredDirectoryWithAFileChangedAfterVendoringIsSketchy() throws Exception {
    Path bare = work.resolve("demo.git");
    CommitId c = repoWithRelease(work, "demo.git", "v1.0.0");
    Path dir = Files.createDirectories(work.resolve("vendor/demo"));
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(
        dir.resolve(".cargo_vcs_info.json"),
        "{\"git\":{\"sha1\":\"" + c.hex() + "\"},\"path_in_vcs\":\"\"}");
    Files.writeString(dir.resolve("Cargo.toml"), NORMALIZED);
    Files.writeString(dir.resolve("Cargo.toml.orig"), ORIG);
    Files.writeString(dir.resolve("src/lib.rs"), LIB);
    StringBuilder files = new StringBuilder();
    for (String p :
        List.of(".cargo_vcs_info.json", "Cargo.toml", "Cargo.toml.orig", "src/lib.rs")) {
      files
          .append(files.isEmpty() ? "" : ",")
          .append('"')
          .append(p)
          .append("\":\"")
          .append(sha256(Files.readAllBytes(dir.resolve(p))))
          .append('"');
    }
    Files.writeString(
        dir.resolve(".cargo-checksum.json"),
        "{\"files\":{" + files + "},\"package\":\"" + "ab".repeat(32) + "\"}");

    Result clean =
        run(
            withStore("verify", "--crate-dir", dir.toString(), "--repo", bare.toString())
                .toArray(String[]::new));
    assertThat(clean.code()).as(clean.out() + clean.err()).isEqualTo(0);
    assertThat(clean.out())
        .contains("package sha256 " + "ab".repeat(32), "every listed file matches");

    Files.writeString(dir.resolve("src/lib.rs"), "pub fn answer() -> u32 { 41 }\n");
    Result changed =
        run(
            withStore(
                    "verify",
                    "--crate-dir",
                    dir.toString(),
                    "--repo",
                    bare.toString(),
                    "--format",
                    "json")
                .toArray(String[]::new));
    assertThat(changed.code()).isEqualTo(11);
    assertThat(changed.json().get("reasons").toString()).contains("vendored-files-modified");
    assertThat(
            changed
                .json()
                .get("vendor_checksums")
                .get("discrepancies")
                .get(0)
                .get("path")
                .asString())
        .isEqualTo("src/lib.rs");
  }

  private static String sha256(byte[] b) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(run("verify").code()).isEqualTo(2);
    assertThat(run("verify", "demo", "--crate-dir", "x").code()).isEqualTo(2);
    assertThat(run("verify", "--crate-file", "x.crate", "--format", "yaml").code()).isEqualTo(2);
    assertThat(run("verify", "--bogus").code()).isEqualTo(2);
    assertThat(run("verify", "demo", "--git-rewrite", "no-equals-sign", "--no-store").code())
        .isEqualTo(4);
  }

  @Test
  void missingCrateFileIsBadInputNamingIt() {
    Result r = run("verify", "--crate-file", tmp.resolve("nope.crate").toString(), "--no-store");
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err()).contains("nope.crate", "no such file");
  }

  private static List<Path> listAll(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.sorted().toList();
    }
  }
}
