package dev.cratetrust.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.trust.CargoLock.LockedPackage;
import dev.cratetrust.trust.CargoLock.SourceKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CargoLockTest {

  static String fixture(String name) throws IOException {
    try (InputStream in = CargoLockTest.class.getResourceAsStream("/lockfiles/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static LockedPackage pkg(CargoLock lock, String name, String version) {
    return lock.packages().stream()
        .filter(p -> p.name().value().equals(name) && p.version().value().equals(version))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void formatOneWithMetadataChecksumsAndGitSource() throws Exception {
    CargoLock lock = CargoLock.parse("v1.lock", fixture("v1.lock"));
    assertThat(lock.format()).isEqualTo(1);
    LockedPackage hyper = pkg(lock, "hyper", "0.14.9");
    assertThat(hyper.source().kind()).isEqualTo(SourceKind.CRATES_IO);
    assertThat(hyper.checksum())
        .contains("07d6baa1b441335f3ce5098ac421fb6547c46dda735ca1bc6d0153c838f9dd83");
    LockedPackage git = pkg(lock, "mylib", "0.3.0");
    assertThat(git.source().kind()).isEqualTo(SourceKind.GIT);
    assertThat(git.source().gitCommit()).contains("0123456789abcdef0123456789abcdef01234567");
    assertThat(git.checksum()).isEmpty();
    assertThat(pkg(lock, "app", "0.1.0").source().kind()).isEqualTo(SourceKind.PATH);
  }

  @Test
  void formatTwoHasInlineChecksums() throws Exception {
    CargoLock lock = CargoLock.parse("v2.lock", fixture("v2.lock"));
    assertThat(lock.format()).isEqualTo(2);
    assertThat(pkg(lock, "tokio-rustls", "0.12.2").checksum()).isPresent();
    assertThat(pkg(lock, "app", "0.1.0").dependencies()).containsExactly("tokio-rustls");
  }

  @Test
  void formatThreeKeepsTwoVersionsOfOneCrate() throws Exception {
    CargoLock lock = CargoLock.parse("v3.lock", fixture("v3.lock"));
    assertThat(lock.format()).isEqualTo(3);
    assertThat(lock.packages()).hasSize(3);
    assertThat(pkg(lock, "rand", "0.7.3").fromCratesIo()).isTrue();
    assertThat(pkg(lock, "rand", "0.8.5").fromCratesIo()).isTrue();
  }

  @Test
  void formatFourWithSparseSources() throws Exception {
    CargoLock lock = CargoLock.parse("v4.lock", fixture("v4.lock"));
    assertThat(lock.format()).isEqualTo(4);
    assertThat(pkg(lock, "serde", "1.0.219").source().kind()).isEqualTo(SourceKind.CRATES_IO);
    assertThat(pkg(lock, "internal", "1.0.0").source().kind()).isEqualTo(SourceKind.REGISTRY);
  }

  @Test
  void lockfileWrittenByRealCargo() throws Exception {
    CargoLock lock = CargoLock.parse("real-cargo.lock", fixture("real-cargo.lock"));
    assertThat(lock.format()).isEqualTo(4);
    assertThat(lock.packages())
        .extracting(p -> p.name() + "@" + p.version() + ":" + p.source().kind())
        .containsExactly("app@0.1.0:PATH", "helper@0.2.0-beta.1:PATH");
  }

  @Test
  void unsupportedFormatVersion() {
    assertThatThrownBy(() -> CargoLock.parse("x.lock", "version = 9\n"))
        .isInstanceOf(TrustInputException.class)
        .hasMessage("read lockfile x.lock: lockfile format version 9 is not supported");
  }

  @Test
  void badVersionAndChecksumAreNamed() {
    assertThatThrownBy(
            () -> CargoLock.parse("x.lock", "[[package]]\nname = \"a\"\nversion = \"1.0\"\n"))
        .hasMessage("read lockfile x.lock: package a: version '1.0' is not SemVer");
    assertThatThrownBy(
            () ->
                CargoLock.parse(
                    "x.lock",
                    "[[package]]\nname = \"a\"\nversion = \"1.0.0\"\nchecksum = \"zz\"\n"))
        .hasMessageContaining("checksum 'zz' is not 64 hex digits");
    assertThatThrownBy(
            () -> CargoLock.parse("x.lock", "[[package]]\nname = \"../a\"\nversion = \"1.0.0\"\n"))
        .hasMessageContaining("package name '../a'");
  }

  @Test
  void depthBombIsACleanError() {
    String bomb = "a = " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
    assertThatThrownBy(() -> CargoLock.parse("bomb.lock", bomb))
        .isInstanceOf(TrustInputException.class)
        .hasMessageContaining("bomb.lock")
        .hasMessageContaining("not valid TOML");
    String dotted = "a" + ".a".repeat(20_000) + " = 1\n";
    assertThatThrownBy(() -> CargoLock.parse("dotted.lock", dotted))
        .isInstanceOf(TrustInputException.class)
        .hasMessageContaining("dotted.lock");
    String inline = "a = " + "{b=".repeat(50_000) + "1" + "}".repeat(50_000) + "\n";
    assertThatThrownBy(() -> CargoLock.parse("inline.lock", inline))
        .isInstanceOf(TrustInputException.class)
        .hasMessageContaining("inline.lock");
  }

  @Test
  void sizeBombIsRejectedBeforeParsing() {
    String big = "# " + "x".repeat(CargoLock.MAX_BYTES) + "\n";
    assertThatThrownBy(() -> CargoLock.parse("big.lock", big))
        .hasMessageContaining("big.lock")
        .hasMessageContaining("larger than");
  }
}
