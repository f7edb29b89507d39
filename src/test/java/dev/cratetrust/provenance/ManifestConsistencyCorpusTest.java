package dev.cratetrust.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.testing.DebianCrates;
import dev.cratetrust.testing.TestCrateCommands;
import dev.cratetrust.testing.TestCrateTarball;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No false positives on real manifests: every Debian-packaged crate's {@code Cargo.toml} (real
 * crates' manifests, with Debian's edits) is packaged again by the real {@code cargo package}, and
 * the normalized manifest cargo writes must be consistent with the one it read.
 *
 * <p>This checks how real dependency tables, features, targets and build scripts are read and
 * compared; it does not check the authors' original manifests, which Debian does not ship.
 */
class ManifestConsistencyCorpusTest {
  @Test
  void cargoNormalizationOfRealManifestsIsConsistent(@TempDir Path tmp) throws Exception {
    DebianCrates debian = DebianCrates.ensure(DebianCrates.DEFAULT_DEST);
    TestCrateCommands cmd = new TestCrateCommands(tmp.resolve("home-dir"));
    List<String> compared = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    List<String> inconsistent = new ArrayList<>();
    for (DebianCrates.DebianCrate c : debian.list()) {
      Path copy = tmp.resolve("src").resolve(c.dir().getFileName().toString());
      copyTree(c.dir(), copy);
      Files.deleteIfExists(copy.resolve(".cargo-checksum.json"));
      Path target = tmp.resolve("target").resolve(c.dir().getFileName().toString());
      try {
        cmd.cargo(
            copy,
            tmp.resolve("cargo-home"),
            target,
            "package",
            "--offline",
            "--no-verify",
            "--exclude-lockfile",
            "--allow-dirty",
            "-q");
      } catch (IllegalStateException e) {
        // e.g. a readme outside the folder Debian did not ship: cargo refuses to package it
        refused.add(c.name());
        continue;
      }
      Path crate;
      try (Stream<Path> s = Files.list(target.resolve("package"))) {
        crate = s.filter(p -> p.toString().endsWith(".crate")).findFirst().orElseThrow();
      }
      Map<String, byte[]> entries = TestCrateTarball.entries(Files.readAllBytes(crate));
      String prefix = crate.getFileName().toString().replaceAll("\\.crate$", "") + "/";
      CargoManifest orig = CargoManifest.parse(entries.get(prefix + "Cargo.toml.orig"));
      CargoManifest normalized = CargoManifest.parse(entries.get(prefix + "Cargo.toml"));
      List<String> d =
          ManifestConsistency.differences(
              orig, ManifestConsistency.ORIG, normalized, p -> entries.containsKey(prefix + p));
      compared.add(c.name());
      if (!d.isEmpty()) {
        inconsistent.add(c.name() + ": " + d);
      }
    }
    assertThat(inconsistent).isEmpty();
    assertThat(compared).as("refused: " + refused).hasSizeGreaterThan(100);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (!Files.exists(p)) {
          continue; // a link to a file of another Debian package
        }
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
