package dev.cratetrust.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.provenance.ReleaseTagPolicy.Package;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReleaseTagPolicyTest {
  /** The parking_lot repository's packages (folder of each). */
  private static final List<Package> PARKING_LOT =
      List.of(
          new Package("parking_lot", ""),
          new Package("parking_lot_core", "core"),
          new Package("lock_api", "lock_api"));

  /** The curl-rust repository: curl at the root, curl-sys in curl-sys/. */
  private static final List<Package> CURL =
      List.of(new Package("curl", ""), new Package("curl-sys", "curl-sys"));

  private static ReleaseTagPolicy.Verdict judge(
      String name, String version, String folder, String tag, List<Package> packages) {
    return new ReleaseTagPolicy(CrateName.of(name), CrateVersion.of(version), folder)
        .judge(tag, packages, true);
  }

  @ParameterizedTest
  @CsvSource({
    "parking_lot_core, 0.8.5, core, core-0.8.5",
    "parking_lot_core, 0.8.5, core, parking_lot_core-0.8.5",
    "parking_lot, 0.11.2, '', 0.11.2",
    "lock_api, 0.4.5, lock_api, lock_api-0.4.5",
    "curl-sys, 0.4.45+curl-7.78.0, curl-sys, curl-sys-0.4.45",
    "curl, 0.4.38, '', curl-0.4.38",
  })
  void acceptsTagsNamingThisCrate(String name, String version, String folder, String tag) {
    List<Package> repo = name.startsWith("curl") ? CURL : PARKING_LOT;
    assertThat(judge(name, version, folder, tag, repo).style()).as(tag).isPresent();
  }

  @ParameterizedTest
  @CsvSource({
    // a sibling's name
    "parking_lot_core, 0.8.5, core, lock_api-0.8.5, names package 'lock_api' (lock_api)",
    "parking_lot_core, 0.8.5, core, parking_lot-0.8.5, names package 'parking_lot' (repository root)",
    // curl-sys without -sys is the sibling curl
    "curl-sys, 0.4.45, curl-sys, curl-0.4.45, names package 'curl' (repository root)",
    // a part of the name shared with a sibling
    "parking_lot_core, 0.8.5, core, parking-0.8.5, also fits package 'parking_lot'",
    "parking_lot_core, 0.8.5, core, lot-0.8.5, prefix 'lot' fits package 'parking_lot'",
    "parking_lot_core, 0.8.5, core, pl-core-0.8.5, prefix 'pl-core' does not name this crate",
    // names nothing of this crate
    "parking_lot, 0.11.2, '', core-0.11.2, fits package 'parking_lot_core' (core), not this crate",
    "parking_lot, 0.11.2, '', nightly, does not name version 0.11.2",
    "parking_lot, 0.11.2, '', release-candidate, does not name version 0.11.2",
    "parking_lot, 0.11.2, '', other-v0.11.2, prefix 'other' does not name this crate",
  })
  void rejectsTagsNamingAnotherCrateOrNothing(
      String name, String version, String folder, String tag, String why) {
    List<Package> repo = name.startsWith("curl") ? CURL : PARKING_LOT;
    ReleaseTagPolicy.Verdict v = judge(name, version, folder, tag, repo);
    assertThat(v.accepted()).as(tag).isFalse();
    assertThat(v.why()).contains(why);
  }

  @Test
  void deriveIsAcceptedOnlyForTheOneDeriveCrate() {
    List<Package> one = List.of(new Package("foo", ""), new Package("foo-derive", "derive"));
    assertThat(judge("foo-derive", "1.0.0", "derive", "derive-v1.0.0", one).accepted()).isTrue();
    assertThat(judge("foo", "1.0.0", "", "derive-v1.0.0", one).accepted()).isFalse();
    List<Package> two =
        List.of(
            new Package("foo", ""),
            new Package("foo-derive", "foo-derive"),
            new Package("bar-derive", "bar-derive"));
    ReleaseTagPolicy.Verdict v = judge("foo-derive", "1.0.0", "foo-derive", "derive-v1.0.0", two);
    assertThat(v.accepted()).isFalse();
    assertThat(v.why()).contains("also fits package 'bar-derive'");
  }

  @Test
  void packageFolderNameIsAShortenedPrefix() {
    List<Package> hashes = List.of(new Package("md-5", "md5"), new Package("sha2", "sha2"));
    assertThat(judge("md-5", "0.9.1", "md5", "md5-v0.9.1", hashes).accepted()).isTrue();
    List<Package> ws = List.of(new Package("acme-registry", "registry"), new Package("acme", ""));
    assertThat(judge("acme-registry", "1.4.0", "registry", "registry-v1.4.0", ws).accepted())
        .isTrue();
    List<Package> nested = List.of(new Package("foo", "crates/foo"), new Package("bar", ""));
    assertThat(judge("foo", "1.0.0", "crates/foo", "crates/foo/v1.0.0", nested).accepted())
        .isTrue();
    assertThat(judge("bar", "1.0.0", "", "crates/foo/v1.0.0", nested).why())
        .contains("fits package 'foo' (crates/foo), not this crate");
  }

  @Test
  void shortenedPrefixIsRefusedWhenThePackagesCouldNotAllBeRead() {
    ReleaseTagPolicy p =
        new ReleaseTagPolicy(CrateName.of("parking_lot_core"), CrateVersion.of("0.8.5"), "core");
    assertThat(p.needsPackages("core-0.8.5")).isTrue();
    assertThat(p.needsPackages("parking_lot_core-0.8.5")).isFalse();
    assertThat(p.needsPackages("v0.8.5")).isFalse();
    ReleaseTagPolicy.Verdict v = p.judge("core-0.8.5", PARKING_LOT, false);
    assertThat(v.accepted()).isFalse();
    assertThat(v.why()).contains("could not all be read");
  }

  @Test
  void unprefixedVersionTagsNameOnlyTheVersion() {
    for (String tag : List.of("v1.0.0", "1.0.0", "v/1.0.0", "v1/0/0", "release-1.0.0")) {
      assertThat(judge("foo-derive", "1.0.0", "derive", tag, List.of()).accepted())
          .as(tag)
          .isTrue();
    }
    assertThat(judge("foo", "1.0.0", "", "v1.0.1", List.of()).accepted()).isFalse();
  }
}
