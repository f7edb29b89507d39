package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.testing.FakeRegistry;
import dev.cratetrust.testing.GitHttpServer;
import dev.cratetrust.testing.TestCrateScenario;
import dev.cratetrust.testing.TestCrates;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code check} without {@code --offline}: real cargo-packaged crates served by a loopback registry
 * and a smart-HTTP git server, verified on demand, stored, and judged by the policy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckOnlineTest {
  private static final List<TestCrateScenario> SCENARIOS =
      List.of(
          TestCrateScenario.MATCHING,
          TestCrateScenario.EXTRA_FILE_IN_CRATE,
          TestCrateScenario.TAG_PLAIN,
          TestCrateScenario.NO_RELEASE_TAG);

  private final Map<TestCrateScenario, TestCrates.Fixture> fixtures =
      new EnumMap<>(TestCrateScenario.class);
  private GitHttpServer git;
  private FakeRegistry registry;
  private Path tmp;

  record Run(int code, String out, String err) {
    JsonNode json() {
      return Parsers.json().readTree(out);
    }

    JsonNode pkg(String crate) {
      for (JsonNode p : json().get("packages").values()) {
        if (p.get("crate").asString().equals(crate)) {
          return p;
        }
      }
      throw new AssertionError("no package " + crate + " in " + out);
    }
  }

  @BeforeAll
  void serve(@TempDir Path shared) throws IOException {
    git = new GitHttpServer(TestCrates.remoteRoot(shared));
    registry = FakeRegistry.start();
    for (TestCrateScenario s : SCENARIOS) {
      TestCrates.Fixture f =
          TestCrates.build(s, shared, TestCrates.placeholderUrl(s.bareRepoName()));
      fixtures.put(s, f);
      registry.publish(f.id(), f.crateBytes());
    }
    registry.yank(fixtures.get(TestCrateScenario.TAG_PLAIN).id());
  }

  @AfterAll
  void stop() {
    git.close();
    registry.close();
  }

  @BeforeEach
  void healthy(@TempDir Path t) {
    tmp = t;
    git.clearFaults();
  }

  private Run check(Path lockfile, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "check",
                lockfile.toString(),
                "--db",
                tmp.resolve("store/db").toString(),
                "--cache-dir",
                tmp.resolve("cache").toString(),
                "--index",
                registry.indexUrl(),
                "--no-api",
                "--git-rewrite",
                "https://example.invalid/owner/=" + git.baseUrl() + "/",
                "--format",
                "json"));
    if (List.of(extra).contains("--format")) {
      args.subList(args.size() - 2, args.size()).clear();
    }
    args.addAll(List.of(extra));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private Path lockfile(TestCrateScenario... scenarios) throws IOException {
    StringBuilder b =
        new StringBuilder("version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n");
    for (TestCrateScenario s : scenarios) {
      PackageId id = fixtures.get(s).id();
      b.append("\n[[package]]\nname = \"")
          .append(id.name())
          .append("\"\nversion = \"")
          .append(id.version())
          .append("\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n");
    }
    return Files.writeString(tmp.resolve("Cargo.lock"), b.toString());
  }

  private long downloads() {
    return registry.requests().stream().filter(q -> q.path().endsWith(".crate")).count();
  }

  private Path policy(String text) throws IOException {
    return Files.writeString(tmp.resolve("cratetrust.toml"), text);
  }

  private String name(TestCrateScenario s) {
    return fixtures.get(s).id().name().value();
  }

  @Test
  void goldStarPolicyFailsOnlyTheSketchyCrateAndResultsAreStored() throws Exception {
    Path lock = lockfile(TestCrateScenario.MATCHING, TestCrateScenario.EXTRA_FILE_IN_CRATE);
    Path policy = policy("[provenance]\nrequire = \"gold-star\"\n");

    Run r = check(lock, "--policy", policy.toString(), "--jobs", "2");

    assertThat(r.code()).as(r.err()).isEqualTo(20);
    JsonNode failures = r.json().get("failures");
    assertThat(failures.size()).as(r.out()).isEqualTo(1);
    assertThat(failures.get(0).get("crate").asString())
        .isEqualTo(name(TestCrateScenario.EXTRA_FILE_IN_CRATE));
    assertThat(failures.get(0).get("rule").asString()).isEqualTo("provenance");
    assertThat(failures.get(0).get("message").asString()).contains("looks-sketchy");
    assertThat(r.pkg(name(TestCrateScenario.MATCHING)).get("provenance").get("category").asString())
        .isEqualTo("gold-star");
    assertThat(r.pkg(name(TestCrateScenario.MATCHING)).get("yanked").get("state").asString())
        .isEqualTo("not-yanked");
    try (Database d = Database.open(tmp.resolve("store/db").toString())) {
      VerificationResults results = new VerificationResults(d);
      assertThat(results.history(fixtures.get(TestCrateScenario.MATCHING).id()))
          .singleElement()
          .satisfies(v -> assertThat(v.category()).isEqualTo("gold-star"));
      assertThat(results.history(fixtures.get(TestCrateScenario.EXTRA_FILE_IN_CRATE).id()))
          .singleElement()
          .satisfies(v -> assertThat(v.category()).isEqualTo("looks-sketchy"));
    }

    long downloads = downloads();
    assertThat(downloads).isGreaterThanOrEqualTo(2);
    Run again = check(lock, "--policy", policy.toString());
    assertThat(again.code()).isEqualTo(20);
    assertThat(downloads()).as("stored verdicts are used, not re-verified").isEqualTo(downloads);

    Run offline = check(lock, "--policy", policy.toString(), "--offline");
    assertThat(offline.code()).isEqualTo(20);
    assertThat(
            offline
                .pkg(name(TestCrateScenario.EXTRA_FILE_IN_CRATE))
                .get("provenance")
                .get("category")
                .asString())
        .isEqualTo("looks-sketchy");
  }

  @Test
  void yankedVersionIsReportedAndFailsOnlyWhenThePolicyDeniesIt() throws Exception {
    Path lock = lockfile(TestCrateScenario.TAG_PLAIN, TestCrateScenario.MATCHING);
    String yanked = name(TestCrateScenario.TAG_PLAIN);

    Run offlineFirst = check(lock, "--offline");
    assertThat(offlineFirst.pkg(yanked).get("yanked").get("state").asString())
        .as("never read: unknown")
        .isEqualTo("unknown");

    Run byDefault = check(lock);
    assertThat(byDefault.code()).as(byDefault.err()).isZero();
    assertThat(byDefault.pkg(yanked).get("yanked").get("state").asString()).isEqualTo("yanked");
    assertThat(byDefault.pkg(yanked).get("yanked").get("origin").asString())
        .isEqualTo(registry.indexUrl());
    assertThat(byDefault.pkg(yanked).get("notes").toString()).contains("yanked");
    assertThat(
            byDefault.pkg(name(TestCrateScenario.MATCHING)).get("yanked").get("state").asString())
        .isEqualTo("not-yanked");

    Path deny = policy("[registry]\ndeny-yanked = true\n");
    Run denied = check(lock, "--policy", deny.toString(), "--offline");
    assertThat(denied.code()).as("recorded yank is used offline").isEqualTo(20);
    assertThat(denied.json().get("failures").size()).isEqualTo(1);
    assertThat(denied.json().get("failures").get(0).get("rule").asString()).isEqualTo("yanked");
    assertThat(denied.json().get("failures").get(0).get("crate").asString()).isEqualTo(yanked);
  }

  @Test
  void unreachableRepositoryHostIsUnknownWithTheReasonAndTheCheckCompletes() throws Exception {
    Path lock = lockfile(TestCrateScenario.NO_RELEASE_TAG, TestCrateScenario.MATCHING);
    git.fault(TestCrateScenario.NO_RELEASE_TAG.bareRepoName(), new GitHttpServer.Status(503));

    Run r = check(lock, "--jobs", "1");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode broken = r.pkg(name(TestCrateScenario.NO_RELEASE_TAG)).get("provenance");
    assertThat(broken.get("category").asString()).isEqualTo("unknown");
    assertThat(broken.get("problem").asString())
        .contains(fixtures.get(TestCrateScenario.NO_RELEASE_TAG).id().toString())
        .contains("503");
    assertThat(r.pkg(name(TestCrateScenario.MATCHING)).get("provenance").get("category").asString())
        .isEqualTo("gold-star");
    try (Database d = Database.open(tmp.resolve("store/db").toString())) {
      assertThat(
              new VerificationResults(d)
                  .history(fixtures.get(TestCrateScenario.NO_RELEASE_TAG).id()))
          .as("an infrastructure failure is not stored as a verdict")
          .isEmpty();
    }

    Run text = check(lock, "--format", "text");
    assertThat(text.out())
        .contains("UNKNOWN " + fixtures.get(TestCrateScenario.NO_RELEASE_TAG).id())
        .contains("could not verify");

    git.clearFaults();
    Run later = check(lock);
    assertThat(
            later
                .pkg(name(TestCrateScenario.NO_RELEASE_TAG))
                .get("provenance")
                .get("category")
                .asString())
        .as("retried on the next online check")
        .isEqualTo("needs-improvement");
  }

  @Test
  void unreachableRegistryLeavesYankedAndProvenanceUnknown() throws Exception {
    Path lock = lockfile(TestCrateScenario.MATCHING);
    List<String> args = new ArrayList<>();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    args.addAll(
        List.of(
            "check",
            lock.toString(),
            "--db",
            tmp.resolve("store/db").toString(),
            "--cache-dir",
            tmp.resolve("cache").toString(),
            "--index",
            "sparse+http://127.0.0.1:9/index/",
            "--format",
            "json"));
    int code =
        Main.run(
            args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    Run r = new Run(code, out.toString(), err.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode p = r.pkg(name(TestCrateScenario.MATCHING));
    assertThat(p.get("yanked").get("state").asString()).isEqualTo("unknown");
    assertThat(p.get("yanked").get("problem").asString()).contains("127.0.0.1:9");
    assertThat(p.get("provenance").get("category").asString()).isEqualTo("unknown");
    assertThat(p.get("provenance").get("problem").asString()).isNotBlank();
  }

  @Test
  void badJobsIsAUsageError() throws Exception {
    Run r = check(lockfile(TestCrateScenario.MATCHING), "--jobs", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--jobs must be between 1 and 64, not 0");
    assertThat(tmp.resolve("store")).doesNotExist();
  }

  private Path lockfileWithChecksum(TestCrateScenario s, String checksum) throws IOException {
    PackageId id = fixtures.get(s).id();
    return Files.writeString(
        tmp.resolve("Cargo.lock"),
        "version = 4\n\n[[package]]\nname = \""
            + id.name()
            + "\"\nversion = \""
            + id.version()
            + "\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n"
            + "checksum = \""
            + checksum
            + "\"\n");
  }

  private static String sha256(byte[] b) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
  }

  @Test
  void aStoredResultIsReusedOnlyForTheLockedArchiveAndTheCurrentVerifierVersion() throws Exception {
    TestCrates.Fixture matching = fixtures.get(TestCrateScenario.MATCHING);
    String sha = sha256(matching.crateBytes());
    Path lock = lockfileWithChecksum(TestCrateScenario.MATCHING, sha);
    Run first = check(lock);
    assertThat(first.code()).as(first.err()).isZero();
    long downloads = downloads();
    Run again = check(lock);
    assertThat(downloads()).as("same archive, same verifier: reused").isEqualTo(downloads);
    assertThat(again.pkg(name(TestCrateScenario.MATCHING)).get("provenance").get("category"))
        .hasToString("\"gold-star\"");

    // A result stored by an older verifier version is verified again.
    try (Database d = Database.open(tmp.resolve("store/db").toString());
        java.sql.Connection c = d.connection();
        java.sql.Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE verification_result SET verifier_version = 'cratetrust-0'");
    }
    Run upgraded = check(lock);
    assertThat(upgraded.code()).as(upgraded.err()).isZero();
    assertThat(downloads()).as("older verifier version: verified again").isGreaterThan(downloads);
    try (Database d = Database.open(tmp.resolve("store/db").toString())) {
      assertThat(new VerificationResults(d).history(matching.id()))
          .extracting(v -> v.verifierVersion())
          .contains("cratetrust-0", dev.cratetrust.verify.CrateVerifier.VERIFIER_VERSION);
    }

    // A lockfile naming another archive gets no verdict from the stored one.
    downloads = downloads();
    Path other = lockfileWithChecksum(TestCrateScenario.MATCHING, "0".repeat(64));
    Run mismatch = check(other);
    assertThat(downloads()).as("another archive: verified again").isGreaterThan(downloads);
    JsonNode p = mismatch.pkg(name(TestCrateScenario.MATCHING)).get("provenance");
    assertThat(p.get("category").asString()).isEqualTo("unknown");
    assertThat(p.get("problem").asString()).contains("not the locked one", sha);
    Run offline = check(other, "--offline");
    assertThat(
            offline
                .pkg(name(TestCrateScenario.MATCHING))
                .get("provenance")
                .get("category")
                .asString())
        .isEqualTo("unknown");
  }

  @Test
  void aBugWhileVerifyingOneCrateIsReportedForThatCrateAndTheOthersAreChecked() throws Exception {
    Path lock = lockfile(TestCrateScenario.MATCHING, TestCrateScenario.EXTRA_FILE_IN_CRATE);
    PackageId broken = fixtures.get(TestCrateScenario.EXTRA_FILE_IN_CRATE).id();
    dev.cratetrust.registry.Registry reg =
        dev.cratetrust.registry.Registry.sparse(
            registry.indexUrl(),
            java.util.Optional.empty(),
            dev.cratetrust.registry.RegistryHttp.defaults(),
            dev.cratetrust.registry.ArchiveLimits.defaults());
    dev.cratetrust.verify.CrateVerifier real =
        new dev.cratetrust.verify.CrateVerifier(
            java.util.Optional.of(reg),
            dev.cratetrust.git.Repositories.withDefaults(
                new dev.cratetrust.git.RepositoryCache(tmp.resolve("cache")),
                dev.cratetrust.git.UrlRewrites.parse(
                    List.of("https://example.invalid/owner/=" + git.baseUrl() + "/")),
                dev.cratetrust.git.FetchProgress.none()),
            new dev.cratetrust.provenance.ProvenanceChecker(),
            java.time.Clock.systemUTC(),
            false);
    StringWriter err = new StringWriter();
    try (Database d = Database.open(tmp.resolve("store/db").toString())) {
      var lockfile = dev.cratetrust.trust.CargoLock.parse(lock.toString(), Files.readString(lock));
      var stored =
          new dev.cratetrust.store.TrustFactsRepository(d, dev.cratetrust.cli.TrustFormats.PARSERS)
              .factsFor(lockfile.packages());
      dev.cratetrust.verify.LockfileFactsCompleter facts =
          new dev.cratetrust.verify.LockfileFactsCompleter(
              reg,
              registry.indexUrl(),
              id -> {
                if (id.equals(broken)) {
                  throw new IllegalStateException("planted bug in the verifier");
                }
                return real.verifyPublished(id, java.util.Optional.empty()).toRecord();
              },
              dev.cratetrust.verify.CrateVerifier.VERIFIER_VERSION,
              d,
              java.time.Clock.systemUTC(),
              2,
              new FactsProgressPrinter(new PrintWriter(err, true)));
      var done = facts.complete(stored);
      var byName = new java.util.HashMap<String, dev.cratetrust.trust.ProvenanceFact>();
      done.forEach(f -> byName.put(f.pkg().name().value(), f.provenance()));
      assertThat(byName.get(broken.name().value()).category())
          .isEqualTo(dev.cratetrust.trust.ProvenanceFact.ProvenanceClass.UNKNOWN);
      assertThat(byName.get(broken.name().value()).problem().orElseThrow())
          .contains(broken.toString(), "internal error", "planted bug");
      assertThat(byName.get(name(TestCrateScenario.MATCHING)).category())
          .isEqualTo(dev.cratetrust.trust.ProvenanceFact.ProvenanceClass.GOLD_STAR);
      assertThat(err.toString())
          .contains("internal error while verifying " + broken)
          .contains("java.lang.IllegalStateException: planted bug in the verifier")
          .contains("\tat ");
    }
  }
}
