package dev.cratetrust.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DiffRendererTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void labelsRepositoryAndCrateSides() {
    String diff =
        new DiffRenderer(1024)
            .repositoryToCrate("pkg/src/lib.rs", "src/lib.rs", utf8("a\nb\n"), utf8("a\nc\n"))
            .orElseThrow();
    assertThat(diff).contains("--- repository/pkg/src/lib.rs", "+++ crate/src/lib.rs", "-b", "+c");
  }

  @Test
  void addedFileComesFromDevNull() {
    String diff =
        new DiffRenderer(1024)
            .repositoryToCrate("/dev/null", "build.rs", new byte[0], utf8("fn main() {}\n"))
            .orElseThrow();
    assertThat(diff).contains("--- /dev/null", "+++ crate/build.rs", "+fn main() {}");
  }

  @Test
  void eitherSideOverTheCapGetsNoDiff() {
    DiffRenderer r = new DiffRenderer(4);
    assertThat(r.unified("a", "b", utf8("12345"), utf8("1"))).isEmpty();
    assertThat(r.unified("a", "b", utf8("1"), utf8("12345"))).isEmpty();
    assertThat(r.unified("a", "b", utf8("1234"), utf8("12"))).isPresent();
  }

  @Test
  void nulBytesOrInvalidUtf8AreBinary() {
    DiffRenderer r = new DiffRenderer(1024);
    assertThat(r.unified("a", "b", new byte[] {'x', 0}, utf8("x"))).contains("Binary files differ");
    assertThat(r.unified("a", "b", utf8("x"), new byte[] {(byte) 0xC3, (byte) 0x28}))
        .contains("Binary files differ");
    assertThat(DiffRenderer.text(utf8("héllo"))).contains("héllo");
  }
}
