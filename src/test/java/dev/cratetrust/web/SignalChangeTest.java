package dev.cratetrust.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.signals.Evidence;
import dev.cratetrust.signals.Severity;
import dev.cratetrust.signals.Signal;
import dev.cratetrust.web.SignalChange.Group;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Groups the fixtures do not reach: owners, dependencies, proc-macros. */
class SignalChangeTest {
  private static Signal s(String code) {
    return Signal.of(code, Severity.NOTICE, "message of " + code, Evidence.ofField("f", "v"));
  }

  @Test
  void codesFallIntoTheGroupsAReviewerLooksAtFirst() {
    assertThat(Group.of("build-script-network")).isEqualTo(Group.NETWORK);
    assertThat(Group.of("proc-macro-network")).isEqualTo(Group.NETWORK);
    assertThat(Group.of("build-script-added")).isEqualTo(Group.BUILD_SCRIPT);
    assertThat(Group.of("proc-macro-spawns-shell")).isEqualTo(Group.PROC_MACRO);
    assertThat(Group.of("binary-executable")).isEqualTo(Group.OPAQUE_FILES);
    assertThat(Group.of("encoded-blob")).isEqualTo(Group.OPAQUE_FILES);
    assertThat(Group.of("dependency-recently-created")).isEqualTo(Group.DEPENDENCIES);
    assertThat(Group.of("owners-added")).isEqualTo(Group.OWNERS);
    assertThat(Group.of("new-publisher")).isEqualTo(Group.OWNERS);
    assertThat(Group.of("trusted-publishing-dropped")).isEqualTo(Group.OWNERS);
    assertThat(Group.of("provenance-dirty")).isEqualTo(Group.PROVENANCE);
    assertThat(Group.of("version-yanked")).isEqualTo(Group.OTHER);
  }

  @Test
  void appearedAndWentAwayCompareCodes() {
    SignalChange c =
        SignalChange.between(
            List.of(s("build-script"), s("binary-file")),
            List.of(s("build-script"), s("owners-added"), s("dependency-look-alike")));
    assertThat(c.appeared())
        .extracting(Signal::code)
        .containsExactly("owners-added", "dependency-look-alike");
    assertThat(c.wentAway()).extracting(Signal::code).containsExactly("binary-file");
    assertThat(c.appearedByGroup().keySet()).containsExactly(Group.DEPENDENCIES, Group.OWNERS);
    assertThat(SignalChange.between(List.of(s("a-b")), List.of(s("a-b"))).isEmpty()).isTrue();
  }
}
