package dev.cratetrust.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.git.UrlRewrites.InvalidRewriteException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlRewritesTest {

  @Test
  void longestMatchingPrefixWins() throws Exception {
    var r =
        UrlRewrites.parse(
            List.of(
                "https://github.com/=https://mirror.example.org/gh/",
                "https://github.com/rust-lang/=/srv/git/rust-lang/",
                "https://gitlab.com/=https://gl.example.org/"));
    assertThat(r.rewrite("https://github.com/rust-lang/cargo"))
        .contains("/srv/git/rust-lang/cargo");
    assertThat(r.rewrite("https://github.com/serde-rs/serde"))
        .contains("https://mirror.example.org/gh/serde-rs/serde");
    assertThat(r.rewrite("https://codeberg.org/a/b")).isEqualTo(Optional.empty());
    assertThat(UrlRewrites.none().rewrite("https://github.com/a/b")).isEmpty();
  }

  @Test
  void toMayContainEquals() throws Exception {
    var r = UrlRewrites.parse(List.of("https://a.example/=https://b.example/?x=1&p="));
    assertThat(r.rewrite("https://a.example/repo")).contains("https://b.example/?x=1&p=repo");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "https://github.com/|no '='",
        "=/srv/git/|FROM is empty",
        "https://github.com/=|TO is empty",
        "https://github.com/=--upload-pack=x|TO starts with '-'",
        "\"   \"|empty",
      })
  void badSpecsNameTheSpecAndReason(String spec, String why) {
    assertThatThrownBy(() -> UrlRewrites.parse(List.of(spec)))
        .isInstanceOf(InvalidRewriteException.class)
        .hasMessageContaining("git rewrite '" + spec.strip())
        .hasMessageContaining(why);
  }

  @Test
  void conflictingDuplicateIsRejected() {
    assertThatThrownBy(() -> UrlRewrites.parse(List.of("https://a/=/x/", "https://a/=/y/")))
        .isInstanceOf(InvalidRewriteException.class)
        .hasMessageContaining("already rewritten to '/x/'");
  }

  @Test
  void controlCharactersAreRejectedAndEscaped() {
    assertThatThrownBy(() -> UrlRewrites.parse(List.of("https://a/=/x\n/")))
        .hasMessageContaining("control characters")
        .hasMessageContaining("\\u000a");
  }
}
