package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.testing.DbDumpBuilder;
import dev.cratetrust.testing.GitHttpServer;
import dev.cratetrust.testing.TestCrateScenario;
import dev.cratetrust.testing.TestCrates;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code sync-dump} imports registry facts that {@code signals --db} and {@code verify} use. */
class SyncDumpSignalsTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {
    JsonNode json() {
      return JsonMapper.builder().build().readTree(out);
    }

    List<String> codes(String field) {
      List<String> out = new ArrayList<>();
      json().get(field).forEach(s -> out.add(s.get("code").asString()));
      return out;
    }
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  /** A popular crate, a fresh look-alike of it, and a crate whose new version adds it. */
  private Path dump(String crate, String oldVersion, String newVersion) throws IOException {
    Instant now = Instant.now();
    List<DbDumpBuilder.Crate> crates =
        List.of(
            DbDumpBuilder.Crate.of("serde", null, 900_000_000, "1.0.0"),
            new DbDumpBuilder.Crate(
                "serrde",
                null,
                12,
                List.of(new DbDumpBuilder.Version("0.1.0", false, now.minus(Duration.ofDays(3)))),
                null,
                "serrde"),
            new DbDumpBuilder.Crate(
                crate,
                null,
                40_000,
                List.of(
                    new DbDumpBuilder.Version(
                        oldVersion, false, Instant.parse("2023-01-01T00:00:00Z")),
                    new DbDumpBuilder.Version(newVersion, false, now.minus(Duration.ofDays(1)))),
                null,
                crate));
    return DbDumpBuilder.of(crates)
        .createdAt("serrde", now.minus(Duration.ofDays(3)))
        .createdAt(crate, Instant.parse("2023-01-01T00:00:00Z"))
        .owners(crate, "alice")
        .publishedBy(crate, oldVersion, "alice")
        .publishedBy(crate, newVersion, "mallory")
        .publishedBy("serrde", "0.1.0", "mallory")
        .write(tmp.resolve("db-dump.tar.gz"));
  }

  @Test
  void signalsUseTheImportedFactsForPublishersAndFreshLookAlikeDependencies() throws Exception {
    Path db = tmp.resolve("store/db");
    Run sync =
        run(
            "sync-dump",
            "--db-dump",
            dump("demo", "1.0.0", "1.1.0").toString(),
            "--db",
            db.toString());
    assertThat(sync.code()).as(sync.err()).isZero();
    assertThat(sync.out()).contains("imported 3 crates, 4 versions, 1 owners");

    Path dir = Files.createDirectories(tmp.resolve("demo-1.1.0"));
    Files.writeString(
        dir.resolve("Cargo.toml"),
        "[package]\nname = \"demo\"\nversion = \"1.1.0\"\n\n[dependencies]\nserrde = \"0.1\"\n");
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(dir.resolve("src/lib.rs"), "pub fn f() {}\n");

    Run without = run("signals", "--crate-dir", dir.toString(), "--format", "json");
    assertThat(without.code()).as(without.err()).isZero();
    assertThat(without.codes("signals"))
        .doesNotContain("new-publisher", "dependency-fresh-look-alike");

    Run with =
        run("signals", "--crate-dir", dir.toString(), "--db", db.toString(), "--format", "json");
    assertThat(with.code()).as(with.err()).isZero();
    assertThat(with.codes("signals"))
        .contains("new-publisher", "version-after-dormancy", "dependency-fresh-look-alike");
    assertThat(with.json().get("signals").toString()).contains("mallory", "serrde", "serde");
  }

  @Test
  void verifyUsesTheImportedFactsOfItsStore() throws Exception {
    TestCrates.Fixture f = TestCrates.build(TestCrateScenario.MATCHING, tmp);
    Path db = tmp.resolve("store/db");
    String name = f.id().name().value();
    Run sync =
        run(
            "sync-dump",
            "--db-dump",
            dump(name, "0.9.0", f.id().version().value()).toString(),
            "--db",
            db.toString());
    assertThat(sync.code()).as(sync.err()).isZero();
    try (GitHttpServer server = new GitHttpServer(TestCrates.remoteRoot(tmp))) {
      Run r =
          run(
              "verify",
              "--crate-file",
              f.crateFile().toString(),
              "--git-rewrite",
              "https://example.invalid/owner/=" + server.baseUrl() + "/",
              "--cache-dir",
              tmp.resolve("cache").toString(),
              "--db",
              db.toString(),
              "--format",
              "json");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.codes("signals")).contains("new-publisher", "version-after-dormancy");
    }
  }

  @Test
  void signalsWithAMissingStoreCreateNothing() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("c"));
    Files.writeString(dir.resolve("Cargo.toml"), "[package]\nname = \"c\"\nversion = \"1.0.0\"\n");
    Run r =
        run(
            "signals",
            "--crate-dir",
            dir.toString(),
            "--db",
            tmp.resolve("none/db").toString(),
            "--format",
            "json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(tmp.resolve("none")).doesNotExist();
  }

  @Test
  void unreadableDumpIsBadInputNamingItAndWritesOnlyTheStore() throws Exception {
    Path broken = Files.writeString(tmp.resolve("db-dump.tar.gz"), "no gzip here");
    List<Path> before = listAll(tmp);
    Path db = tmp.resolve("store/db");
    Run r = run("sync-dump", "--db-dump", broken.toString(), "--db", db.toString());
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err()).contains(broken.toString(), "not a readable gzip-compressed tar archive");
    List<Path> after = listAll(tmp);
    after.removeIf(p -> p.startsWith(tmp.resolve("store")));
    assertThat(after).isEqualTo(before);
  }

  @Test
  void missingDumpOptionIsAUsageError() {
    assertThat(run("sync-dump").code()).isEqualTo(2);
  }

  private static List<Path> listAll(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return new ArrayList<>(s.sorted().toList());
    }
  }
}
