package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.registry.ArchiveLimits;
import dev.cratetrust.registry.CrateArchiveReader;
import dev.cratetrust.review.crev.CrevRepositoryReader;
import dev.cratetrust.testing.MaliciousArchiveBuilder;
import dev.cratetrust.trust.CrevDigest;
import dev.cratetrust.trust.CrevProof;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code review add}, {@code export} and own reviews in {@code info} and {@code check}, in-process
 * against an H2 file store in a temp dir.
 */
class OwnReviewCommandsTest {
  @TempDir Path tmp;
  private String db;

  record Run(int code, String out, String err) {
    JsonNode json() {
      return Parsers.json().readTree(out);
    }
  }

  @BeforeEach
  void store() {
    db = tmp.resolve("store/db").toString();
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private Run withDb(String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    a.addAll(List.of("--db", db));
    return run(a.toArray(String[]::new));
  }

  private Path crate(String name, String version) throws IOException {
    return Files.write(
        tmp.resolve(name + "-" + version + ".crate"),
        MaliciousArchiveBuilder.crate(name, version).build());
  }

  private void reviewDemo() throws IOException {
    Run full =
        withDb(
            "review",
            "add",
            "demo@1.0.0",
            "--criteria",
            "safe-to-deploy",
            "--who",
            "Jane <jane@example.org>",
            "--notes",
            "read all of it\n\"quoted\"",
            "--crate-file",
            crate("demo", "1.0.0").toString());
    assertThat(full.code()).as(full.err()).isZero();
    assertThat(full.out()).contains("recorded review of demo@1.0.0", "crev digest");
    Run delta =
        withDb(
            "review",
            "add",
            "demo@1.1.0",
            "--criteria",
            "safe-to-deploy",
            "--who",
            "Jo",
            "--no-download",
            "--delta",
            "1.0.0",
            "--format",
            "json");
    assertThat(delta.code()).as(delta.err()).isZero();
    assertThat(delta.json().get("deltaFrom").asString()).isEqualTo("1.0.0");
  }

  @Test
  void ownReviewsShowInInfoWithTheChainThroughTheDelta() throws Exception {
    reviewDemo();
    Run info = withDb("info", "demo@1.1.0", "--format", "json");
    assertThat(info.code()).as(info.err()).isZero();
    JsonNode audit = info.json().get("audits").get(0);
    assertThat(audit.get("source").get("name").asString()).isEqualTo("own");
    assertThat(audit.get("kind").asString()).isEqualTo("certified");
    assertThat(audit.get("criteria").toString()).contains("safe-to-deploy", "safe-to-run");
    assertThat(audit.get("chain").get(0).asString())
        .contains("full audit of 1.0.0")
        .contains("delta 1.0.0 -> 1.1.0");
    JsonNode own = info.json().get("ownReviews");
    assertThat(own.size()).isEqualTo(1);
    assertThat(own.get(0).get("who").asString()).isEqualTo("Jo");
    assertThat(own.get(0).has("crevDigest")).isFalse();

    Run text = withDb("info", "demo@1.0.0");
    assertThat(text.out()).contains("own reviews: 1", "Jane <jane@example.org>");
  }

  @Test
  void ownReviewsCountForAPolicyRequiringCriteria() throws Exception {
    reviewDemo();
    Path lock =
        Files.writeString(
            tmp.resolve("Cargo.lock"),
            "version = 3\n\n"
                + pkg("demo", "1.1.0")
                + pkg("demo", "2.0.0")
                + pkg("other", "1.0.0"));
    Path policy =
        Files.writeString(
            tmp.resolve("policy.toml"),
            "[audits]\ncriteria = \"safe-to-deploy\"\nsources = [\"own\"]\n");
    Run r =
        withDb(
            "check",
            lock.toString(),
            "--offline",
            "--format",
            "json",
            "--policy",
            policy.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(20);
    List<String> failing = new ArrayList<>();
    for (JsonNode f : r.json().get("failures").values()) {
      assertThat(f.get("rule").asString()).isEqualTo("audit");
      failing.add(f.get("crate").asString() + "@" + f.get("version").asString());
    }
    assertThat(failing).containsExactlyInAnyOrder("demo@2.0.0", "other@1.0.0");
  }

  private static String pkg(String name, String version) {
    return "[[package]]\nname = \""
        + name
        + "\"\nversion = \""
        + version
        + "\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n";
  }

  @Test
  void exportWritesVetAuditsThatSyncReadsBackAndCrevProofsThatVerify() throws Exception {
    reviewDemo();
    Path key = tmp.resolve("keys/crev.pem");
    Files.createDirectories(key.getParent());
    Run gen = run("export", "--generate-crev-key", key.toString());
    assertThat(gen.code()).as(gen.err()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    String id = gen.out().replaceAll("(?s).*crev id ([A-Za-z0-9_-]+).*", "$1");
    assertThat(id).hasSize(43);

    Path vet = tmp.resolve("out/audits.toml");
    Path proofs = tmp.resolve("out/proofs");
    Run ex =
        withDb(
            "export",
            "--vet-audits",
            vet.toString(),
            "--crev-proofs",
            proofs.toString(),
            "--crev-key",
            key.toString(),
            "--crev-id-url",
            "https://example.org/crev-proofs");
    assertThat(ex.code()).as(ex.err()).isZero();
    assertThat(ex.out())
        .contains("wrote 2 audit(s)")
        .contains("skipped demo@1.1.0 by Jo")
        .contains("wrote 1 signed crev proof(s)")
        .contains(id);

    String other = tmp.resolve("other/db").toString();
    Run sync = run("sync", "--vet-audits", "team=" + vet, "--db", other);
    assertThat(sync.code()).as(sync.err()).isZero();
    Run info = run("info", "demo@1.1.0", "--db", other, "--format", "json");
    JsonNode audit = info.json().get("audits").get(0);
    assertThat(audit.get("source").get("name").asString()).isEqualTo("team");
    assertThat(audit.get("criteria").toString()).contains("safe-to-deploy");

    CrevRepositoryReader.Result read = CrevRepositoryReader.read(proofs, "export");
    assertThat(read.problems()).isEmpty();
    CrevProof.PackageReview r = (CrevProof.PackageReview) read.proofs().getFirst();
    assertThat(read.proofs()).hasSize(1);
    assertThat(r.authorId()).isEqualTo(id);
    assertThat(r.digest())
        .contains(
            CrevDigest.of(
                CrateArchiveReader.read(
                    Files.readAllBytes(tmp.resolve("demo-1.0.0.crate")),
                    "demo",
                    Optional.of(PackageId.of("demo", "1.0.0")),
                    ArchiveLimits.defaults())));
    assertThat(r.comment()).isEqualTo("read all of it\n\"quoted\"");

    Run again = run("export", "--generate-crev-key", key.toString());
    assertThat(again.code()).isEqualTo(4);
    assertThat(again.err()).contains(key.toString(), "already exists");
  }

  @Test
  void keyFromOpensslIsAcceptedAndHasTheSamePublicKey() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/openssl")),
        "needs tool openssl: /usr/bin/openssl is missing (apt-get install openssl)");
    Path key = tmp.resolve("openssl.pem");
    Path pub = tmp.resolve("openssl.pub.der");
    exec("openssl", "genpkey", "-algorithm", "ed25519", "-out", key.toString());
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    exec(
        "openssl",
        "pkey",
        "-in",
        key.toString(),
        "-pubout",
        "-outform",
        "DER",
        "-out",
        pub.toString());
    byte[] der = Files.readAllBytes(pub);
    String expected =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(Arrays.copyOfRange(der, der.length - 32, der.length));
    reviewDemo();
    Run ex =
        withDb(
            "export",
            "--crev-proofs",
            tmp.resolve("proofs").toString(),
            "--crev-key",
            key.toString());
    assertThat(ex.code()).as(ex.err()).isZero();
    assertThat(ex.out()).contains("(crev id " + expected + ")");
    assertThat(CrevRepositoryReader.read(tmp.resolve("proofs"), "p").problems()).isEmpty();
  }

  private static void exec(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
  }

  static Stream<String> noFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(Path::toString).toList().stream();
    }
  }

  @Test
  void badKeyFilesAreRejectedNamingTheFileAndNothingIsWritten() throws Exception {
    reviewDemo();
    String rsa =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder()
                .encodeToString(
                    KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Path good = tmp.resolve("good.pem");
    assertThat(run("export", "--generate-crev-key", good.toString()).code()).isZero();
    String goodText = Files.readString(good);
    record Bad(String name, String content, String perms, String why) {}
    List<Bad> cases =
        List.of(
            new Bad("notpem.pem", "hello\n", "rw-------", "not a PKCS#8 PEM private key"),
            new Bad("rsa.pem", rsa, "rw-------", "not an Ed25519 private key"),
            new Bad(
                "garbage.pem",
                "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n",
                "rw-------",
                "not base64"),
            new Bad(
                "truncated.pem",
                goodText.replaceFirst("\n[A-Za-z0-9+/=]{8}", "\n"),
                "rw-------",
                "not an Ed25519 private key"),
            new Bad("open.pem", goodText, "rw-r--r--", "readable or writable by others"),
            new Bad("big.pem", "x".repeat(20_000), "rw-------", "larger than"));
    for (Bad b : cases) {
      Path key = Files.writeString(tmp.resolve(b.name()), b.content());
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(b.perms()));
      Path out = tmp.resolve("out-" + b.name());
      Run r =
          withDb(
              "export",
              "--vet-audits",
              out.resolve("audits.toml").toString(),
              "--crev-proofs",
              out.resolve("proofs").toString(),
              "--crev-key",
              key.toString());
      assertThat(r.code()).as(b.name() + " " + r.err()).isEqualTo(4);
      assertThat(r.err()).as(b.name()).contains("read crev key " + key, b.why());
      assertThat(out).as(b.name() + ": nothing written").doesNotExist();
    }
    Path link = tmp.resolve("link.pem");
    Files.createSymbolicLink(link, good);
    Run r =
        withDb(
            "export", "--crev-proofs", tmp.resolve("p").toString(), "--crev-key", link.toString());
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err()).contains(link.toString(), "not a regular file");
    Run missing =
        withDb(
            "export",
            "--crev-proofs",
            tmp.resolve("p").toString(),
            "--crev-key",
            tmp.resolve("nope.pem").toString());
    assertThat(missing.code()).isEqualTo(4);
    assertThat(tmp.resolve("p")).doesNotExist();
    Run noKey = withDb("export", "--crev-proofs", tmp.resolve("p").toString());
    assertThat(noKey.code()).isEqualTo(2);
    assertThat(noKey.err()).contains("--crev-proofs needs --crev-key");
    Run badUrl =
        withDb(
            "export",
            "--crev-proofs",
            tmp.resolve("p").toString(),
            "--crev-key",
            good.toString(),
            "--crev-id-url",
            "javascript:alert(1)");
    assertThat(badUrl.code()).isEqualTo(2);
    assertThat(badUrl.err()).contains("javascript:alert(1)", "not an https, http or file URL");
    assertThat(tmp.resolve("p")).doesNotExist();
  }

  @Test
  void badReviewInputsAreRejectedBeforeTheStoreIsTouched() throws Exception {
    Path otherCrate = crate("other", "1.0.0");
    record Bad(List<String> args, int code, String why) {}
    List<Bad> cases =
        List.of(
            new Bad(
                List.of("demo@1.0.0", "--criteria", "safe-to-deploy,safe-to-hack", "--who", "J"),
                2,
                "'safe-to-hack' is not a cargo-vet criterion"),
            new Bad(
                List.of("demo@1.0.0", "--criteria", "", "--who", "J"),
                2,
                "is not a cargo-vet criterion"),
            new Bad(
                List.of("demo", "--criteria", "safe-to-run", "--who", "J"),
                2,
                "'demo' is not NAME@VERSION"),
            new Bad(
                List.of("demo@1.x", "--criteria", "safe-to-run", "--who", "J"),
                2,
                "'demo@1.x' is not NAME@VERSION"),
            new Bad(
                List.of("demo@1.0.0", "--criteria", "safe-to-run", "--who", "J\u001b[31m"),
                2,
                "--who 'J"),
            new Bad(
                List.of("demo@1.0.0", "--criteria", "safe-to-run", "--who", "evil\u202egnp.exe"),
                2,
                "bidirectional-override"),
            new Bad(
                List.of("demo@1.0.0", "--criteria", "safe-to-run", "--who", "J".repeat(501)),
                2,
                "must be 1 to 500 characters"),
            new Bad(
                List.of(
                    "demo@1.0.0", "--criteria", "safe-to-run", "--who", "J", "--delta", "1.0.0"),
                2,
                "a delta needs two different versions"),
            new Bad(
                List.of(
                    "demo@1.0.0", "--criteria", "safe-to-run", "--who", "J", "--rating", "great"),
                2,
                "--rating 'great' is not one of"),
            new Bad(
                List.of(
                    "demo@1.0.0",
                    "--criteria",
                    "safe-to-run",
                    "--who",
                    "J",
                    "--crate-file",
                    otherCrate.toString()),
                4,
                "other-1.0.0.crate"));
    for (Bad b : cases) {
      List<String> args = new ArrayList<>(List.of("review", "add"));
      args.addAll(b.args());
      Run r = withDb(args.toArray(String[]::new));
      assertThat(r.code()).as(b.args() + " " + r.err()).isEqualTo(b.code());
      assertThat(r.err()).as(b.args().toString()).contains(b.why());
      assertThat(Path.of(db).getParent()).as("store untouched").doesNotExist();
    }
  }

  @Test
  void longNamesAndNonAsciiAreAcceptedAndNoProofFileIsWrittenWithoutDigests() throws Exception {
    String who = "Jürgen Ñandú ".repeat(30).strip();
    Run add =
        withDb(
            "review",
            "add",
            "demo@1.0.0",
            "--criteria",
            "safe-to-run",
            "--who",
            who,
            "--no-download");
    assertThat(add.code()).as(add.err()).isZero();
    Path key = tmp.resolve("k.pem");
    assertThat(run("export", "--generate-crev-key", key.toString()).code()).isZero();
    Run ex =
        withDb(
            "export",
            "--crev-proofs",
            tmp.resolve("proofs").toString(),
            "--crev-key",
            key.toString(),
            "--vet-audits",
            tmp.resolve("audits.toml").toString());
    assertThat(ex.code()).as(ex.err()).isZero();
    assertThat(ex.out()).contains("no review has a crev digest");
    assertThat(tmp.resolve("proofs")).doesNotExist();
    assertThat(Files.readString(tmp.resolve("audits.toml"))).contains(who);
  }

  @Test
  void syncRefusesTheReservedSourceName() throws Exception {
    Path audits = Files.writeString(tmp.resolve("a.toml"), "[audits]\n");
    Run r = withDb("sync", "--vet-audits", "own=" + audits);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("'own' is reserved");
    assertThat(Path.of(db).getParent()).doesNotExist();
  }
}
