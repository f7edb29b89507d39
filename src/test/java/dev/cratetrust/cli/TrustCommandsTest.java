package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.Parsers;
import dev.cratetrust.store.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * sync, check and info end to end on the committed slices of the real advisory, audit and crev data
 * (src/test/resources/data), in an H2 file store.
 */
class TrustCommandsTest {
  static final Path DATA = Path.of("src/test/resources/data");
  static final Clock SYNC_CLOCK =
      Clock.fixed(Instant.parse("2026-11-01T10:00:00Z"), ZoneOffset.UTC);
  static final Clock CHECK_CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

  @TempDir static Path tmp;
  static String db;
  static String syncOutput;

  record Run(int code, String out, String err) {
    JsonNode json() {
      return Parsers.json().readTree(out);
    }
  }

  static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler(
        (e, c, p) -> {
          c.getErr().println("error: " + e.getMessage());
          return Main.exitCodeOf(e);
        });
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static Run main(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void syncRealSnapshots() throws Exception {
    db = tmp.resolve("store/trust").toString();
    Run r =
        run(
            new SyncCommand(SYNC_CLOCK, HttpClient.newHttpClient()),
            "--advisory-db",
            DATA.resolve("rustsec/advisory-db").toString(),
            "--vet-audits",
            "mozilla=" + DATA.resolve("cargo-vet/mozilla-audits.toml"),
            "--vet-audits",
            "google=" + DATA.resolve("cargo-vet/google-audits.toml"),
            "--crev-proofs",
            DATA.resolve("crev/dpc-crev-proofs").toString(),
            "--crev-proofs",
            DATA.resolve("crev/kornelski-crev-proofs").toString(),
            "--db",
            db,
            "--cache-dir",
            tmp.resolve("cache").toString());
    assertThat(r.code()).as(r.err()).isZero();
    syncOutput = r.out();
  }

  static Path lockfile(String name, String text) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  static String lock(String... nameVersions) {
    StringBuilder b = new StringBuilder("version = 3\n\n");
    b.append("[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n\n");
    for (int i = 0; i < nameVersions.length; i += 2) {
      b.append("[[package]]\nname = \"")
          .append(nameVersions[i])
          .append("\"\nversion = \"")
          .append(nameVersions[i + 1])
          .append("\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n");
    }
    return b.toString();
  }

  static long files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".md")).count();
    }
  }

  @Test
  void syncReportsEverySourceWithCounts() throws IOException {
    Path adv = DATA.resolve("rustsec/advisory-db");
    long crates = files(adv.resolve("crates"));
    long toolchain = files(adv.resolve("rust"));
    assertThat(syncOutput)
        .contains((crates + toolchain) + " advisories, 0 problems")
        .contains(
            "("
                + crates
                + " crate advisories; "
                + toolchain
                + " toolchain advisories from rust/, about cargo, rustdoc and std, matched against"
                + " no crate)")
        .contains("vet-audits mozilla")
        .contains("vet-audits google")
        .contains("skipped [audits.0.7.11]")
        .containsPattern(
            "crev-proofs .*dpc-crev-proofs: \\d+ package reviews, \\d+ trust proofs, 0 problems");
  }

  @Test
  void defaultPolicyFailsOnAVulnerabilityAndNamesIt() throws IOException {
    Path lf = lockfile("vuln.lock", lock("tokio-rustls", "0.12.2", "hyper", "0.14.10"));
    Run r =
        run(
            new CheckCommand(CHECK_CLOCK),
            lf.toString(),
            "--db",
            db,
            "--offline",
            "--format",
            "json");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.POLICY_FAILED.code());
    JsonNode json = r.json();
    assertThat(json.get("result").asString()).isEqualTo("fail");
    JsonNode failures = json.get("failures");
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0).get("crate").asString()).isEqualTo("tokio-rustls");
    assertThat(failures.get(0).get("version").asString()).isEqualTo("0.12.2");
    assertThat(failures.get(0).get("advisory").asString()).isEqualTo("RUSTSEC-2020-0019");
    JsonNode hyper = json.get("packages").get(2);
    assertThat(hyper.get("crate").asString()).isEqualTo("hyper");
    assertThat(hyper.get("status").asString()).isEqualTo("pass");
    assertThat(hyper.get("provenance").get("category").asString()).isEqualTo("unknown");
    JsonNode adv = json.get("packages").get(1).get("advisories").get(0);
    assertThat(adv.get("source").get("readAt").asString()).isEqualTo("2026-11-01T10:00:00Z");
    assertThat(json.get("packages").get(0).get("notes").get(0).asString()).contains("path");
  }

  @Test
  void informationalAndWithdrawnAdvisoriesDoNotFailTheDefaultPolicy() throws IOException {
    // badge: unmaintained (RUSTSEC-2022-0057); humantime: only a withdrawn RUSTSEC-2025-0014
    Path lf = lockfile("info.lock", lock("badge", "0.3.0", "humantime", "2.1.0"));
    Run r =
        run(
            new CheckCommand(CHECK_CLOCK),
            lf.toString(),
            "--db",
            db,
            "--offline",
            "--format",
            "json");
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.json().get("packages").get(1).get("advisories").get(0).get("id").asString())
        .isEqualTo("RUSTSEC-2022-0057");
    assertThat(r.json().get("packages").get(2).get("advisories")).isEmpty();
  }

  @Test
  void policyCanDenyUnmaintainedAndIgnoreIds() throws IOException {
    Path lf = lockfile("mixed.lock", lock("badge", "0.3.0", "tokio-rustls", "0.12.2"));
    Path policy =
        lockfile(
            "p1.toml",
            "[advisories]\ndeny-informational = [\"unmaintained\"]\nignore = [\"CVE-2020-35875\"]\n");
    Run r =
        run(
            new CheckCommand(CHECK_CLOCK),
            lf.toString(),
            "--db",
            db,
            "--offline",
            "--format",
            "json",
            "--policy",
            policy.toString());
    assertThat(r.code()).isEqualTo(20);
    assertThat(r.json().get("failures"))
        .extracting(f -> f.get("crate").asString() + " " + f.get("advisory").asString())
        .containsExactly("badge RUSTSEC-2022-0057");
  }

  @Test
  void exceptionsHoldUntilTheirDate() throws IOException {
    Path lf = lockfile("exc.lock", lock("tokio-rustls", "0.12.2"));
    Path policy =
        lockfile(
            "p2.toml",
            "[[exceptions]]\ncrate = \"tokio-rustls\"\nadvisory = \"RUSTSEC-2020-0019\"\n"
                + "until = \"2026-12-31\"\nreason = \"upgrade planned\"\n");
    Run before =
        run(
            new CheckCommand(CHECK_CLOCK),
            lf.toString(),
            "--db",
            db,
            "--offline",
            "--format",
            "json",
            "--policy",
            policy.toString());
    assertThat(before.code()).isZero();
    assertThat(
            before.json().get("packages").get(1).get("excused").get(0).get("exception").asString())
        .isEqualTo("excused until 2026-12-31: upgrade planned");
    Clock later = Clock.fixed(Instant.parse("2027-01-01T00:00:01Z"), ZoneOffset.UTC);
    Run after =
        run(
            new CheckCommand(later),
            lf.toString(),
            "--db",
            db,
            "--offline",
            "--format",
            "json",
            "--policy",
            policy.toString());
    assertThat(after.code()).isEqualTo(20);
    assertThat(after.json().get("failures").get(0).get("message").asString())
        .contains("exception expired on 2026-12-31");
  }

  @Test
  void goldStarAndAuditRequirementsUseTheStore() throws Exception {
    try (Database store = Database.open(db);
        Connection c = store.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO verification_result (crate_name, crate_version, verifier_version,"
                    + " category, reasons, source, report_json, verified_at)"
                    + " VALUES (?, ?, 'test', ?, 'r', 's', '{}', ?)")) {
      ps.setString(1, "serde");
      ps.setString(2, "1.0.100");
      ps.setString(3, "gold-star");
      ps.setTimestamp(4, Timestamp.from(Instant.parse("2026-11-02T00:00:00Z")));
      ps.executeUpdate();
    }
    Path lf = lockfile("gold.lock", lock("serde", "1.0.100", "itoa", "1.0.1"));
    Path policy = lockfile("p3.toml", "[provenance]\nrequire = \"gold-star\"\n");
    Run r =
        run(
            new CheckCommand(CHECK_CLOCK),
            lf.toString(),
            "--db",
            db,
            "--offline",
            "--format",
            "json",
            "--policy",
            policy.toString());
    assertThat(r.code()).isEqualTo(20);
    assertThat(r.json().get("failures"))
        .extracting(f -> f.get("crate").asString() + ": " + f.get("message").asString())
        .containsExactly("itoa: provenance is unknown, the policy requires gold-star");
    assertThat(r.json().get("packages").get(1).get("provenance").get("category").asString())
        .isEqualTo("gold-star");
  }

  @Test
  void auditRequirementCountsOnlyChosenSources() throws IOException {
    Path lf = lockfile("audit.lock", lock("time-core", "0.1.8", "arrayref", "0.3.9"));
    Path policy =
        lockfile("p4.toml", "[audits]\ncriteria = \"safe-to-deploy\"\nsources = [\"mozilla\"]\n");
    Run r =
        run(
            new CheckCommand(CHECK_CLOCK),
            lf.toString(),
            "--db",
            db,
            "--offline",
            "--format",
            "json",
            "--policy",
            policy.toString());
    assertThat(r.code()).isEqualTo(20);
    assertThat(r.json().get("failures"))
        .extracting(f -> f.get("crate").asString() + ": " + f.get("message").asString())
        .containsExactly(
            "arrayref: no audit source among mozilla certifies safe-to-deploy for this version");
    JsonNode audit = r.json().get("packages").get(1).get("audits").get(0);
    assertThat(audit.get("source").get("name").asString()).isEqualTo("mozilla");
    assertThat(audit.get("chain").get(0).asString())
        .startsWith("safe-to-deploy via full audit of 0.1.0");
  }

  @Test
  void sarifHasOneResultPerFailureWithTheLockfileLine() throws IOException {
    String text = lock("tokio-rustls", "0.12.2");
    Path lf = lockfile("sarif.lock", text);
    Run r =
        run(
            new CheckCommand(CHECK_CLOCK),
            lf.toString(),
            "--db",
            db,
            "--offline",
            "--format",
            "sarif");
    assertThat(r.code()).isEqualTo(20);
    JsonNode run = r.json().get("runs").get(0);
    assertThat(r.json().get("version").asString()).isEqualTo("2.1.0");
    JsonNode result = run.get("results").get(0);
    assertThat(result.get("ruleId").asString()).isEqualTo("advisory");
    int line =
        result
            .get("locations")
            .get(0)
            .get("physicalLocation")
            .get("region")
            .get("startLine")
            .asInt();
    assertThat(text.lines().toList().get(line - 1)).isEqualTo("name = \"tokio-rustls\"");
  }

  @Test
  void textOutputGivesTheReason() throws IOException {
    Path lf = lockfile("text.lock", lock("tokio-rustls", "0.12.2"));
    Run r = run(new CheckCommand(CHECK_CLOCK), lf.toString(), "--db", db, "--offline");
    assertThat(r.code()).isEqualTo(20);
    assertThat(r.out())
        .contains(
            "FAIL tokio-rustls@0.12.2 [advisory] tokio-rustls 0.12.2 is affected by RUSTSEC-2020-0019");
  }

  @Test
  void infoListsAdvisoriesAndAuditsWithSources() {
    Run r = main("info", "tokio-rustls@0.12.2", "--db", db, "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode adv = r.json().get("advisories");
    assertThat(adv).isNotEmpty();
    JsonNode first = adv.get(0);
    assertThat(first.get("id").asString()).isEqualTo("RUSTSEC-2020-0019");
    assertThat(first.get("status").asString()).isEqualTo("affected");
    assertThat(first.get("source").get("name").asString()).isEqualTo("advisory-db");
    Run audits = main("info", "arrayref@0.3.9", "--db", db, "--format", "json");
    JsonNode a = audits.json().get("audits").get(0);
    assertThat(a.get("source").get("name").asString()).isEqualTo("google");
    assertThat(a.get("criteria"))
        .extracting(JsonNode::asString)
        .containsExactly("ub-risk-3", "ub-risk-4");
    assertThat(a.get("source").get("readAt").asString()).isEqualTo("2026-11-01T10:00:00Z");
  }

  @Test
  void auditChainsRunAcrossImportedFiles() throws IOException {
    // semver 1.0.28: Google's full audit of 1.0.16 (safe-to-run) + Mozilla's delta 1.0.16 -> 1.0.28
    Run info = main("info", "semver@1.0.28", "--db", db);
    assertThat(info.code()).as(info.err()).isZero();
    assertThat(info.out())
        .contains("certified safe-to-run [google + mozilla, read 2026-11-01T10:00:00Z]")
        .contains(
            "    safe-to-run via full audit of 1.0.16 by George Burgess IV <gbiv@google.com>"
                + " (safe-to-run, does-not-implement-crypto) [google]\n"
                + "      + delta 1.0.16 -> 1.0.28 by Ben Dean-Kawamura <bdk@mozilla.com>"
                + " (safe-to-deploy) [mozilla] [implies safe-to-run]\n")
        .contains("imported-trusted safe-to-deploy, safe-to-run [mozilla")
        .contains(
            "      an imported file's trusted entries certify nothing for the importer (cargo-vet"
                + " uses only the importer's own trusted entries)\n");
    Path lf = lockfile("semver.lock", lock("semver", "1.0.28"));
    Path both = lockfile("p-run.toml", "[audits]\ncriteria = \"safe-to-run\"\n");
    Run passes =
        run(
            new CheckCommand(CHECK_CLOCK),
            lf.toString(),
            "--db",
            db,
            "--offline",
            "--format",
            "json",
            "--policy",
            both.toString());
    assertThat(passes.code()).as(passes.out()).isZero();
    JsonNode audit = passes.json().get("packages").get(1).get("audits");
    assertThat(audit)
        .anySatisfy(
            a -> {
              assertThat(a.get("kind").asString()).isEqualTo("certified");
              assertThat(a.get("sources"))
                  .extracting(x -> x.get("name").asString())
                  .containsExactly("google", "mozilla");
            });
    Path mozillaOnly =
        lockfile(
            "p-run-mozilla.toml",
            "[audits]\ncriteria = \"safe-to-run\"\nsources = [\"mozilla\"]\n");
    Run fails =
        run(
            new CheckCommand(CHECK_CLOCK),
            lf.toString(),
            "--db",
            db,
            "--offline",
            "--format",
            "json",
            "--policy",
            mozillaOnly.toString());
    assertThat(fails.code()).isEqualTo(20);
    assertThat(fails.json().get("failures").get(0).get("message").asString())
        .isEqualTo("no audit source among mozilla certifies safe-to-run for this version");
  }

  @Test
  void toolchainAdvisoriesDoNotMatchTheCratesIoCrateOfTheSameName() throws IOException {
    // rust/cargo/CVE-2019-16760 (patched >= 1.26.0) is about the Rust toolchain's Cargo, not the
    // crates.io crate cargo, whose versions are all 0.x
    Path lf = lockfile("toolchain.lock", lock("cargo", "0.80.0", "rustdoc", "0.1.0"));
    Run r =
        run(
            new CheckCommand(CHECK_CLOCK),
            lf.toString(),
            "--db",
            db,
            "--offline",
            "--format",
            "json");
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.json().get("packages").get(1).get("advisories")).isEmpty();
    assertThat(r.json().get("packages").get(2).get("advisories")).isEmpty();
    Run info = main("info", "cargo@0.80.0", "--db", db);
    assertThat(info.code()).as(info.err()).isZero();
    assertThat(info.out())
        .contains("advisories: 0\n")
        .contains(
            "  note: 1 toolchain advisories (rust/cargo) are about the Rust toolchain's cargo, not"
                + " the crates.io crate; they are not matched against it\n")
        .doesNotContain("CVE-2019-16760");
  }

  @Test
  void infoGivenAnotherSpellingNamesTheDatabaseSpelling() {
    Run r = main("info", "tokio_rustls@0.12.2", "--db", db);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "advisories: 0 (no advisory names 'tokio_rustls'; the advisory database spells this"
                + " crate 'tokio-rustls' (crates.io treats the spellings as one crate): cratetrust"
                + " info tokio-rustls@0.12.2)");
    Run json = main("info", "Openssl@0.10.0", "--db", db, "--format", "json");
    assertThat(json.code()).as(json.err()).isZero();
    assertThat(json.json().get("registrySpellings"))
        .extracting(JsonNode::asString)
        .containsExactly("openssl");
    Run exact = main("info", "openssl@0.10.0", "--db", db, "--format", "json");
    assertThat(exact.json().get("advisories")).isNotEmpty();
    assertThat(exact.json().has("registrySpellings")).isFalse();
  }

  @Test
  void infoListsSignedCrevReviewsWeighedByTheChosenRoot() {
    String dpc = "FYlr8YoYGVvDwHQxqEIs89reKKDy-oWisoO0qXXEfHE";
    Run r = main("info", "cargo-chef@0.1.4", "--db", db, "--format", "json", "--crev-root", dpc);
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode review = r.json().get("reviews").get(0);
    assertThat(review.get("author").asString()).isEqualTo(dpc);
    assertThat(review.get("rating").asString()).isEqualTo("positive");
    assertThat(review.get("trust").get("level").asString()).isEqualTo("high");
    assertThat(review.get("source").get("kind").asString()).isEqualTo("crev-proofs");
    assertThat(r.json().get("crevVerdict").asString()).isEqualTo("verified");
    Run stranger =
        main("info", "cargo-chef@0.1.4", "--db", db, "--format", "json", "--crev-root", "AAAA");
    assertThat(stranger.json().get("reviews").get(0).get("trust").isNull()).isTrue();
    assertThat(stranger.json().get("crevVerdict").asString()).isEqualTo("insufficient");
  }

  @Test
  void reviewPolicyUsesTheWebOfTrustOfTheChosenRoots() throws IOException {
    String dpc = "FYlr8YoYGVvDwHQxqEIs89reKKDy-oWisoO0qXXEfHE";
    Path lf = lockfile("rev.lock", lock("cargo-chef", "0.1.4", "itoa", "1.0.1"));
    Path policy =
        lockfile("p5.toml", "[reviews]\ncrev-roots = [\"" + dpc + "\"]\nrequire = \"verified\"\n");
    Run r =
        run(
            new CheckCommand(CHECK_CLOCK),
            lf.toString(),
            "--db",
            db,
            "--offline",
            "--format",
            "json",
            "--policy",
            policy.toString());
    assertThat(r.code()).isEqualTo(20);
    assertThat(r.json().get("failures"))
        .extracting(
            f ->
                f.get("crate").asString()
                    + " "
                    + f.get("rule").asString()
                    + ": "
                    + f.get("message").asString())
        .containsExactly("itoa review: no crev reviewer in the web of trust approved this version");
    JsonNode chef = r.json().get("packages").get(1);
    assertThat(chef.get("crevVerdict").asString()).isEqualTo("verified");
    assertThat(chef.get("reviews").get(0).get("trust").get("level").asString()).isEqualTo("high");
  }

  @Test
  void badLockfileIsExitFourAndNamed() throws IOException {
    Path lf = lockfile("bad.lock", "version = 7\n");
    Run r = main("check", lf.toString(), "--db", db, "--offline");
    assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(r.err()).contains("bad.lock").contains("format version 7 is not supported");
    Path binary = tmp.resolve("binary.lock");
    Files.write(binary, new byte[] {'v', '=', (byte) 0xff, (byte) 0xfe, '\n'});
    Run notUtf8 = main("check", binary.toString(), "--db", db, "--offline");
    assertThat(notUtf8.code()).isEqualTo(4);
    assertThat(notUtf8.err()).contains("binary.lock").contains("not valid UTF-8");
    Run missing = main("check", tmp.resolve("nope.lock").toString(), "--db", db, "--offline");
    assertThat(missing.code()).isEqualTo(4);
    assertThat(missing.err()).contains("nope.lock").contains("not a regular file");
  }

  @Test
  void policyWithUnknownFieldIsRejected() throws IOException {
    Path lf = lockfile("ok.lock", lock("itoa", "1.0.1"));
    Path policy = lockfile("typo.toml", "[advisories]\nignroe = [\"RUSTSEC-2020-0019\"]\n");
    Run r = main("check", lf.toString(), "--db", db, "--offline", "--policy", policy.toString());
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err()).contains("typo.toml").contains("unknown field 'ignroe'");
  }

  @Test
  void syncWritesNothingOutsideItsFolders(@TempDir Path other) throws Exception {
    Path bad = other.resolve("bad-db");
    Files.createDirectories(bad.resolve("crates/x"));
    Files.writeString(bad.resolve("crates/x/RUSTSEC-2099-0001.md"), "not an advisory");
    String store = other.resolve("s/store").toString();
    Run r =
        run(
            new SyncCommand(SYNC_CLOCK, HttpClient.newHttpClient()),
            "--advisory-db",
            bad.toString(),
            "--db",
            store,
            "--cache-dir",
            other.resolve("cache").toString());
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("0 advisories, 1 problems")
        .contains("crates/x/RUSTSEC-2099-0001.md");
    try (Stream<Path> s = Files.list(other)) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
          .isEqualTo(List.of("bad-db", "s"));
    }
  }

  @Test
  void batchedStoreReadsGiveTheSameFactsAsPerPackageReads() throws Exception {
    List<dev.cratetrust.crates.PackageId> ids = new java.util.ArrayList<>();
    try (Database d = Database.open(db);
        Connection c = d.connection()) {
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT DISTINCT crate_name, crate_version FROM review_crev_proof"
                      + " WHERE crate_name IS NOT NULL ORDER BY crate_name, crate_version");
          java.sql.ResultSet rs = ps.executeQuery()) {
        while (rs.next() && ids.size() < 300) {
          if (dev.cratetrust.crates.CrateVersion.isValid(rs.getString(2))) {
            ids.add(dev.cratetrust.crates.PackageId.of(rs.getString(1), rs.getString(2)));
          }
        }
      }
      java.util.Set<String> crateAdvisoryNames = new java.util.HashSet<>();
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT DISTINCT crate_name, collection FROM advisory ORDER BY crate_name");
          java.sql.ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          for (String v : List.of("0.1.0", "0.2.0", "1.0.0", "1.2.3", "2.0.0")) {
            ids.add(dev.cratetrust.crates.PackageId.of(rs.getString(1), v));
            if (rs.getString(2).equals("crates")) {
              crateAdvisoryNames.add(rs.getString(1));
            }
          }
        }
      }
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT DISTINCT crate_name, crate_version FROM verification_result");
          java.sql.ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(dev.cratetrust.crates.PackageId.of(rs.getString(1), rs.getString(2)));
        }
      }
      assertThat(ids.size()).as("more than one IN-list chunk").isGreaterThan(600);
      var advisories =
          new dev.cratetrust.store.AdvisoryRepository(
              d, dev.cratetrust.cli.TrustFormats.PARSERS.advisory());
      var provenance = new dev.cratetrust.store.TrustProvenanceRepository(d);
      var crev =
          new dev.cratetrust.store.ReviewCrevRepository(
              d, dev.cratetrust.cli.TrustFormats.PARSERS.crev());
      var advBatch = advisories.forCrates(ids.stream().map(i -> i.name()).toList());
      var provBatch = provenance.latest(ids);
      var crevBatch = crev.reviewsOf(ids);
      int withReviews = 0;
      int withAdvisories = 0;
      for (dev.cratetrust.crates.PackageId id : ids) {
        assertThat(advBatch.get(id.name())).isEqualTo(advisories.forCrate(id.name()));
        assertThat(provBatch.get(id)).isEqualTo(provenance.latest(id.name(), id.version()));
        assertThat(crevBatch.get(id)).isEqualTo(crev.reviewsOf(id.name(), id.version()));
        withReviews += crevBatch.get(id).isEmpty() ? 0 : 1;
        withAdvisories += advBatch.get(id.name()).isEmpty() ? 0 : 1;
      }
      assertThat(withReviews).isPositive();
      assertThat(withAdvisories)
          .as("ids whose crate has a crates.io advisory, toolchain ones never")
          .isEqualTo(
              (int)
                  ids.stream().filter(i -> crateAdvisoryNames.contains(i.name().value())).count());
    }
  }
}
