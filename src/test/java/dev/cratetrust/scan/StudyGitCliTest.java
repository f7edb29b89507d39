package dev.cratetrust.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.testing.FakeRegistry;
import dev.cratetrust.testing.GitHttpServer;
import dev.cratetrust.testing.MaliciousArchiveBuilder;
import dev.cratetrust.testing.TestGitRepos;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyGitCliTest {
  @TempDir Path tmp;

  @Test
  void blobIdsAreGitsAndAddTheLfFormOnlyForCrlf() {
    // `printf 'hello\n' | git hash-object --stdin`
    assertEquals(
        List.of("ce013625030ba8dba906f756967f9e9ca394464a"),
        StudyGitCli.blobIds("hello\n".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(
        List.of(
            StudyGitCli.blobIds("hello\r\n".getBytes(StandardCharsets.US_ASCII)).getFirst(),
            "ce013625030ba8dba906f756967f9e9ca394464a"),
        StudyGitCli.blobIds("hello\r\n".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void fixupStripsOnlyGithubTreeSuffixes() {
    assertEquals(
        "https://github.com/o/r", StudyGitCli.fixupUrl("https://github.com/o/r/tree/main/sub"));
    assertEquals(
        "https://gitlab.com/o/r/tree/main",
        StudyGitCli.fixupUrl("https://gitlab.com/o/r/tree/main"));
  }

  @Test
  void goldStarWhenTagAndBlobsMatchElseFullCloneReportsUnmatchedFiles() throws Exception {
    Path served = Files.createDirectories(tmp.resolve("served"));
    CommitId commit;
    try (TestGitRepos g = TestGitRepos.pushBare(served, "r.git")) {
      commit = g.on("main").file("src/lib.rs", "fn a() {}\n").commit("release");
      g.lightweightTag("v0.1.0", commit);
      g.lightweightTag("other", commit);
    }
    Path work = Files.createDirectories(tmp.resolve("work"));
    try (GitHttpServer git = new GitHttpServer(served);
        FakeRegistry registry = FakeRegistry.start()) {
      PackageId good = PackageId.of("good", "0.1.0");
      PackageId changed = PackageId.of("changed", "0.1.0");
      registry.publish(good, crate("good", commit, "fn a() {}\n"));
      registry.publish(changed, crate("changed", commit, "fn a() { evil() }\n"));
      StudyGitCli study = new StudyGitCli(HttpClient.newHttpClient(), work);

      StudyGitCli.Result ok =
          study.inspect(
              "good", "0.1.0", registry.baseUrl() + FakeRegistry.cratePath(good), git.url("r.git"));
      assertEquals(List.of("v0.1.0"), ok.matchedTags());
      assertEquals(1, ok.files());
      assertTrue(ok.goldStar());

      StudyGitCli.Result bad =
          study.inspect(
              "changed",
              "0.1.0",
              registry.baseUrl() + FakeRegistry.cratePath(changed),
              git.url("r.git"));
      assertTrue(bad.shallowFetched());
      assertTrue(bad.fullClone());
      assertEquals(1, bad.unmatched());
      assertFalse(bad.goldStar());
    }
    try (Stream<Path> left = Files.list(work)) {
      assertEquals(0, left.count(), "temporary repositories are removed");
    }
  }

  private static byte[] crate(String name, CommitId commit, String lib) {
    String dir = name + "-0.1.0/";
    return MaliciousArchiveBuilder.empty()
        .file(dir + "Cargo.toml", "[package]\nname = \"" + name + "\"\nversion = \"0.1.0\"\n")
        .file(
            dir + ".cargo_vcs_info.json",
            "{\"git\": {\"sha1\": \"" + commit.hex() + "\"}, \"path_in_vcs\": \"\"}")
        .file(dir + "src/lib.rs", lib)
        .build();
  }
}
