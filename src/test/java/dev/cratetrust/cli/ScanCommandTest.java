package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.scan.FakeVerifier;
import dev.cratetrust.scan.GitRewrite;
import dev.cratetrust.scan.ScanTargets;
import dev.cratetrust.scan.VerifierSettings;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.testing.DbDumpBuilder;
import dev.cratetrust.testing.DbDumpBuilder.Crate;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ScanCommandTest {
  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final List<VerifierSettings> settings = new ArrayList<>();
  private final FakeVerifier verifier = new FakeVerifier();

  private int scan(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "scan";
    System.arraycopy(args, 0, all, 1, args.length);
    return FakeVerifierCli.run(
        all,
        new PrintWriter(out, true),
        new PrintWriter(err, true),
        s -> {
          settings.add(s);
          return verifier;
        });
  }

  private JsonNode reportJson(Path db) throws Exception {
    StringWriter rout = new StringWriter();
    int code =
        Main.run(
            new String[] {"report", "--db", db.toString(), "--format", "json"},
            new PrintWriter(rout, true),
            new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();
    return Parsers.json().readTree(rout.toString());
  }

  @Test
  void allQueuesTheCurrentVersionOfEveryCrateAndAllVersionsEveryVersion() throws Exception {
    Path dump =
        DbDumpBuilder.of(
                List.of(
                    Crate.of("gold-a", "https://github.com/o/a", 30, "1.0.0", "1.1.0"),
                    Crate.of("notag-b", "https://github.com/o/b", 20, "0.2.0"),
                    Crate.of("gold-d", "", 1, "0.1.0")))
            .write(tmp.resolve("db-dump.tar.gz"));
    Path db = tmp.resolve("store");
    assertThat(scan("--db-dump", dump.toString(), "--all", "--enqueue-only", "--db", db.toString()))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("3 crates, 4 versions, 3 selected", "3 queued");
    assertThat(
            scan(
                "--db-dump",
                dump.toString(),
                "--all-versions",
                "--enqueue-only",
                "--db",
                db.toString()))
        .isZero();
    assertThat(out.toString()).contains("4 selected", "1 queued, 3 were already queued");
    assertThat(scan("--db-dump", dump.toString(), "--all", "--top", "2")).isEqualTo(2);
    assertThat(err.toString()).contains("--all and --top N both choose crates");
  }

  @Test
  void dumpScanPassesVerifierSettingsAndReportsJson() throws Exception {
    Path dump =
        DbDumpBuilder.of(
                List.of(
                    Crate.of("gold-a", "https://github.com/o/a", 30, "1.0.0"),
                    Crate.of("notag-b", "https://github.com/o/b", 20, "0.2.0"),
                    Crate.of("double-c", "https://github.com/o/c", 10, "0.1.0"),
                    Crate.of("gold-d", "https://github.com/o/d", 1, "0.1.0")))
            .write(tmp.resolve("db-dump.tar.gz"));
    Path db = tmp.resolve("store");
    int code =
        scan(
            "--db-dump",
            dump.toString(),
            "--top",
            "3",
            "--index",
            "sparse+http://127.0.0.1:9/index/",
            "--git-rewrite",
            "https://github.com/=http://127.0.0.1:9/git/",
            "--git-rewrite",
            "https://gitlab.com/=http://127.0.0.1:9/gl/",
            "--db",
            db.toString(),
            "--jobs",
            "2",
            "--cache-dir",
            tmp.resolve("cache").toString());
    assertThat(code).as(out + "\n" + err).isZero();
    assertThat(settings).hasSize(1);
    VerifierSettings s = settings.getFirst();
    assertThat(s.index()).contains("sparse+http://127.0.0.1:9/index/");
    assertThat(s.gitRewrites())
        .containsExactly(
            new GitRewrite("https://github.com/", "http://127.0.0.1:9/git/"),
            new GitRewrite("https://gitlab.com/", "http://127.0.0.1:9/gl/"));
    assertThat(s.cacheDir()).isEqualTo(tmp.resolve("cache"));
    assertThat(s.jobs()).isEqualTo(2);
    assertThat(out.toString()).contains("4 crates, 4 versions, 3 selected").contains("verified 3");

    JsonNode report = reportJson(db);
    assertThat(report.get("summary").get("total").asLong()).isEqualTo(3);
    assertThat(report.get("summary").get("in-several-rows").asLong()).isEqualTo(1);
    List<String> rows = new ArrayList<>();
    for (JsonNode c : report.get("crates")) {
      rows.add(
          c.get("crate").asString()
              + "@"
              + c.get("version").asString()
              + " "
              + c.get("category").asString());
    }
    assertThat(rows)
        .containsExactly(
            "double-c@0.1.0 looks-sketchy",
            "gold-a@1.0.0 gold-star",
            "notag-b@0.2.0 needs-improvement");

    assertThat(scan("--db-dump", dump.toString(), "--top", "4", "--db", db.toString())).isZero();
    assertThat(out.toString()).contains("1 queued, 0 were already queued, 3 already verified");
    assertThat(verifier.calls()).hasSize(4);
  }

  @Test
  void crateNamesWithADumpTakeTheirCurrentVersions() throws Exception {
    Path dump =
        DbDumpBuilder.of(
                List.of(
                    Crate.of("gold-a", "https://github.com/o/a", 30, "1.0.0", "1.1.0"),
                    Crate.of("notag-b", "https://github.com/o/b", 20, "0.2.0"),
                    Crate.of("gold-d", "https://github.com/o/d", 1, "0.1.0")))
            .write(tmp.resolve("db-dump.tar.gz"));
    Path names = tmp.resolve("names.txt");
    Files.writeString(names, "gold_d\ngold-a\n");
    assertThat(
            scan(
                "--db-dump",
                dump.toString(),
                "--crates",
                names.toString(),
                "--top",
                "1",
                "--db",
                tmp.resolve("one").toString()))
        .as(err.toString())
        .isZero();
    assertThat(verifier.calls()).containsExactly("gold-a@1.1.0");
    assertThat(
            scan(
                "--db-dump",
                dump.toString(),
                "--crates",
                names.toString(),
                "--db",
                tmp.resolve("two").toString()))
        .isZero();
    assertThat(verifier.calls())
        .containsExactlyInAnyOrder("gold-a@1.1.0", "gold-a@1.1.0", "gold-d@0.1.0");
  }

  @Test
  void vendorDirScanVerifiesEveryCrateFolderFromItsFolder() throws Exception {
    Path vendor = Files.createDirectory(tmp.resolve("vendor"));
    manifest(vendor.resolve("gold-a"), "gold-a", "1.0.0", "https://github.com/o/a");
    manifest(vendor.resolve("extra-b-0.3.1"), "extra-b", "0.3.1", "https://github.com/o/b");
    // Debian drops the build metadata from folder names
    manifest(
        vendor.resolve("gold-zstd-0.12.1"),
        "gold-zstd",
        "0.12.1+zstd.1.5.2",
        "https://github.com/o/zstd");
    Path db = tmp.resolve("vstore");
    assertThat(
            scan(
                "--vendor-dir",
                vendor.toString(),
                "--git-rewrite",
                "https://github.com/=http://127.0.0.1:9/",
                "--db",
                db.toString()))
        .as(err.toString())
        .isZero();
    assertThat(verifier.targets())
        .extracting(t -> t.id() + " " + t.source().encode() + " " + t.repository())
        .containsExactlyInAnyOrder(
            "gold-a@1.0.0 vendor:"
                + vendor.resolve("gold-a").toAbsolutePath()
                + " https://github.com/o/a",
            "extra-b@0.3.1 vendor:"
                + vendor.resolve("extra-b-0.3.1").toAbsolutePath()
                + " https://github.com/o/b",
            "gold-zstd@0.12.1+zstd.1.5.2 vendor:"
                + vendor.resolve("gold-zstd-0.12.1").toAbsolutePath()
                + " https://github.com/o/zstd");
    assertThat(reportJson(db).get("summary").get("files-not-in-repository").asLong()).isEqualTo(1);
  }

  @Test
  void theReportOfAScanAccountsForEveryInputCrate() throws Exception {
    Path list = tmp.resolve("names.txt");
    // flaky-9: the repository host keeps failing (retried later); bad-: a broken crate
    Files.writeString(
        list, "gold-a@1.0.0\nnotag-b@1.0.0\nextra-c@1.0.0\nflaky-9-host@1.0.0\nbad-crate@1.0.0\n");
    Path db = tmp.resolve("cstore");
    int code = scan("--crates", list.toString(), "--db", db.toString());
    assertThat(code).as("one crate still waits for a retry").isEqualTo(3);
    assertThat(out.toString())
        .containsPattern(
            "scan \\d+: 5 input crate\\(s\\): 3 with a stored verdict, 2 could not be verified");
    JsonNode report = reportJson(db);
    JsonNode summary = report.get("summary");
    assertThat(summary.get("total").asLong()).isEqualTo(5);
    assertThat(
            summary.get("gold-star").asLong()
                + summary.get("needs-improvement").asLong()
                + summary.get("looks-sketchy").asLong()
                + summary.get("could-not-verify").asLong())
        .isEqualTo(5);
    assertThat(summary.get("could-not-verify").asLong()).isEqualTo(2);
    List<String> couldNot = new ArrayList<>();
    for (JsonNode c : report.get("crates").values()) {
      if (c.get("category").asString().equals("could-not-verify")) {
        couldNot.add(
            c.get("crate").asString()
                + " "
                + c.get("reasons").get(0).asString()
                + " "
                + c.get("detail").asString());
      }
    }
    assertThat(couldNot)
        .containsExactlyInAnyOrder(
            "bad-crate failed-permanently invalid input: read crate bad-crate@1.0.0: archive is"
                + " truncated",
            "flaky-9-host waiting-for-retry download flaky-9-host@1.0.0: connection reset"
                + " (attempt 1)");
    // a later scan of other crates is reported on its own; --all shows every stored result
    Path other = tmp.resolve("other.txt");
    Files.writeString(other, "gold-z@1.0.0\n");
    assertThat(scan("--crates", other.toString(), "--db", db.toString())).isEqualTo(3);
    assertThat(reportJson(db).get("summary").get("total").asLong()).isEqualTo(1);
    StringWriter rout = new StringWriter();
    assertThat(
            Main.run(
                new String[] {"report", "--db", db.toString(), "--format", "json", "--all"},
                new PrintWriter(rout, true),
                new PrintWriter(err, true)))
        .isZero();
    assertThat(Parsers.json().readTree(rout.toString()).get("summary").get("total").asLong())
        .isEqualTo(4);
  }

  @Test
  void everyPermanentFailureOfTheScanIsNamedNotOnlyTheFirstTwenty() throws Exception {
    Path first = tmp.resolve("first.txt");
    Files.writeString(first, "bad-earlier@1.0.0\n");
    Path db = tmp.resolve("fstore");
    scan("--crates", first.toString(), "--db", db.toString());
    StringBuilder names = new StringBuilder("gold-a@1.0.0\n");
    for (int i = 0; i < 25; i++) {
      names.append("bad-").append(i).append("@1.0.0\n");
    }
    Path list = tmp.resolve("names.txt");
    Files.writeString(list, names);
    out.getBuffer().setLength(0);
    scan("--crates", list.toString(), "--db", db.toString());
    List<String> failed = out.toString().lines().filter(l -> l.startsWith("  failed: ")).toList();
    assertThat(failed).hasSize(25).allMatch(l -> l.contains("archive is truncated"));
    assertThat(failed).anyMatch(l -> l.startsWith("  failed: bad-24@1.0.0"));
    assertThat(out.toString())
        .as("a failure of an earlier scan is not this scan's")
        .doesNotContain("bad-earlier");
  }

  @Test
  void vendoredCratesAreVerifiedAfterTheRegistryScanOfTheSameVersions() throws Exception {
    Path list = tmp.resolve("names.txt");
    Files.writeString(list, "gold-a@1.0.0\nextra-b@0.3.1\n");
    Path db = tmp.resolve("rvstore");
    assertThat(scan("--crates", list.toString(), "--db", db.toString()))
        .as(err.toString())
        .isZero();
    Path vendor = Files.createDirectory(tmp.resolve("vendor"));
    manifest(vendor.resolve("gold-a"), "gold-a", "1.0.0", "https://github.com/o/a");
    manifest(vendor.resolve("extra-b-0.3.1"), "extra-b", "0.3.1", "https://github.com/o/b");
    assertThat(scan("--vendor-dir", vendor.toString(), "--db", db.toString()))
        .as(err.toString())
        .isZero();
    assertThat(verifier.targets())
        .extracting(t -> t.id() + " " + t.source().getClass().getSimpleName())
        .containsExactlyInAnyOrder(
            "gold-a@1.0.0 Registry",
            "extra-b@0.3.1 Registry",
            "gold-a@1.0.0 Vendored",
            "extra-b@0.3.1 Vendored");
    assertThat(out.toString()).contains("2 queued, 0 were already queued, 0 already verified");
    JsonNode report = reportJson(db);
    assertThat(report.get("summary").get("total").asLong()).isEqualTo(2);
    assertThat(report.get("crates").get(0).get("origin").asString()).isEqualTo("vendor");
    try (Database d = Database.open(db.toString())) {
      assertThat(new VerificationResults(d).count()).isEqualTo(4);
    }
  }

  @Test
  void vendorDirCannotBeOnlyQueuedForOtherMachines() throws Exception {
    Path vendor = Files.createDirectory(tmp.resolve("vendor"));
    manifest(vendor.resolve("gold-a"), "gold-a", "1.0.0", "https://github.com/o/a");
    Path db = tmp.resolve("qstore");
    assertThat(scan("--vendor-dir", vendor.toString(), "--enqueue-only", "--db", db.toString()))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("--vendor-dir with --enqueue-only")
        .contains("workers on other machines could not read them");
    assertThat(verifier.calls()).isEmpty();
  }

  @Test
  void lockfileAndCrateListScans() throws Exception {
    Path lock = tmp.resolve("Cargo.lock");
    Files.writeString(
        lock,
        """
        version = 4

        [[package]]
        name = "gold-dep"
        version = "1.2.3"
        source = "registry+https://github.com/rust-lang/crates.io-index"
        checksum = "00"

        [[package]]
        name = "local"
        version = "0.1.0"

        [[package]]
        name = "gitdep"
        version = "0.1.0"
        source = "git+https://github.com/o/gitdep#abc"
        """);
    Path list = tmp.resolve("names.txt");
    Files.writeString(list, "# crates\nnovcs-x@1.0.0\n\nnotag-y 2.0.0 # comment\n");
    Path db = tmp.resolve("lstore");
    assertThat(
            scan("--lockfile", lock.toString(), "--crates", list.toString(), "--db", db.toString()))
        .as(err.toString())
        .isZero();
    assertThat(verifier.calls())
        .containsExactlyInAnyOrder("gold-dep@1.2.3", "novcs-x@1.0.0", "notag-y@2.0.0");
  }

  @Test
  void usageErrorsExplainWhatToDo() throws Exception {
    assertThat(scan("--db", tmp.resolve("s").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("nothing to scan");
    Path list = tmp.resolve("names.txt");
    Files.writeString(list, "serde\n");
    assertThat(scan("--crates", list.toString(), "--git-rewrite", "nonsense")).isEqualTo(2);
    assertThat(err.toString()).contains("--git-rewrite 'nonsense': expected FROM=TO");
    assertThat(scan("--crates", list.toString(), "--index", "https://index.crates.io/"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("expected sparse+http(s)://HOST/PATH/");
    assertThat(scan("--crates", list.toString(), "--db", tmp.resolve("s").toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains("'serde' has no version; write NAME@VERSION or pass --db-dump");
    assertThat(scan("--db-dump", list.toString(), "--top", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--top must be at least 1, got 0");
    assertThat(scan("--crates", list.toString(), "--jobs", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--jobs must be between 1 and 256, got 0");
    assertThat(verifier.calls()).isEmpty();
    assertThat(listing()).containsExactly("names.txt");
  }

  @Test
  void badInputsExitFourAndNameTheInput() throws Exception {
    Path vendor = Files.createDirectories(tmp.resolve("vendor/stray"));
    int code =
        scan("--vendor-dir", tmp.resolve("vendor").toString(), "--db", tmp.resolve("s").toString());
    assertThat(code).isEqualTo(4);
    assertThat(err.toString()).contains("folder 'stray' has no Cargo.toml");
    manifest(vendor, "other", "1.0.0", "");
    assertThat(
            scan(
                "--vendor-dir",
                tmp.resolve("vendor").toString(),
                "--db",
                tmp.resolve("s").toString()))
        .isEqualTo(4);
    assertThat(err.toString())
        .contains("folder 'stray' holds other@1.0.0; expected folder 'other' or 'other-1.0.0'");
    Path list = tmp.resolve("bad.txt");
    Files.writeString(list, "ok@1.0.0\n9lives@1.0.0\n");
    assertThat(scan("--crates", list.toString(), "--db", tmp.resolve("s").toString())).isEqualTo(4);
    assertThat(err.toString()).contains("bad.txt: line 2: invalid crate name '9lives'");
    Path lock = tmp.resolve("Cargo.lock");
    Files.writeString(lock, "[[package]\nname=");
    assertThat(scan("--lockfile", lock.toString(), "--db", tmp.resolve("s").toString()))
        .isEqualTo(4);
    assertThat(err.toString()).contains("Cargo.lock: not valid TOML");
    assertThat(listing()).containsExactlyInAnyOrder("vendor", "bad.txt", "Cargo.lock");
    Path junk = tmp.resolve("dump.tar.gz");
    Files.writeString(junk, "junk");
    assertThat(
            scan("--db-dump", junk.toString(), "--top", "1", "--db", tmp.resolve("s").toString()))
        .isEqualTo(4);
    assertThat(err.toString()).contains("dump.tar.gz: not a readable gzip-compressed tar archive");
    assertThat(verifier.calls()).isEmpty();
  }

  @Test
  void withoutDbDumpTheDumpIsDownloadedIntoTheCache() throws Exception {
    byte[] dump =
        Files.readAllBytes(
            DbDumpBuilder.of(List.of(Crate.of("gold-a", "", 5, "1.0.0")))
                .write(tmp.resolve("served.tar.gz")));
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    List<String> agents = new ArrayList<>();
    server.createContext(
        "/db-dump.tar.gz",
        ex -> {
          agents.add(ex.getRequestHeaders().getFirst("User-Agent"));
          ex.sendResponseHeaders(200, dump.length);
          ex.getResponseBody().write(dump);
          ex.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/db-dump.tar.gz";
      for (int i = 0; i < 2; i++) {
        assertThat(
                scan(
                    "--top",
                    "1",
                    "--db-dump-url",
                    url,
                    "--cache-dir",
                    tmp.resolve("cache").toString(),
                    "--db",
                    tmp.resolve("s").toString()))
            .as(err.toString())
            .isZero();
      }
    } finally {
      server.stop(0);
    }
    assertThat(agents).as("the second scan reuses today's dump").hasSize(1);
    assertThat(agents.getFirst()).startsWith("cratetrust");
    assertThat(verifier.calls()).containsExactly("gold-a@1.0.0");
    assertThat(tmp.resolve("cache/db-dump/db-dump.tar.gz")).hasBinaryContent(dump);
  }

  @Test
  void sinceNeedsADate() throws Exception {
    Path dump =
        DbDumpBuilder.of(List.of(Crate.of("gold-a", "", 1, "1.0.0")))
            .write(tmp.resolve("d.tar.gz"));
    assertThat(scan("--db-dump", dump.toString(), "--since", "last tuesday", "--db", "mem:x"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("--since 'last tuesday': expected YYYY-MM-DD or an ISO instant");
    assertThat(
            scan(
                "--db-dump",
                dump.toString(),
                "--since",
                "2030-01-01",
                "--db",
                tmp.resolve("since").toString()))
        .isZero();
    assertThat(out.toString()).contains("0 selected");
    assertThat(verifier.calls()).isEmpty();
  }

  @Test
  void reportCompareShowsWhatChangedBetweenTwoStores() throws Exception {
    Path before = tmp.resolve("before");
    Path after = tmp.resolve("after");
    try (Database b = Database.open(before.toString());
        Database a = Database.open(after.toString())) {
      new VerificationResults(b).upsert(record("serde", "1.0.0", "needs-improvement"));
      new VerificationResults(b).upsert(record("syn", "2.0.0", "gold-star"));
      new VerificationResults(a).upsert(record("serde", "1.0.1", "gold-star"));
      new VerificationResults(a).upsert(record("syn", "2.0.1", "looks-sketchy"));
    }
    StringWriter rout = new StringWriter();
    int code =
        Main.run(
            new String[] {
              "report", "--db", after.toString(), "--compare", before.toString(), "--format", "text"
            },
            new PrintWriter(rout, true),
            new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();
    assertThat(rout.toString())
        .contains("1 improved, 1 regressed")
        .contains("improved: serde 1.0.0 needs-improvement -> 1.0.1 gold-star")
        .contains("regressed: syn 2.0.0 gold-star -> 2.0.1 looks-sketchy");
    StringWriter html = new StringWriter();
    assertThat(
            Main.run(
                new String[] {"report", "--db", after.toString(), "--format", "html"},
                new PrintWriter(html, true),
                new PrintWriter(err, true)))
        .isZero();
    assertThat(html.toString()).startsWith("<!DOCTYPE html>").contains("<td>serde</td>");
  }

  private static VerificationRecord record(String name, String version, String category) {
    return new VerificationRecord(
        PackageId.of(name, version),
        "v1",
        category,
        category.equals("gold-star") ? List.of() : List.of("files-differ"),
        Optional.empty(),
        "registry",
        "{}",
        Instant.EPOCH);
  }

  @Test
  void oversizedCrateListIsRefused() throws Exception {
    Path list = tmp.resolve("huge.txt");
    try (var w = Files.newBufferedWriter(list)) {
      String line = "a".repeat(63) + "@1.0.0\n";
      for (long n = 0; n <= ScanTargets.MAX_LIST_BYTES / line.length(); n++) {
        w.write(line);
      }
    }
    assertThat(scan("--crates", list.toString(), "--db", tmp.resolve("s").toString())).isEqualTo(4);
    assertThat(err.toString()).contains("huge.txt").contains("larger than 16777216 bytes");
    assertThat(listing()).containsExactly("huge.txt");
  }

  @Test
  void reportRefusesAMissingStoreAndUnknownFormats() throws Exception {
    StringWriter rerr = new StringWriter();
    assertThat(
            Main.run(
                new String[] {"report", "--db", tmp.resolve("none").toString()},
                new PrintWriter(out, true),
                new PrintWriter(rerr, true)))
        .isEqualTo(4);
    assertThat(rerr.toString()).contains("no store file " + tmp.resolve("none.mv.db"));
    assertThat(
            Main.run(
                new String[] {"report", "--format", "pdf"},
                new PrintWriter(out, true),
                new PrintWriter(rerr, true)))
        .isEqualTo(2);
    assertThat(rerr.toString())
        .contains("expected one of text, markdown, csv, json, html but was 'pdf'");
    assertThat(listing()).isEmpty();
  }

  private List<String> listing() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static void manifest(Path dir, String name, String version, String repo)
      throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("Cargo.toml"),
        "[package]\nname = \""
            + name
            + "\"\nversion = \""
            + version
            + "\"\n"
            + (repo.isEmpty() ? "" : "repository = \"" + repo + "\"\n"));
  }
}
