package dev.cratetrust.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.crates.CrateVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionReqTest {

  /** Cases from the semver crate's tests/test_version_req.rs and Cargo's documentation. */
  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1.0.0|1.0.0|true",
        "1.0.0|1.0.1|true",
        "1.0.0|2.0.0|false",
        "1.0.0|0.9.9|false",
        "^0.1.0|0.1.4|true",
        "^0.1.0|0.2.0|false",
        "^0.0.3|0.0.3|true",
        "^0.0.3|0.0.4|false",
        "^0.0|0.0.9|true",
        "^0.0|0.1.0|false",
        "^0|0.9.0|true",
        "^1.2|1.9.0|true",
        "^1.2|1.1.9|false",
        "=1.0.0|1.0.0|true",
        "=1.0.0|1.0.1|false",
        "=0.1|0.1.7|true",
        ">= 1.0.0|1.0.0|true",
        ">= 1.0.0|0.9.0|false",
        ">1.0.0|1.0.0|false",
        ">1.0.0|1.0.1|true",
        ">1|1.9.0|false",
        ">1|2.0.0|true",
        "<1.0.0|0.9.9|true",
        "<1.0.0|1.0.0|false",
        "<=2.1.0|2.1.0|true",
        "<= 1.2|1.2.9|true",
        "~1.2.3|1.2.9|true",
        "~1.2.3|1.3.0|false",
        "~1.2.3|1.2.2|false",
        "~1|1.9.0|true",
        "~1|2.0.0|false",
        "*|7.0.0|true",
        "1.*|1.4.0|true",
        "1.*|2.0.0|false",
        "1.2.*|1.2.7|true",
        "1.2.x|1.3.0|false",
        ">= 0.12.3, < 0.13.0|0.12.9|true",
        ">= 0.12.3, < 0.13.0|0.13.0|false",
        // pre-release gate: only comparators naming the same x.y.z with a pre-release admit one
        ">= 1.0.0-alpha.1|1.0.0-alpha.2|true",
        ">= 1.0.0-alpha.1|1.0.0|true",
        ">= 1.0.0-alpha.1|1.0.1-alpha.1|false",
        ">= 1.0.0|1.0.1-alpha.1|false",
        "*|1.0.0-rc.1|false",
        "^1.2.3-beta.2|1.2.3-beta.4|true",
        "^1.2.3-beta.2|1.2.3-beta.1|false",
        "^1.2.3-beta.2|1.3.0|true",
        "<1.2.3-rc.1|1.2.3-beta|true",
        "1.0.0|1.0.0+build.5|true",
      })
  void matchesLikeCargo(String req, String version, boolean expected) {
    assertThat(VersionReq.parse(req).matches(CrateVersion.of(version))).isEqualTo(expected);
  }

  /** The interval reading RustSec's OSV export uses: pre-releases inside a range count. */
  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        ">= 1.0.0|1.0.1-alpha.1|true",
        ">= 1.0.0|1.0.0-alpha.1|false",
        ">= 1.0.0-alpha.1|1.0.0-alpha.1|true",
        "< 0.12|0.12.0-rc.1|true",
        "< 0.12|0.12.0|false",
        "^1.2.3|2.0.0-alpha|false",
        "^1.2.3|1.9.0-beta|true",
        "^0.2.3|0.3.0|false",
        "^0.0.3|0.0.4-0|false",
        "~1.2|1.2.99|true",
        "~1.2|1.3.0-pre|false",
        "> 1.2.3|1.2.4-0|true",
        "> 1.2.3|1.2.3|false",
        "> 1|1.9.9|false",
        "> 1|2.0.0|true",
        "<= 1.2|1.2.7|true",
        "<= 1.2.3|1.2.3|true",
        "=1.2.3|1.2.3+meta|true",
        "1.2.*|1.2.0|true",
        "1.2.*|1.3.0|false",
        ">= 0.12.3, < 0.13.0|0.13.0-alpha|true",
      })
  void containsLikeRustSec(String req, String version, boolean expected) {
    assertThat(VersionReq.parse(req).contains(CrateVersion.of(version))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "a.b.c", ">=", "1.2.3.4", ">= 01.2.3", "1.*.3", ">=1.*", "1,,2"})
  void rejectsMalformed(String req) {
    assertThatThrownBy(() -> VersionReq.parse(req))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid version requirement '" + req + "'");
  }

  @org.junit.jupiter.api.Test
  void rejectsOverlongRequirement() {
    assertThatThrownBy(() -> VersionReq.parse(">=1.0.0, ".repeat(200) + "<2"))
        .hasMessageContaining("longer than 1000 characters");
  }
}
