package dev.cratetrust.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.Parsers;
import dev.cratetrust.testing.DebianCrates.DebianCrate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Reads the Debian-packaged crate corpus, downloading it first on a fresh machine. */
class DebianCratesTest {

  @Test
  void corpusHasAtLeastAHundredCratesWithManifestsAndMostlyVcsInfo() throws IOException {
    List<DebianCrate> crates = DebianCrates.ensure(DebianCrates.DEFAULT_DEST).list();

    assertThat(crates).hasSizeGreaterThanOrEqualTo(100);
    int withVcs = 0;
    int withGit = 0;
    int withSubdir = 0;
    int withSha = 0;
    for (DebianCrate c : crates) {
      assertThat(c.manifest()).as(c.dir().toString()).isRegularFile();
      var pkg = Parsers.toml().readTree(Files.readString(c.manifest())).get("package");
      assertThat(pkg.get("name").asString()).as(c.dir().toString()).isEqualTo(c.name());
      assertThat(pkg.get("version").asString()).as(c.dir().toString()).isEqualTo(c.version());
      assertThat(c.packageSha256()).as(c.name()).matches("|[0-9a-f]{64}");
      if (!c.packageSha256().isEmpty()) {
        withSha++;
      }
      if (c.hasVcsInfo()) {
        withVcs++;
        JsonNode info = Parsers.json().readTree(Files.readString(c.vcsInfo()));
        JsonNode sha = info.path("git").path("sha1");
        if (sha.isString()) {
          assertThat(sha.asString()).as(c.name()).matches("[0-9a-f]{40}");
          withGit++;
        }
        JsonNode path = info.path("path_in_vcs");
        if (path.isString() && !path.asString().isEmpty()) {
          withSubdir++;
        }
      }
    }
    System.out.printf(
        "Debian crates: %d dirs, %d with .cargo_vcs_info.json (%d git), %d with non-empty"
            + " path_in_vcs, %d with the .crate sha256%n",
        crates.size(), withVcs, withGit, withSubdir, withSha);
    assertThat(withVcs).isGreaterThan(crates.size() / 2);
    assertThat(withSubdir).isPositive();
    assertThat(withSha).isPositive();
    assertThat(crates)
        .filteredOn(c -> !c.dir().getFileName().toString().equals(c.name() + "-" + c.version()))
        .extracting(DebianCrate::version)
        .as("only build metadata is missing from dir names")
        .isNotEmpty()
        .allMatch(v -> v.contains("+"));
  }

  @Test
  void findsCratesByNameIncludingBuildScriptsAndProcMacros() {
    DebianCrates debian = DebianCrates.ensure(DebianCrates.DEFAULT_DEST);

    DebianCrate libc = debian.find("libc").orElseThrow();
    assertThat(libc.dir().resolve("build.rs")).isRegularFile();
    DebianCrate derive = debian.find("serde_derive").orElseThrow();
    assertThat(derive.dir().getFileName().toString()).isEqualTo("serde_derive-" + derive.version());
    assertThat(debian.find("no-such-crate")).isEmpty();
  }

  @Test
  void parsesNamesWithDashesAndSkipsOtherDirs(@TempDir Path tmp) throws IOException {
    Path registry = tmp.resolve("usr/share/cargo/registry");
    Files.createDirectories(registry.resolve("sha-1-0.10.0"));
    Files.createDirectories(registry.resolve("futures-core-0.3.0-alpha.1"));
    Files.createDirectories(registry.resolve("not a crate"));
    Files.writeString(
        registry.resolve("sha-1-0.10.0/.cargo-checksum.json"),
        "{\"package\":\"" + "ab".repeat(32) + "\",\"files\":{}}");

    List<DebianCrate> crates = DebianCrates.at(tmp).list();

    assertThat(crates)
        .extracting(DebianCrate::name, DebianCrate::version, DebianCrate::packageSha256)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("futures-core", "0.3.0-alpha.1", ""),
            org.assertj.core.groups.Tuple.tuple("sha-1", "0.10.0", "ab".repeat(32)));
  }

  @Test
  void scriptSkipsUnknownNamesAndIsIdempotent(@TempDir Path tmp) {
    Path dest = tmp.resolve("debian");
    String first = DebianCrates.download(dest, List.of("either", "no_such_crate_xyz"));

    assertThat(first)
        .contains("no Debian package for crate 'no_such_crate_xyz'")
        .contains("2 requested, 1 unpacked now, 0 already present, 1 not packaged by Debian");
    DebianCrate either = DebianCrates.at(dest).find("either").orElseThrow();
    assertThat(either.manifest()).isRegularFile();
    assertThat(either.dir()).startsWith(tmp);

    String second = DebianCrates.download(dest, List.of("either"));
    assertThat(second).contains("1 requested, 0 unpacked now, 1 already present");
    assertThat(DebianCrates.at(dest).list()).containsExactly(either);
  }

  @Test
  void emptyDestListsNothingWithoutDownloading(@TempDir Path tmp) {
    assertThat(DebianCrates.at(tmp.resolve("none")).list()).isEmpty();
    assertThat(tmp.resolve("none")).doesNotExist();
  }
}
