package dev.cratetrust.crates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {
  @ParameterizedTest
  @ValueSource(strings = {"", "1abc", "-x", "a b", "a/b", "a.b", "ünicode", "a\nb"})
  void invalidCrateNamesAreRejectedWithTheReason(String name) {
    assertThatThrownBy(() -> CrateName.of(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid crate name '")
        .hasMessageNotContaining("\n");
  }

  @Test
  void crateNameLimitsAndCanonicalForm() {
    assertThat(CrateName.of("a".repeat(64)).value()).hasSize(64);
    assertThatThrownBy(() -> CrateName.of("a".repeat(65))).hasMessageContaining("longer than 64");
    assertThat(CrateName.of("Foo-Bar").canonical()).isEqualTo(CrateName.of("foo_bar").canonical());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "1.0", "01.0.0", "1.0.0-", "1.0.0+", "v1.0.0", "1.0.0-01"})
  void invalidVersionsAreRejected(String v) {
    assertThatThrownBy(() -> CrateVersion.of(v)).hasMessageStartingWith("invalid version '");
  }

  @Test
  void versionsOrderBySemverPrecedence() {
    List<String> sorted =
        List.of(
            "0.9.0",
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.10.0",
            "18446744073709551616.0.0");
    List<CrateVersion> shuffled = new ArrayList<>(sorted.stream().map(CrateVersion::of).toList());
    Collections.shuffle(shuffled, new java.util.Random(7));
    Collections.sort(shuffled);
    assertThat(shuffled).extracting(CrateVersion::value).containsExactlyElementsOf(sorted);
    assertThat(CrateVersion.of("0.4.45+curl-7.78.0").withoutBuild().value()).isEqualTo("0.4.45");
    assertThatThrownBy(() -> CrateVersion.of("1.0.0-" + "a".repeat(150)))
        .hasMessageContaining("longer than 150");
  }

  @Test
  void packageIdParsesNameAtVersion() {
    assertThat(PackageId.parse("serde_json@1.0.0+x").dirName()).isEqualTo("serde_json-1.0.0+x");
    assertThatThrownBy(() -> PackageId.parse("serde"))
        .hasMessageContaining("expected NAME@VERSION");
    assertThatThrownBy(() -> PackageId.parse("serde@"))
        .hasMessageContaining("expected NAME@VERSION");
  }

  @Test
  void commitIdsAreHexOfGitLengths() {
    assertThat(CommitId.of("A".repeat(40)).hex()).isEqualTo("a".repeat(40));
    assertThat(CommitId.isValid("a".repeat(64))).isTrue();
    assertThat(CommitId.isValid("a".repeat(41))).isFalse();
    assertThat(CommitId.isValid("g".repeat(40))).isFalse();
  }

  @Test
  void blobIdEqualsGitHashObject() {
    // printf 'hello\n' | git hash-object --stdin
    assertThat(BlobId.of("hello\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex())
        .isEqualTo("ce013625030ba8dba906f756967f9e9ca394464a");
    assertThat(BlobId.of(new byte[0]).hex()).isEqualTo("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
  }

  @Test
  void printableEscapesControlCharactersAndCuts() {
    assertThat(InputText.printable("a\nb\u001b[31m")).isEqualTo("a\\u000ab\\u001b[31m");
    assertThat(InputText.printable("x".repeat(500))).hasSize(203);
  }
}
