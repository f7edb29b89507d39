package dev.cratetrust.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.signals.LookAlikeNames.Resemblance;
import java.util.List;
import org.junit.jupiter.api.Test;

class LookAlikeNamesTest {
  private final LookAlikeNames names =
      new LookAlikeNames(
          List.of(
              "serde",
              "serde_json",
              "serde_derive",
              "tokio",
              "log",
              "memchr",
              "reqwest",
              "proc-macro2",
              "rand",
              "rand_core",
              "clap",
              "libc",
              "regex",
              "once_cell",
              "sha1",
              "sha2"));

  private Resemblance how(String name) {
    return names.match(name).orElseThrow(() -> new AssertionError(name)).how();
  }

  private String popular(String name) {
    return names.match(name).orElseThrow(() -> new AssertionError(name)).popular();
  }

  @Test
  void popularAndDistinctNamesAreNotLookAlikes() {
    for (String n :
        List.of(
            "serde",
            "serde_json",
            "serde-json",
            "Serde_Json",
            "serde_yaml",
            "tokio-util",
            "rand_chacha",
            "sha3",
            "log4rs",
            "clapper",
            "lo",
            "regex-syntax",
            "hyper")) {
      assertThat(names.match(n)).as(n).isEmpty();
    }
  }

  @Test
  void separatorsConfusablesReorderingAffixesAndEdits() {
    assertThat(how("serdejson")).isEqualTo(Resemblance.SEPARATORS);
    assertThat(popular("serdejson")).isEqualTo("serde_json");
    assertThat(how("1og")).isEqualTo(Resemblance.CONFUSABLE);
    assertThat(how("rnemchr")).isEqualTo(Resemblance.CONFUSABLE);
    assertThat(how("0nce_cell")).isEqualTo(Resemblance.CONFUSABLE);
    assertThat(how("json_serde")).isEqualTo(Resemblance.REORDERED);
    assertThat(how("tokio-rs")).isEqualTo(Resemblance.AFFIX);
    assertThat(how("rust-regex")).isEqualTo(Resemblance.AFFIX);
    assertThat(how("reqwets")).isEqualTo(Resemblance.EDIT);
    assertThat(names.match("proc-macro3").orElseThrow().distance()).isEqualTo(1);
    assertThat(popular("serde_derve")).isEqualTo("serde_derive");
  }

  @Test
  void shortNamesNeedMoreThanOneEdit() {
    assertThat(names.match("lag")).isEmpty();
    assertThat(names.match("rank")).isEmpty();
    assertThat(how("tokoi")).isEqualTo(Resemblance.EDIT);
  }

  @Test
  void distanceIsOptimalStringAlignment() {
    assertThat(LookAlikeNames.damerauLevenshtein("abcd", "abdc", 5)).isEqualTo(1);
    assertThat(LookAlikeNames.damerauLevenshtein("kitten", "sitting", 5)).isEqualTo(3);
    assertThat(LookAlikeNames.damerauLevenshtein("aaaaaaaa", "bbbbbbbb", 2)).isEqualTo(3);
  }
}
