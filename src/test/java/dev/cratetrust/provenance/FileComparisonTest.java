package dev.cratetrust.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.UnavailableException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FileComparisonTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void lineEndingsOnlyWhenTheBytesDifferInCrLfAlone() {
    assertThat(FileComparison.sameExceptLineEndings(utf8("a\r\nb\r\n"), utf8("a\nb\n"))).isTrue();
    assertThat(FileComparison.sameExceptLineEndings(utf8("a\nb\n"), utf8("a\nb\n"))).isFalse();
    assertThat(FileComparison.sameExceptLineEndings(utf8("a\r\nb\r\n"), utf8("a\nc\n"))).isFalse();
  }

  @Test
  void crlfToLfKeepsLoneCarriageReturns() {
    assertThat(new String(FileComparison.crlfToLf(utf8("a\rb\r\nc\r")), StandardCharsets.UTF_8))
        .isEqualTo("a\rb\nc\r");
    assertThat(FileComparison.containsCrLf(utf8("a\rb\n"))).isFalse();
  }

  @Test
  void readLimitCoversTheDiffCapAndACrLfCopy() {
    CrateFile f = new CrateFile("x", new byte[100], false);
    assertThat(FileComparison.readLimit(10, f)).isEqualTo(216);
    assertThat(FileComparison.readLimit(1000, f)).isEqualTo(1000);
  }

  @Test
  void historySearchTriesTheLfVersionOfACrLfFile() throws UnavailableException {
    InMemoryRepository repo = new InMemoryRepository();
    repo.storeBlob("a\nb\n");
    assertThat(FileComparison.inHistory(repo, new CrateFile("x", utf8("a\r\nb\r\n"), false)))
        .isTrue();
    assertThat(repo.historySearches()).hasSize(2);
    assertThat(FileComparison.inHistory(repo, new CrateFile("y", utf8("other\n"), false)))
        .isFalse();
    assertThat(repo.historySearches()).hasSize(3);
  }
}
