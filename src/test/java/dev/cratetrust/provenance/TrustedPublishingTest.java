package dev.cratetrust.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The trusted-publishing repository must be the repository link's host and whole path. */
class TrustedPublishingTest {
  static final TrustedPublishing GITHUB =
      new TrustedPublishing("github", "owner/demo", Optional.empty());
  static final TrustedPublishing GITLAB =
      new TrustedPublishing("gitlab", "group/sub/proj", Optional.empty());

  @Test
  void sameRepositoryWrittenDifferentlyMatches() {
    assertThat(GITHUB.matchesLink("https://github.com/owner/demo")).isTrue();
    assertThat(GITHUB.matchesLink("https://github.com/Owner/Demo.git/")).isTrue();
    assertThat(GITHUB.matchesLink("https://www.github.com/owner/demo/")).isTrue();
    assertThat(GITHUB.matchesLink("https://github.com/owner/demo/tree/main/crates/x")).isTrue();
    assertThat(GITLAB.matchesLink("https://gitlab.com/group/sub/proj")).isTrue();
    assertThat(GITLAB.matchesLink("https://gitlab.com/group/sub/proj/-/tree/main")).isTrue();
  }

  @Test
  void anotherHostWithTheSamePathDoesNotMatch() {
    assertThat(GITHUB.matchesLink("https://evil.example/owner/demo")).isFalse();
    assertThat(GITHUB.matchesLink("https://github.com.evil.example/owner/demo")).isFalse();
    assertThat(GITLAB.matchesLink("https://github.com/group/sub/proj")).isFalse();
  }

  @Test
  void aPathThatOnlyEndsOrContainsTheRepositoryDoesNotMatch() {
    assertThat(GITHUB.matchesLink("https://github.com/attacker/owner/demo")).isFalse();
    assertThat(GITHUB.matchesLink("https://github.com/owner/demo/owner/demo")).isFalse();
    assertThat(GITHUB.matchesLink("https://github.com/owner/demo-fork")).isFalse();
    assertThat(GITLAB.matchesLink("https://gitlab.com/other/group/sub/proj")).isFalse();
    assertThat(GITLAB.matchesLink("https://gitlab.com/sub/proj")).isFalse();
    assertThat(GITHUB.matchesLink("owner/demo")).isFalse();
  }
}
