package dev.cratetrust.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReleaseTagsTest {
  @ParameterizedTest
  @CsvSource({
    "serde, 1.0.152, v1.0.152",
    "serde, 1.0.152, 1.0.152",
    "rand_core, 0.6.3, rand_core-0.6.3",
    "utf8parse, 0.2.1, utf8parse_v0.2.1",
    "tokio-util, 0.7.0, tokio-util-v0.7.0",
    "foo, 1.0.0, foo/v1.0.0",
    "foo, 1.0.0, foo@1.0.0",
    "rustls, 0.20.0-beta2, v/0.20.0-beta2",
    "bitvec, 0.22.3, v0/22/3",
    "parking_lot_core, 0.8.5, core-0.8.5",
    "md-5, 0.9.1, md5-v0.9.1",
    "vcpkg, 0.2.15, vcpkg-rs-0.2.15",
    "curl-sys, 0.4.45+curl-7.78.0, curl-sys-0.4.45",
    "wasi, 0.10.2+wasi-snapshot-preview1, 0.10.2",
    "Foo, 1.0.0, FOO-V1.0.0",
  })
  void recognisesStyle(String name, String version, String tag) {
    assertThat(ReleaseTags.styleOf(tag, CrateName.of(name), CrateVersion.of(version))).isPresent();
  }

  @ParameterizedTest
  @CsvSource({
    "serde, 1.0.152, v1.0.15",
    "serde, 1.0.152, serde_json-v1.0.152",
    "foo, 1.0.0, 1.0.0-rc1",
    "foo, 1.0.0-rc1, 1.0.0",
    "tokio, 0.2.0, tokio-0.2.0-alpha.1",
  })
  void rejectsOtherVersionsAndCrates(String name, String version, String tag) {
    assertThat(ReleaseTags.styleOf(tag, CrateName.of(name), CrateVersion.of(version))).isEmpty();
  }
}
