package dev.cratetrust.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.testing.SignalFixtures;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OpaqueContentSignalsTest {
  private final CrateSignals signals = new CrateSignals(Clock.systemUTC());

  private List<Signal> of(CrateContents c) {
    return signals.signals(SignalInput.of(c));
  }

  private static Signal find(List<Signal> s, String code) {
    return s.stream().filter(x -> x.code().equals(code)).findFirst().orElseThrow();
  }

  private static List<String> codes(List<Signal> s) {
    return s.stream().map(Signal::code).toList();
  }

  @Test
  void binaryBlobsInTestsAreFoundByContent() {
    List<Signal> s = of(SignalFixtures.binaryBlobInTests().build());
    Signal archive = find(s, "binary-archive");
    assertThat(archive.severity()).isEqualTo(Severity.NOTICE);
    assertThat(archive.message())
        .isEqualTo("1 file of compressed or archive data (by content) in tests/");
    assertThat(archive.evidence().getFirst().file())
        .isEqualTo("tests/files/bad-3-corrupt_lzma2.xz");
    assertThat(archive.evidence().getFirst().excerpt()).isEqualTo("xz, 2048 bytes");
    assertThat(find(s, "binary-file").evidence().getFirst().file())
        .isEqualTo("tests/files/good-large_compressed.lzma");
  }

  @Test
  void executablesAreWarnedWhateverTheirName() {
    byte[] elf = new byte[512];
    System.arraycopy(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}, 0, elf, 0, 8);
    List<Signal> s = of(SignalFixtures.crate("x", "1.0.0").file("src/data.txt", elf).build());
    Signal exe = find(s, "binary-executable");
    assertThat(exe.severity()).isEqualTo(Severity.WARNING);
    assertThat(exe.message()).endsWith("in src/");
    assertThat(exe.evidence().getFirst().excerpt()).isEqualTo("ELF, 512 bytes");
  }

  @Test
  void textWithOddExtensionIsNotBinary() {
    assertThat(
            codes(
                of(
                    SignalFixtures.crate("x", "1.0.0")
                        .file("tests/data.bin", "plain text, ünïcode\n")
                        .build())))
        .isEmpty();
    assertThat(ContentKind.detect(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1}).kind())
        .isEqualTo(ContentKind.MEDIA);
  }

  @Test
  void longBase64InSourceIsNoticedButNotInTestsOrDataUris() {
    byte[] raw = new byte[600];
    new Random(1).nextBytes(raw);
    String b64 = Base64.getEncoder().encodeToString(raw);
    List<Signal> s =
        of(
            SignalFixtures.crate("x", "1.0.0")
                .file("src/lib.rs", "// intro\nconst P: &str = \"" + b64 + "\";\n")
                .file("tests/vectors.rs", "const V: &str = \"" + b64 + "\";\n")
                .file("README.md", "![badge](data:image/svg+xml;base64," + b64 + ")\n")
                .build());
    Signal blob = find(s, "encoded-blob");
    assertThat(blob.severity()).isEqualTo(Severity.NOTICE);
    assertThat(blob.evidence())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.file()).isEqualTo("src/lib.rs");
              assertThat(e.line()).isEqualTo(2);
            });
    assertThat(find(s, "encoded-blob-in-tests").severity()).isEqualTo(Severity.INFO);
  }

  @Test
  void longDigitRunsAreNotBlobs() {
    String digits = "1234567890".repeat(60);
    assertThat(
            codes(
                of(
                    SignalFixtures.crate("x", "1.0.0")
                        .file("src/lib.rs", "const N: &str = \"" + digits + "\";\n")
                        .build())))
        .isEmpty();
  }

  @Test
  void escapedBinaryLiteralHasHighEntropy() {
    StringBuilder lit = new StringBuilder();
    Random r = new Random(2);
    for (int i = 0; i < 1500; i++) {
      lit.append(String.format("\\x%02x", r.nextInt(256)));
    }
    List<Signal> s =
        of(
            SignalFixtures.crate("x", "1.0.0")
                .file("src/lib.rs", "pub const B: &[u8] = b\"" + lit + "\";\n")
                .build());
    assertThat(find(s, "high-entropy-literal").evidence().getFirst().excerpt())
        .startsWith("1500 characters, 7.");
  }

  @Test
  void minifiedCodeIsNoticedButLongCommentsAreNot() {
    String dense = "var a=function(b){return b*2+c[d]};".repeat(100);
    List<Signal> s =
        of(
            SignalFixtures.crate("x", "1.0.0")
                .file("src/inject.js", dense + "\n")
                .file("src/lib.rs", "// " + "x,".repeat(1500) + "\nfn f() {}\n")
                .build());
    assertThat(find(s, "minified-code").evidence())
        .extracting(Evidence::file)
        .containsExactly("src/inject.js");
  }

  @Test
  void newContentSignalsAreMarkedAgainstThePreviousVersion() {
    CrateContents before = SignalFixtures.crate("liblzma-tools", "5.6.0").build();
    CrateContents after = SignalFixtures.binaryBlobInTests().build();
    List<Signal> s = signals.signals(SignalInput.of(after).withPrevious(before));
    assertThat(find(s, "binary-archive").message()).endsWith("; new in this version");
    List<Signal> again =
        signals.signals(
            SignalInput.of(after).withPrevious(SignalFixtures.binaryBlobInTests().build()));
    assertThat(find(again, "binary-archive").message()).doesNotContain("new in this version");
    assertThat(Optional.of(again.size())).contains(s.size());
  }
}
