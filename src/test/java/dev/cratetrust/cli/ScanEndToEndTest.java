package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.testing.DbDumpBuilder;
import dev.cratetrust.testing.DbDumpBuilder.Crate;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The acceptance command lines, run in-process with the real verifier against a synthetic ecosystem
 * on loopback: a format-exact db-dump, a sparse-index registry and smart-HTTP git.
 */
class ScanEndToEndTest {
  private static final String REPO_BASE = "https://example.invalid/";
  @TempDir Path tmp;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private static String manifest(String name, String version, String repo) {
    return "[package]\nname = \""
        + name
        + "\"\nversion = \""
        + version
        + "\"\nedition = \"2021\"\n"
        + (repo == null ? "" : "repository = \"" + repo + "\"\n");
  }

  private static String lib(String name) {
    return "pub fn " + name.replace('-', '_') + "() -> u32 { 42 }\n";
  }

  /** Commits {@code members} (crate name -> subfolder) into one repository; returns the commit. */
  private static CommitId commit(TestGitRepos repo, Map<String, String> members, String version)
      throws IOException {
    TestGitRepos.Commit c = repo.on("main");
    for (Map.Entry<String, String> m : members.entrySet()) {
      String prefix = m.getValue().isEmpty() ? "" : m.getValue() + "/";
      c.file(
          prefix + "Cargo.toml", manifest(m.getKey(), version, REPO_BASE + repoName(m.getKey())));
      c.file(prefix + "src/lib.rs", lib(m.getKey()));
    }
    return c.commit("release " + version);
  }

  private static String repoName(String crate) {
    return crate.startsWith("rand") ? "rand.git" : crate + ".git";
  }

  private static byte[] crate(
      String name, String version, CommitId sha, String pathInVcs, String repo, String extra) {
    String dir = name + "-" + version + "/";
    MaliciousArchiveBuilder b =
        MaliciousArchiveBuilder.empty()
            .file(dir + "Cargo.toml", manifest(name, version, repo))
            .file(dir + "Cargo.toml.orig", manifest(name, version, repo))
            .file(dir + "src/lib.rs", lib(name));
    if (sha != null) {
      b.file(
          dir + ".cargo_vcs_info.json",
          "{\n  \"git\": {\n    \"sha1\": \""
              + sha.hex()
              + "\"\n  },\n  \"path_in_vcs\": \""
              + pathInVcs
              + "\"\n}");
    }
    if (extra != null) {
      b.file(dir + extra, "fn hidden() {}\n");
    }
    return b.build();
  }

  @Test
  void topNScanOverLoopbackThenJsonReport() throws Exception {
    Path served = Files.createDirectories(tmp.resolve("served"));
    Map<String, String> randMembers = new LinkedHashMap<>();
    randMembers.put("rand", "");
    randMembers.put("rand_core", "rand_core");
    CommitId rand;
    try (TestGitRepos repo = TestGitRepos.pushBare(served, "rand.git")) {
      rand = commit(repo, randMembers, "0.8.5");
      repo.lightweightTag("0.8.5", rand);
    }
    CommitId notag;
    try (TestGitRepos repo = TestGitRepos.pushBare(served, "notag.git")) {
      notag = commit(repo, Map.of("notag", ""), "1.0.0");
    }
    CommitId extra;
    try (TestGitRepos repo = TestGitRepos.pushBare(served, "extra.git")) {
      extra = commit(repo, Map.of("extra", ""), "1.0.0");
      repo.lightweightTag("v1.0.0", extra);
    }
    try (TestGitRepos repo = TestGitRepos.pushBare(served, "nohash.git")) {
      repo.lightweightTag("v1.0.0", commit(repo, Map.of("nohash", ""), "1.0.0"));
    }
    CommitId missingCommit = CommitId.of("d".repeat(40));

    try (GitHttpServer git = new GitHttpServer(served);
        FakeRegistry registry = FakeRegistry.start()) {
      List<Crate> dump = new ArrayList<>();
      record Spec(
          String name, String version, CommitId sha, String path, boolean repo, String extra) {}
      List<Spec> specs =
          List.of(
              new Spec("rand", "0.8.5", rand, "", true, null),
              new Spec("rand_core", "0.8.5", rand, "rand_core", true, null),
              new Spec("notag", "1.0.0", notag, "", true, null),
              new Spec("extra", "1.0.0", extra, "", true, "src/extra.rs"),
              new Spec("nohash", "1.0.0", missingCommit, "", true, null),
              new Spec("gone", "1.0.0", missingCommit, "", true, null),
              new Spec("novcs", "1.0.0", null, "", false, null),
              new Spec("norepo", "1.0.0", notag, "", false, null));
      long downloads = 1000;
      for (Spec s : specs) {
        String url = s.repo() ? REPO_BASE + repoName(s.name()) : null;
        registry.publish(
            PackageId.of(s.name(), s.version()),
            crate(s.name(), s.version(), s.sha(), s.path(), url, s.extra()));
        dump.add(Crate.of(s.name(), url, downloads--, s.version()));
      }
      dump.add(Crate.of("tail", REPO_BASE + "tail.git", 1, "1.0.0"));
      Path dumpFile = DbDumpBuilder.of(dump).write(tmp.resolve("db-dump.tar.gz"));
      Path db = tmp.resolve("store");

      Result scan =
          run(
              "scan",
              "--db-dump",
              dumpFile.toString(),
              "--top",
              "8",
              "--index",
              registry.indexUrl(),
              "--git-rewrite",
              REPO_BASE + "=" + git.baseUrl() + "/",
              "--db",
              db.toString(),
              "--jobs",
              "1",
              "--cache-dir",
              tmp.resolve("cache").toString());
      assertThat(scan.code()).as(scan.out() + scan.err()).isZero();
      assertThat(scan.out()).contains("verified 8 in this run").contains("0 failed permanently");

      Result report = run("report", "--db", db.toString(), "--format", "json");
      assertThat(report.code()).as(report.err()).isZero();
      JsonNode json = JsonMapper.builder().build().readTree(report.out());
      Map<String, String> verdicts = new LinkedHashMap<>();
      for (JsonNode c : json.get("crates")) {
        List<String> reasons = new ArrayList<>();
        c.get("reasons").forEach(r -> reasons.add(r.asString()));
        verdicts.put(c.get("crate").asString(), c.get("category").asString() + " " + reasons);
      }
      assertThat(verdicts.keySet())
          .containsExactly(
              "extra", "gone", "nohash", "norepo", "notag", "novcs", "rand", "rand_core");
      assertThat(verdicts.get("rand")).startsWith("gold-star");
      assertThat(verdicts.get("rand_core")).startsWith("gold-star");
      assertThat(verdicts.get("notag")).startsWith("needs-improvement").contains("no-release-tag");
      assertThat(verdicts.get("novcs")).contains("no-vcs-info");
      assertThat(verdicts.get("extra"))
          .startsWith("looks-sketchy")
          .contains("files-not-in-repository");
      assertThat(verdicts.get("nohash"))
          .startsWith("looks-sketchy")
          .contains("commit-not-in-repository");
      assertThat(verdicts.get("gone"))
          .startsWith("looks-sketchy")
          .contains("repository-unreachable");
      assertThat(verdicts.get("norepo")).contains("no-repository");
      assertThat(json.get("summary").get("total").asLong()).isEqualTo(8);
      assertThat(json.get("summary").get("gold-star").asLong()).isEqualTo(2);
      try (dev.cratetrust.store.Database d = dev.cratetrust.store.Database.open(db.toString())) {
        var signals = new dev.cratetrust.store.SignalResults(d);
        assertThat(
                signals.withCode(
                    "provenance-files-not-in-repository",
                    dev.cratetrust.signals.CrateSignals.SIGNALS_VERSION))
            .as("the scan stored its signals where verify stores them")
            .extracting(id -> id.name().value())
            .containsExactly("extra");
      }

      List<String> repoOrder = new ArrayList<>();
      for (GitHttpServer.Request r : git.requests()) {
        String repo = r.path().substring(1, r.path().indexOf(".git") + 4);
        if (repoOrder.isEmpty() || !repoOrder.getLast().equals(repo)) {
          repoOrder.add(repo);
        }
      }
      assertThat(repoOrder)
          .as("with --jobs 1 each repository's requests form one run: jobs are grouped")
          .doesNotHaveDuplicates()
          .contains("rand.git");
      assertThat(requestsTo(git, "rand.git"))
          .as("rand and rand_core together cost what the one-crate notag repository costs")
          .isEqualTo(requestsTo(git, "notag.git"))
          .as(
              "refs listed once (GET + POST), branch and tag history (this server refuses the"
                  + " tree:0 filter: GET + POST, then GET + 2 POST unfiltered), one depth-1"
                  + " content fetch (GET + 2 POST)")
          .isEqualTo(10L);

      int before = git.requests().size();
      Result again =
          run(
              "scan",
              "--db-dump",
              dumpFile.toString(),
              "--top",
              "8",
              "--index",
              registry.indexUrl(),
              "--git-rewrite",
              REPO_BASE + "=" + git.baseUrl() + "/",
              "--db",
              db.toString(),
              "--cache-dir",
              tmp.resolve("cache").toString());
      assertThat(again.code()).isZero();
      assertThat(again.out()).contains("8 already verified").contains("verified 0 in this run");
      assertThat(git.requests()).hasSize(before);
    }
  }

  private static long requestsTo(GitHttpServer git, String repo) {
    return git.requests().stream().filter(r -> r.path().startsWith("/" + repo + "/")).count();
  }

  @Test
  void vendorDirScanUsesEachManifestsRepository() throws Exception {
    Path served = Files.createDirectories(tmp.resolve("served"));
    CommitId c;
    try (TestGitRepos repo = TestGitRepos.pushBare(served, "vend.git")) {
      c = commit(repo, Map.of("vend", ""), "0.3.0");
      repo.lightweightTag("v0.3.0", c);
    }
    Path vendor = Files.createDirectories(tmp.resolve("vendor"));
    Path dir = Files.createDirectories(vendor.resolve("vend-0.3.0/src"));
    Files.writeString(dir.resolve("lib.rs"), lib("vend"));
    Files.writeString(
        vendor.resolve("vend-0.3.0/Cargo.toml"), manifest("vend", "0.3.0", REPO_BASE + "vend.git"));
    Files.writeString(
        vendor.resolve("vend-0.3.0/Cargo.toml.orig"),
        manifest("vend", "0.3.0", REPO_BASE + "vend.git"));
    Files.writeString(
        vendor.resolve("vend-0.3.0/.cargo_vcs_info.json"),
        "{\"git\":{\"sha1\":\"" + c.hex() + "\"},\"path_in_vcs\":\"\"}");
    try (GitHttpServer git = new GitHttpServer(served)) {
      Path db = tmp.resolve("vstore");
      Result scan =
          run(
              "scan",
              "--vendor-dir",
              vendor.toString(),
              "--git-rewrite",
              REPO_BASE + "=" + git.baseUrl() + "/",
              "--db",
              db.toString(),
              "--cache-dir",
              tmp.resolve("cache").toString());
      assertThat(scan.code()).as(scan.out() + scan.err()).isZero();
      Result report = run("report", "--db", db.toString(), "--format", "json");
      JsonNode crate = JsonMapper.builder().build().readTree(report.out()).get("crates").get(0);
      assertThat(crate.get("crate").asString()).isEqualTo("vend");
      assertThat(crate.get("category").asString()).as(report.out()).isEqualTo("gold-star");
    }
  }
}
