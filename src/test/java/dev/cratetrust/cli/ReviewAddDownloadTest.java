package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.testing.FakeRegistry;
import dev.cratetrust.testing.MaliciousArchiveBuilder;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code review add} without {@code --crate-file} takes the crev digest from a registry download.
 */
class ReviewAddDownloadTest {
  @TempDir Path tmp;

  static OwnReviewCommandsTest.Run add(String db, String... extra) {
    String[] base = {
      "review",
      "add",
      "demo@1.0.0",
      "--criteria",
      "safe-to-run",
      "--who",
      "Jo",
      "--db",
      db,
      "--format",
      "json"
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return OwnReviewCommandsTest.run(args);
  }

  @Test
  void downloadedVersionGivesTheSameDigestAsTheCrateFile() throws Exception {
    byte[] crate = MaliciousArchiveBuilder.crate("demo", "1.0.0").build();
    Path file = Files.write(tmp.resolve("demo-1.0.0.crate"), crate);
    OwnReviewCommandsTest.Run fromFile =
        add(tmp.resolve("a/db").toString(), "--crate-file", file.toString());
    assertThat(fromFile.code()).as(fromFile.err()).isZero();
    String want = fromFile.json().get("crevDigest").asString();
    assertThat(want).isNotBlank();
    try (FakeRegistry reg = FakeRegistry.start()) {
      reg.publish(PackageId.of("demo", "1.0.0"), crate);
      OwnReviewCommandsTest.Run downloaded =
          add(tmp.resolve("b/db").toString(), "--index", reg.indexUrl());
      assertThat(downloaded.code()).as(downloaded.err()).isZero();
      assertThat(downloaded.json().get("crevDigest").asString()).isEqualTo(want);
      assertThat(reg.requests())
          .anyMatch(r -> r.path().equals(FakeRegistry.cratePath(PackageId.of("demo", "1.0.0"))));
    }
  }

  @Test
  void bytesThatDoNotMatchTheIndexChecksumAreNotReviewed() throws Exception {
    try (FakeRegistry reg = FakeRegistry.start()) {
      PackageId id = PackageId.of("demo", "1.0.0");
      reg.publish(id, MaliciousArchiveBuilder.crate("demo", "1.0.0").build());
      reg.fault(FakeRegistry.cratePath(id), FakeRegistry.Fault.wrongBytes());
      String db = tmp.resolve("c/db").toString();
      OwnReviewCommandsTest.Run r = add(db, "--index", reg.indexUrl());
      assertThat(r.code()).isNotZero();
      assertThat(r.err()).contains("demo-1.0.0.crate", "but the index lists");
      assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT.code());
      assertThat(Path.of(db).getParent()).as("nothing stored").doesNotExist();
    }
  }

  @Test
  void anUnreachableRegistryNamesTheWayOut() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String db = tmp.resolve("d/db").toString();
    OwnReviewCommandsTest.Run r = add(db, "--index", "sparse+http://127.0.0.1:" + port + "/index/");
    assertThat(r.code()).isEqualTo(ExitCode.COULD_NOT_COMPLETE.code());
    assertThat(r.err()).contains("review add demo@1.0.0", "--crate-file", "--no-download");
    OwnReviewCommandsTest.Run without = add(db, "--no-download");
    assertThat(without.code()).as(without.err()).isZero();
    assertThat(without.json().has("crevDigest")).isFalse();
  }

  @Test
  void noDownloadWithACrateFileIsAUsageError() throws Exception {
    Path file =
        Files.write(
            tmp.resolve("demo-1.0.0.crate"),
            MaliciousArchiveBuilder.crate("demo", "1.0.0").build());
    OwnReviewCommandsTest.Run r =
        add(tmp.resolve("e/db").toString(), "--crate-file", file.toString(), "--no-download");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(r.err()).contains("--no-download");
  }
}
