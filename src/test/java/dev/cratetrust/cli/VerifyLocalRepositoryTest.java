package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.store.Database;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.testing.TestCrateCommands;
import dev.cratetrust.testing.TestCrateScenario;
import dev.cratetrust.testing.TestCrates;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify --repo PATH} and {@code --git-rewrite} to a path or {@code file://}: the local
 * repository is read in place (nothing copied into the cache, nothing written to it), a missing
 * commit is a verdict, and a partial clone verifies as long as the objects the check needs are
 * there.
 */
class VerifyLocalRepositoryTest {
  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--no-store", "--cache-dir", tmp.resolve("cache").toString()));
    int code =
        Main.run(
            all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void commitMissingFromALocalRepositoryIsNotInRepositoryWithExitEleven() throws Exception {
    TestCrates.Fixture f = TestCrates.build(TestCrateScenario.COMMIT_NOT_PUSHED, tmp);
    Map<String, String> before = contents(f.bareRepo());
    for (String repo : List.of(f.bareRepo().toString(), f.bareRepo().toUri().toString())) {
      Result r = run("verify", "--crate-file", f.crateFile().toString(), "--repo", repo);
      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(11);
      assertThat(r.out()).contains("commit-not-in-repository");
      assertThat(r.err()).doesNotContain("Exception", "\tat ");
    }
    assertThat(contents(f.bareRepo())).as("the repository is not written to").isEqualTo(before);
    Path cache = tmp.resolve("cache");
    assertThat(!Files.exists(cache) || isEmpty(cache)).as("nothing copied into the cache").isTrue();
  }

  @Test
  void partialCloneVerifiesWhenTheCheckNeedsNoMissingObject() throws Exception {
    TestCrates.Fixture f = TestCrates.build(TestCrateScenario.MATCHING, tmp);
    Path partial = partialClone(f.bareRepo(), tmp.resolve("partial.git"));
    String lib = git(partial, "rev-parse", f.commit().hex() + ":src/lib.rs");
    assertThat(git(partial, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)"))
        .as("the clone lacks the files' blobs")
        .doesNotContain(lib);
    Map<String, String> before = contents(partial);
    Result r =
        run("verify", "--crate-file", f.crateFile().toString(), "--repo", partial.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("GOLD STAR");
    String rule = TestCrates.placeholderUrl("matching") + "=" + partial.toUri();
    Result viaRewrite =
        run("verify", "--crate-file", f.crateFile().toString(), "--git-rewrite", rule);
    assertThat(viaRewrite.code()).as(viaRewrite.out() + viaRewrite.err()).isZero();
    assertThat(contents(partial)).isEqualTo(before);
  }

  @Test
  void partialCloneMissingABlobTheCheckNeedsNamesItAndExitsThree() throws Exception {
    TestCrates.Fixture f = TestCrates.build(TestCrateScenario.MODIFIED_FILE_IN_CRATE, tmp);
    Path partial = partialClone(f.bareRepo(), tmp.resolve("partial.git"));
    String lib = git(partial, "rev-parse", f.commit().hex() + ":src/lib.rs");
    Result r =
        run("verify", "--crate-file", f.crateFile().toString(), "--repo", partial.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
    assertThat(r.err()).contains(lib, "src/lib.rs", "partial clone").doesNotContain("\tat ");
  }

  @Test
  void partialCloneMissingTheCommitIsNotInRepository() throws Exception {
    TestCrates.Fixture f = TestCrates.build(TestCrateScenario.COMMIT_NOT_PUSHED, tmp);
    Path partial = partialClone(f.bareRepo(), tmp.resolve("partial.git"));
    Result r =
        run("verify", "--crate-file", f.crateFile().toString(), "--repo", partial.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(11);
    assertThat(r.out()).contains("commit-not-in-repository");
  }

  @Test
  void aRepositoryPathThatDoesNotExistIsAnOperatorErrorNotAVerdict() throws Exception {
    TestCrates.Fixture f = TestCrates.build(TestCrateScenario.MATCHING, tmp);
    Path missing = tmp.resolve("no-such-mirror.git");
    Path notGit = Files.createDirectories(tmp.resolve("plain-folder"));
    String rule = TestCrates.placeholderUrl("matching") + "=" + missing;
    Path db = tmp.resolve("store");
    for (List<String> args :
        List.of(
            List.of("--repo", missing.toString()),
            List.of("--repo", notGit.toString()),
            List.of("--git-rewrite", rule))) {
      List<String> all =
          new ArrayList<>(List.of("verify", "--crate-file", f.crateFile().toString()));
      all.addAll(args);
      all.addAll(List.of("--db", db.toString()));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          Main.run(
              all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
      assertThat(code).as(args + ": " + out + err).isEqualTo(4);
      assertThat(err.toString())
          .as(args.toString())
          .contains("no git repository", "--repo path or the --git-rewrite target")
          .doesNotContain("\tat ");
      assertThat(out.toString()).doesNotContain("repository-unreachable", "LOOKS SKETCHY");
    }
    try (Database store = Database.open(db.toString())) {
      assertThat(new VerificationResults(store).latestPerVersion())
          .as("no verdict stored")
          .isEmpty();
    }
  }

  private Path partialClone(Path bare, Path to) throws Exception {
    git(bare, "config", "uploadpack.allowFilter", "true");
    git(tmp, "clone", "-q", "--bare", "--filter=blob:none", bare.toUri().toString(), to.toString());
    try (Stream<Path> packs = Files.list(to.resolve("objects/pack"))) {
      assertThat(packs.map(x -> x.getFileName().toString())).anyMatch(n -> n.endsWith(".promisor"));
    }
    return to;
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /** Every file below {@code dir} with its SHA-256 and modification time. */
  private static Map<String, String> contents(Path dir) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
        out.put(
            dir.relativize(p).toString(),
            HexFormat.of().formatHex(digest) + " " + Files.getLastModifiedTime(p).toMillis());
      }
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.filter(Files::isDirectory).forEach(d -> out.put(dir.relativize(d) + "/", "dir"));
    }
    return out;
  }

  private String git(Path dir, String... args) {
    return new TestCrateCommands(tmp.resolve("git-home")).git(dir, args);
  }
}
