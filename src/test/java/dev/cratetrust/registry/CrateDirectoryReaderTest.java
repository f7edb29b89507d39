package dev.cratetrust.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.registry.BadCrateException.Problem;
import dev.cratetrust.registry.VendorChecksums.FileCheck;
import dev.cratetrust.registry.VendorChecksums.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrateDirectoryReaderTest {
  @TempDir Path temp;

  private Path crateDir(String folder) throws IOException {
    Path dir = temp.resolve(folder);
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(
        dir.resolve("Cargo.toml"), "[package]\nname = \"foo\"\nversion = \"1.2.3\"\n");
    Files.writeString(dir.resolve("src/lib.rs"), "pub fn f() {}\n");
    return dir;
  }

  private static String sha(String s) {
    return VendorChecksums.sha256(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsVendoredCrateAndComparesChecksums() throws Exception {
    Path dir = crateDir("foo");
    Files.writeString(dir.resolve("README.md"), "changed\n");
    Files.writeString(dir.resolve("extra.rs"), "// not listed\n");
    Path script = dir.resolve("run.sh");
    Files.writeString(script, "#!/bin/sh\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(dir.resolve(".cargo-ok"), "{\"v\":1}");
    String pkg = "ab".repeat(32);
    Files.writeString(
        dir.resolve(".cargo-checksum.json"),
        "{\"files\":{\"Cargo.toml\":\""
            + sha("[package]\nname = \"foo\"\nversion = \"1.2.3\"\n")
            + "\",\"src/lib.rs\":\""
            + sha("pub fn f() {}\n")
            + "\",\"README.md\":\""
            + sha("original\n")
            + "\",\"run.sh\":\""
            + sha("#!/bin/sh\n")
            + "\",\"src/gone.rs\":\""
            + sha("x")
            + "\"},\"package\":\""
            + pkg
            + "\"}");

    UnpackedCrate u = CrateDirectoryReader.read(dir, DirectoryLimits.defaults());

    assertThat(u.contents().id()).isEqualTo(PackageId.of("foo", "1.2.3"));
    assertThat(u.contents().files())
        .extracting(CrateFile::path)
        .containsExactly("Cargo.toml", "README.md", "extra.rs", "run.sh", "src/lib.rs");
    assertThat(u.contents().file("run.sh").orElseThrow().executable()).isTrue();
    assertThat(u.contents().archiveSha256()).isEmpty();
    VendorChecksums c = u.checksums().orElseThrow();
    assertThat(c.packageSha256()).contains(pkg);
    assertThat(c.files())
        .extracting(FileCheck::path, FileCheck::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Cargo.toml", Status.MATCH),
            org.assertj.core.groups.Tuple.tuple("README.md", Status.MODIFIED),
            org.assertj.core.groups.Tuple.tuple("extra.rs", Status.NOT_LISTED),
            org.assertj.core.groups.Tuple.tuple("run.sh", Status.MATCH),
            org.assertj.core.groups.Tuple.tuple("src/gone.rs", Status.MISSING),
            org.assertj.core.groups.Tuple.tuple("src/lib.rs", Status.MATCH));
    assertThat(c.discrepancies())
        .extracting(FileCheck::path)
        .containsExactly("README.md", "extra.rs", "src/gone.rs");
    assertThat(c.files().get(1).actualSha256()).contains(sha("changed\n"));
  }

  @Test
  void withoutChecksumFileThereAreNoChecksums() throws Exception {
    UnpackedCrate u = CrateDirectoryReader.read(crateDir("foo-1.2.3"), DirectoryLimits.defaults());
    assertThat(u.checksums()).isEmpty();
    assertThat(u.contents().files()).hasSize(2);
  }

  @Test
  void symlinkInsideIsReadAsTargetAndRecorded() throws Exception {
    Path dir = crateDir("foo");
    Files.createSymbolicLink(dir.resolve("LICENSE"), Path.of("src/lib.rs"));
    UnpackedCrate u = CrateDirectoryReader.read(dir, DirectoryLimits.defaults());
    assertThat(u.symlinks()).containsExactly("LICENSE");
    assertThat(u.contents().file("LICENSE").orElseThrow().content())
        .isEqualTo(Files.readAllBytes(dir.resolve("src/lib.rs")));
  }

  @Test
  void symlinkLeavingTheDirectoryIsRejected() throws Exception {
    Path secret = Files.writeString(temp.resolve("secret"), "s");
    Path dir = crateDir("foo");
    Files.createSymbolicLink(dir.resolve("src/evil.rs"), Path.of("../../secret"));
    assertThatThrownBy(() -> CrateDirectoryReader.read(dir, DirectoryLimits.defaults()))
        .isInstanceOfSatisfying(
            BadCrateException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.SYMLINK_OUTSIDE);
              assertThat(e.entry()).contains("src/evil.rs");
            })
        .hasMessageContaining("read crate " + dir)
        .hasMessageContaining("entry 'src/evil.rs' is a symbolic link leaving the crate directory")
        .hasMessageContaining(secret.toRealPath().toString());
  }

  @Test
  void symlinkToSiblingWithSharedPrefixIsOutside() throws Exception {
    Path dir = crateDir("foo");
    Path sibling = Files.createDirectories(temp.resolve("foo-evil"));
    Files.writeString(sibling.resolve("x"), "x");
    Files.createSymbolicLink(dir.resolve("x"), sibling.resolve("x"));
    assertThatThrownBy(() -> CrateDirectoryReader.read(dir, DirectoryLimits.defaults()))
        .isInstanceOfSatisfying(
            BadCrateException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.SYMLINK_OUTSIDE));
  }

  @Test
  void danglingAndDirectorySymlinksAreRejected() throws Exception {
    Path dir = crateDir("foo");
    Files.createSymbolicLink(dir.resolve("gone"), Path.of("nowhere"));
    assertThatThrownBy(() -> CrateDirectoryReader.read(dir, DirectoryLimits.defaults()))
        .isInstanceOfSatisfying(
            BadCrateException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.SYMLINK_OUTSIDE))
        .hasMessageContaining("entry 'gone' is a dangling symbolic link");
    Files.delete(dir.resolve("gone"));
    Files.createSymbolicLink(dir.resolve("srclink"), Path.of("src"));
    assertThatThrownBy(() -> CrateDirectoryReader.read(dir, DirectoryLimits.defaults()))
        .isInstanceOfSatisfying(
            BadCrateException.class, e -> assertThat(e.problem()).isEqualTo(Problem.SYMLINK))
        .hasMessageContaining("entry 'srclink'");
  }

  @Test
  void fifoIsRejected() throws Exception {
    Path dir = crateDir("foo");
    Process p = new ProcessBuilder("mkfifo", dir.resolve("pipe").toString()).start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThatThrownBy(() -> CrateDirectoryReader.read(dir, DirectoryLimits.defaults()))
        .isInstanceOfSatisfying(
            BadCrateException.class, e -> assertThat(e.problem()).isEqualTo(Problem.SPECIAL_FILE))
        .hasMessageContaining("entry 'pipe' is not a regular file or directory");
  }

  @Test
  void limitsAreEnforced() throws Exception {
    Path dir = crateDir("foo");
    assertThatThrownBy(() -> CrateDirectoryReader.read(dir, new DirectoryLimits(1, 1 << 20, 4096)))
        .isInstanceOfSatisfying(
            BadCrateException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.TOO_MANY_ENTRIES));
    assertThatThrownBy(() -> CrateDirectoryReader.read(dir, new DirectoryLimits(10, 20, 4096)))
        .isInstanceOfSatisfying(
            BadCrateException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.UNPACKED_TOO_LARGE));
    assertThatThrownBy(() -> CrateDirectoryReader.read(dir, new DirectoryLimits(10, 1 << 20, 5)))
        .isInstanceOfSatisfying(
            BadCrateException.class, e -> assertThat(e.problem()).isEqualTo(Problem.PATH_TOO_LONG));
  }

  @Test
  void manifestProblemsNameTheDirectory() throws Exception {
    Path dir = crateDir("foo");
    Files.writeString(dir.resolve("Cargo.toml"), "[package]\nname = \"foo\"\n");
    assertThatThrownBy(() -> CrateDirectoryReader.read(dir, DirectoryLimits.defaults()))
        .isInstanceOfSatisfying(
            BadCrateException.class, e -> assertThat(e.problem()).isEqualTo(Problem.BAD_MANIFEST))
        .hasMessage(
            "read crate "
                + dir
                + ": entry 'Cargo.toml' has no valid package name and version (name 'foo',"
                + " version '')");
    Files.writeString(dir.resolve("Cargo.toml"), "[package\n");
    assertThatThrownBy(() -> CrateDirectoryReader.read(dir, DirectoryLimits.defaults()))
        .isInstanceOfSatisfying(
            BadCrateException.class, e -> assertThat(e.problem()).isEqualTo(Problem.BAD_MANIFEST));
    Files.delete(dir.resolve("Cargo.toml"));
    assertThatThrownBy(() -> CrateDirectoryReader.read(dir, DirectoryLimits.defaults()))
        .isInstanceOfSatisfying(
            BadCrateException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NO_MANIFEST));
    assertThatThrownBy(
            () -> CrateDirectoryReader.read(dir.resolve("src/lib.rs"), DirectoryLimits.defaults()))
        .isInstanceOfSatisfying(
            BadCrateException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.NOT_A_DIRECTORY));
  }

  @Test
  void malformedChecksumFilesAreRejected() throws Exception {
    Path dir = crateDir("foo");
    for (String json :
        List.of(
            "not json",
            "[]",
            "{\"package\":\"abc\",\"files\":{}}",
            "{\"package\":null}",
            "{\"files\":{\"src/lib.rs\":42}}")) {
      Files.writeString(dir.resolve(".cargo-checksum.json"), json);
      assertThatThrownBy(() -> CrateDirectoryReader.read(dir, DirectoryLimits.defaults()))
          .as(json)
          .isInstanceOfSatisfying(
              BadCrateException.class,
              e -> assertThat(e.problem()).isEqualTo(Problem.BAD_CHECKSUM_FILE))
          .hasMessageStartingWith("read checksums " + dir.resolve(".cargo-checksum.json") + ": ");
    }
  }

  @Test
  void checksumPathsAreNeverOpened() throws Exception {
    Path dir = crateDir("foo");
    Files.writeString(temp.resolve("outside"), "o");
    Files.writeString(
        dir.resolve(".cargo-checksum.json"),
        "{\"files\":{\"../outside\":\"" + sha("o") + "\"},\"package\":null}");
    VendorChecksums c =
        CrateDirectoryReader.read(dir, DirectoryLimits.defaults()).checksums().orElseThrow();
    assertThat(c.files().get(0).path()).isEqualTo("../outside");
    assertThat(c.files().get(0).status()).isEqualTo(Status.MISSING);
    assertThat(c.packageSha256()).isEmpty();
  }

  @Test
  void readsRealDebianCrate() throws Exception {
    Path registry = Path.of("/usr/share/cargo/registry");
    Path crate;
    Optional<Path> installed = Optional.empty();
    if (Files.isDirectory(registry)) {
      try (Stream<Path> s = Files.list(registry)) {
        installed = s.filter(p -> Files.isRegularFile(p.resolve("Cargo.toml"))).findFirst();
      }
    }
    if (installed.isPresent()) {
      crate = installed.get();
    } else {
      Path dest = temp.resolve("deb");
      Process p =
          new ProcessBuilder(
                  "sh", "scripts/fetch-debian-crate.sh", "librust-either-dev", dest.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      boolean done = p.waitFor(120, TimeUnit.SECONDS);
      assumeTrue(
          done && p.exitValue() == 0,
          "needs network to Debian's apt repository: apt-get download librust-either-dev failed: "
              + out);
      try (Stream<Path> s = Files.list(dest.resolve("root/usr/share/cargo/registry"))) {
        crate = s.findFirst().orElseThrow();
      }
    }
    UnpackedCrate u = CrateDirectoryReader.read(crate, DirectoryLimits.defaults());
    assertThat(crate.getFileName().toString()).isEqualTo(u.contents().id().dirName());
    assertThat(u.contents().file("Cargo.toml")).isPresent();
    assertThat(u.contents().file(".cargo-checksum.json")).isEmpty();
    VendorChecksums c = u.checksums().orElseThrow();
    assertThat(c.packageSha256()).hasValueSatisfying(s -> assertThat(s).hasSize(64));
    assertThat(c.files()).hasSize(u.contents().files().size());
    assertThat(c.files()).allSatisfy(f -> assertThat(f.status()).isEqualTo(Status.NOT_LISTED));
  }

  @Test
  void debianFolderIsTheDistributionsAndItsMissingChecksumIsAFact() throws Exception {
    Path dir = crateDir("foo-1.2.3");
    Files.createDirectories(dir.resolve("debian/patches"));
    Files.writeString(dir.resolve("debian/patches/series"), "fix.patch\n");
    Files.writeString(dir.resolve("debian/patches/fix.patch"), "--- a/x\n+++ b/x\n");
    Files.writeString(
        dir.resolve(".cargo-checksum.json"),
        "{\"package\":\"Could not get crate checksum\",\"files\":{}}");

    UnpackedCrate u = CrateDirectoryReader.read(dir, DirectoryLimits.defaults());

    assertThat(u.contents().files())
        .extracting(CrateFile::path)
        .containsExactly("Cargo.toml", "src/lib.rs");
    DistributionFiles d = u.distribution().orElseThrow();
    assertThat(d.layout()).isEqualTo("debian");
    assertThat(d.paths()).containsExactly("debian/patches/fix.patch", "debian/patches/series");
    assertThat(new String(d.files().get("debian/patches/series"), StandardCharsets.UTF_8))
        .isEqualTo("fix.patch\n");
    VendorChecksums c = u.checksums().orElseThrow();
    assertThat(c.packageChecksum()).isEqualTo(VendorChecksums.PackageChecksum.UNAVAILABLE);
    assertThat(c.packageSha256()).isEmpty();
    assertThat(c.listsNoFiles()).isTrue();
  }

  @Test
  void debianFolderWithoutChecksumFileIsRecognisedByItsSeries() throws Exception {
    Path dir = crateDir("foo-1.2.3");
    Files.createDirectories(dir.resolve("debian/patches"));
    Files.writeString(dir.resolve("debian/patches/series"), "\n");
    UnpackedCrate u = CrateDirectoryReader.read(dir, DirectoryLimits.defaults());
    assertThat(u.distribution()).isPresent();
    assertThat(u.contents().file("debian/patches/series")).isEmpty();
  }

  @Test
  void debianFolderListedInTheChecksumsIsPartOfTheCrate() throws Exception {
    Path dir = crateDir("foo");
    Files.createDirectories(dir.resolve("debian/patches"));
    Files.writeString(dir.resolve("debian/patches/series"), "x.patch\n");
    Files.writeString(
        dir.resolve(".cargo-checksum.json"),
        "{\"package\":\""
            + "cd".repeat(32)
            + "\",\"files\":{\"debian/patches/series\":\""
            + sha("x.patch\n")
            + "\"}}");
    UnpackedCrate u = CrateDirectoryReader.read(dir, DirectoryLimits.defaults());
    assertThat(u.distribution()).isEmpty();
    assertThat(u.contents().file("debian/patches/series")).isPresent();
    assertThat(u.checksums().orElseThrow().packageChecksum())
        .isEqualTo(VendorChecksums.PackageChecksum.RECORDED);
  }

  @Test
  void packageTextOtherThanDebiansIsStillRejected() throws Exception {
    Path dir = crateDir("foo");
    Files.writeString(
        dir.resolve(".cargo-checksum.json"), "{\"package\":\"could not\",\"files\":{}}");
    assertThatThrownBy(() -> CrateDirectoryReader.read(dir, DirectoryLimits.defaults()))
        .isInstanceOfSatisfying(
            BadCrateException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.BAD_CHECKSUM_FILE))
        .hasMessageContaining("'package' that is not a SHA-256");
  }
}
