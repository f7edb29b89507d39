package dev.cratetrust.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.PackageId;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Expected values computed with Python's hashlib.blake2b(digest_size=32), an independent
 * implementation.
 */
class CrevDigestTest {

  static String hex256(byte[] data) {
    return HexFormat.of().formatHex(Blake2b.digest256(data));
  }

  static byte[] range(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i % 256);
    }
    return b;
  }

  @Test
  void blake2b256MatchesReferenceVectors() {
    assertThat(hex256(new byte[0]))
        .isEqualTo("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    assertThat(hex256(range(128)))
        .isEqualTo("c3582f71ebb2be66fa5dd750f80baae97554f3b015663c8be377cfcb2488c1d1");
    assertThat(hex256(range(129)))
        .isEqualTo("f7f3c46ba2564ff4c4c162da1f5b605f9f1c4aa6a20652a9f9a337c1a2f5b9c9");
    assertThat(hex256(range(768)))
        .isEqualTo("b8007121274217790e2923e0ad7027986e5a99d5531ef6ae7d294140fc81615d");
  }

  @Test
  void blake2b512MatchesRfc7693AppendixA() {
    Blake2b b = new Blake2b(64);
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    b.update(abc, 0, abc.length);
    assertThat(HexFormat.of().formatHex(b.finish()))
        .isEqualTo(
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
  }

  static CrateFile file(String path, String content) {
    return new CrateFile(path, content.getBytes(StandardCharsets.UTF_8), false);
  }

  @Test
  void recursiveDigestOfACrateTreeIgnoringCargoOk() {
    List<CrateFile> files =
        List.of(
            file("Cargo.toml", "[package]\nname=\"x\"\n"),
            file("src/lib.rs", "pub fn f(){}\n"),
            file("src/a/b.rs", ""),
            file(".cargo_vcs_info.json", "{}"),
            file("Z.md", "z"),
            file("a.md", "a"));
    PackageId id = new PackageId(CrateName.of("x"), CrateVersion.of("1.0.0"));
    String digest = CrevDigest.of(new CrateContents(id, files, "test", Optional.empty()));
    assertThat(digest).isEqualTo("n0vZLYxyjE4WAyCrLLD7lmn6JyvmqsNqhMmsVdOKzzg");
    List<CrateFile> withCargoOk = new java.util.ArrayList<>(files);
    withCargoOk.add(file(".cargo-ok", "{\"v\":1}"));
    assertThat(CrevDigest.of(new CrateContents(id, withCargoOk, "test", Optional.empty())))
        .isEqualTo(digest);
    List<CrateFile> changed = new java.util.ArrayList<>(files);
    changed.set(5, file("a.md", "b"));
    assertThat(CrevDigest.of(new CrateContents(id, changed, "test", Optional.empty())))
        .isNotEqualTo(digest);
  }
}
