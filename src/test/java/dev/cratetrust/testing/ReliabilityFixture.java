package dev.cratetrust.testing;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.signals.CrateSignals;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.SignalRecord;
import dev.cratetrust.store.SignalResults;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.verify.CrateVerifier;
import dev.cratetrust.verify.Verification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Three versions of one crate, packaged by real {@code cargo package}, verified over loopback git
 * and stored the way a scan of the registry stores them (origin {@code crates.io}, the archive's
 * SHA-256), with their signals:
 *
 * <ul>
 *   <li>{@code 1.0.0}: files equal the tagged commit (gold star);
 *   <li>{@code 1.1.0}: adds a build script that opens a network connection; the tarball was then
 *       changed: {@code src/lib.rs} rewritten with markup in it and a binary file added that the
 *       repository lacks (looks sketchy, with stored diffs);
 *   <li>{@code 1.2.0}: the build script kept, files equal the commit, but no release tag (needs
 *       improvement).
 * </ul>
 */
public final class ReliabilityFixture {
  public static final String NAME = "reliability-demo";
  public static final String BUILD_RS =
      "use std::net::TcpStream;\n\nfn main() {\n"
          + "    let _ = TcpStream::connect(\"example.invalid:80\");\n}\n";

  /** The markup written into the tampered {@code src/lib.rs} (it must arrive escaped). */
  public static final String MARKUP = "<script>alert('lib')</script>";

  private ReliabilityFixture() {}

  /** The three verifications, oldest version first. */
  public record Built(List<Verification> verifications) {
    public Built {
      verifications = List.copyOf(verifications);
    }

    public PackageId verified() {
      return verifications.get(0).report().crate();
    }

    public PackageId tampered() {
      return verifications.get(1).report().crate();
    }

    public PackageId untagged() {
      return verifications.get(2).report().crate();
    }

    /** Stores every verification and its signals into {@code db}, as a registry scan would. */
    public Built storeInto(Database db) throws Exception {
      return storeInto(db, verifications.size());
    }

    /** Stores the first {@code count} versions (oldest first) into {@code db}. */
    public Built storeInto(Database db, int count) throws Exception {
      for (Verification v : verifications.subList(0, count)) {
        new VerificationResults(db).upsert(registryRecord(v));
        new SignalResults(db).upsert(signalRecord(v));
      }
      return this;
    }
  }

  /** The row a registry scan stores for {@code v}: origin crates.io, the archive's SHA-256. */
  public static VerificationRecord registryRecord(Verification v) {
    return v.toRecord().keyedBy(VerificationRecord.CRATES_IO, v.archiveSha256().orElse(""), "");
  }

  /** The signals row stored with {@code v}. */
  public static SignalRecord signalRecord(Verification v) {
    return new SignalRecord(
        v.report().crate(), CrateSignals.SIGNALS_VERSION, v.signals(), v.verifiedAt());
  }

  /** Builds and verifies the three versions; {@code tmp} holds the work. */
  public static Built build(Path tmp) throws Exception {
    TestCrates.Fixture v100 = TestCrates.build(spec("1.0.0", false, true), tmp);
    TestCrates.Fixture v110 = TestCrates.build(spec("1.1.0", true, true), tmp);
    TestCrates.Fixture v120 = TestCrates.build(spec("1.2.0", true, false), tmp);
    byte[] tampered =
        TestCrates.repackage(
            v110.crateBytes(),
            m -> {
              String dir = v110.id().dirName() + "/";
              m.put(
                  dir + "src/lib.rs",
                  ("/// Adds two numbers.\npub fn add(a: u64, b: u64) -> u64 {\n"
                          + "    let _ = \""
                          + MARKUP
                          + "\";\n    a + b + 1\n}\n")
                      .getBytes(StandardCharsets.UTF_8));
              m.put(dir + "assets/payload.bin", new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0});
            });
    Files.write(v110.crateFile(), tampered);
    List<Verification> out = new ArrayList<>();
    try (GitHttpServer server = new GitHttpServer(TestCrates.remoteRoot(tmp))) {
      CrateVerifier verifier = LoopbackVerifier.of(server, tmp);
      for (TestCrates.Fixture f : List.of(v100, v110, v120)) {
        out.add(verifier.verifyArchive(f.crateFile(), Optional.empty()));
      }
    }
    return new Built(out);
  }

  private static TestCrateSpec spec(String version, boolean buildScript, boolean tagged) {
    String repo = NAME + "-" + version;
    TestCrateSpec s =
        TestCrateSpec.of(NAME, version)
            .withRepoName(repo)
            .withRepositoryUrl(TestCrates.placeholderUrl(repo + ".git"));
    if (buildScript) {
      s = s.withFile("build.rs", BUILD_RS);
    }
    return tagged ? s : s.withTags(List.of());
  }
}
