package dev.cratetrust.testing;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.Parsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Real crate sources as Debian packages them ({@code librust-*-dev}), unpacked by {@code
 * scripts/debian-crates.sh} into {@code <dest>/usr/share/cargo/registry/<name>-<version>/}.
 *
 * <p>These are the files of the published {@code .crate} except that Debian may rewrite {@code
 * Cargo.toml} and drop files, so they are a corpus of real layouts and vcs info, not a way to
 * rebuild the original {@code .crate} bytes; {@link DebianCrate#packageSha256()} is the SHA-256 of
 * the original {@code .crate} as Debian recorded it.
 */
public final class DebianCrates {
  /** Where the script unpacks by default, relative to the project root. */
  public static final Path DEFAULT_DEST = Path.of("target", "debian-crates");

  private static final Path SCRIPT = Path.of("scripts", "debian-crates.sh");
  private static final long SCRIPT_TIMEOUT_MINUTES = 15;

  private final Path dest;

  private DebianCrates(Path dest) {
    this.dest = dest.toAbsolutePath();
  }

  /**
   * One unpacked crate.
   *
   * @param version the manifest's version, which keeps build metadata the dir name drops
   * @param packageSha256 the {@code package} field of Debian's {@code .cargo-checksum.json} (the
   *     SHA-256 of the upstream {@code .crate}), or empty when absent or not a hash (Debian writes
   *     "Could not get crate checksum" for about half of bookworm's crates)
   */
  public record DebianCrate(String name, String version, Path dir, String packageSha256) {
    public Path manifest() {
      return dir.resolve("Cargo.toml");
    }

    /** {@code .cargo_vcs_info.json}; may not exist (older crates, or not published from git). */
    public Path vcsInfo() {
      return dir.resolve(".cargo_vcs_info.json");
    }

    public boolean hasVcsInfo() {
      return Files.isRegularFile(vcsInfo());
    }
  }

  /** The crates already unpacked under {@code dest}; downloads nothing. */
  public static DebianCrates at(Path dest) {
    return new DebianCrates(dest);
  }

  /**
   * The crates under {@code dest}, first running {@code scripts/debian-crates.sh dest} (apt-get
   * download, a couple of minutes) when none are there.
   *
   * @throws IllegalStateException if the script is missing, apt is unavailable or the script fails
   */
  public static DebianCrates ensure(Path dest) {
    DebianCrates crates = new DebianCrates(dest);
    if (crates.list().isEmpty()) {
      String output = download(dest, List.of());
      if (crates.list().isEmpty()) {
        throw new IllegalStateException(
            "prepare Debian crates in " + crates.dest + ": script unpacked nothing: " + output);
      }
    }
    return crates;
  }

  public Path dest() {
    return dest;
  }

  /** {@code <dest>/usr/share/cargo/registry}: usable as a cargo {@code directory} source. */
  public Path registry() {
    return dest.resolve("usr/share/cargo/registry");
  }

  /** Every unpacked crate dir whose name parses as {@code <name>-<version>}, sorted by dir name. */
  public List<DebianCrate> list() {
    Path registry = registry();
    if (!Files.isDirectory(registry)) {
      return List.of();
    }
    List<DebianCrate> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(registry)) {
      for (Path dir : dirs.sorted(Comparator.comparing(Path::toString)).toList()) {
        if (Files.isDirectory(dir)) {
          parse(dir).ifPresent(out::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("list Debian crates in " + registry, e);
    }
    return out;
  }

  /** The unpacked crate of that exact name, if any (the newest when several versions exist). */
  public Optional<DebianCrate> find(String name) {
    return list().stream()
        .filter(c -> c.name().equals(name))
        .max(Comparator.comparing(c -> CrateVersion.of(c.version())));
  }

  private static Optional<DebianCrate> parse(Path dir) {
    String base = dir.getFileName().toString();
    for (int i = base.indexOf('-'); i > 0; i = base.indexOf('-', i + 1)) {
      String name = base.substring(0, i);
      String version = base.substring(i + 1);
      if (CrateName.problem(name) == null && CrateVersion.isValid(version)) {
        return Optional.of(
            new DebianCrate(name, manifestVersion(dir, version), dir, checksum(dir)));
      }
    }
    return Optional.empty();
  }

  /** Debian's dir names drop build metadata ({@code zstd-0.12.1} is {@code 0.12.1+zstd.1.5.2}). */
  private static String manifestVersion(Path dir, String fromDirName) {
    Path manifest = dir.resolve("Cargo.toml");
    if (!Files.isRegularFile(manifest)) {
      return fromDirName;
    }
    try {
      JsonNode version =
          Parsers.toml()
              .readTree(Files.readString(manifest, StandardCharsets.UTF_8))
              .path("package")
              .path("version");
      return version.isString()
              && CrateVersion.isValid(version.asString())
              && CrateVersion.of(version.asString()).withoutBuild().value().equals(fromDirName)
          ? version.asString()
          : fromDirName;
    } catch (IOException e) {
      throw new UncheckedIOException("read " + manifest, e);
    } catch (JacksonException e) {
      return fromDirName;
    }
  }

  private static String checksum(Path dir) {
    Path file = dir.resolve(".cargo-checksum.json");
    if (!Files.isRegularFile(file)) {
      return "";
    }
    try {
      JsonNode pkg =
          Parsers.json().readTree(Files.readString(file, StandardCharsets.UTF_8)).get("package");
      return pkg != null && pkg.isString() && pkg.asString().matches("[0-9a-f]{64}")
          ? pkg.asString()
          : "";
    } catch (IOException e) {
      throw new UncheckedIOException("read " + file, e);
    }
  }

  /**
   * Runs {@code scripts/debian-crates.sh dest [crates...]} (the script's built-in list when {@code
   * crates} is empty) and returns its output; crates Debian does not package are reported in the
   * output and skipped.
   *
   * @throws IllegalStateException if the script is missing, apt is unavailable or the script fails
   */
  public static String download(Path dest, List<String> crates) {
    Path target = dest.toAbsolutePath();
    Path script = SCRIPT.toAbsolutePath();
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException(
          "prepare Debian crates in "
              + target
              + ": "
              + script
              + " not found (run from the project root)");
    }
    for (String tool : List.of("apt-get", "apt-cache", "dpkg-deb")) {
      if (!onPath(tool)) {
        throw new IllegalStateException(
            "prepare Debian crates in "
                + target
                + ": '"
                + tool
                + "' not found; the corpus needs a Debian-based machine with apt");
      }
    }
    List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), target.toString()));
    cmd.addAll(crates);
    try {
      Files.createDirectories(target);
      Path log = Files.createTempFile(target, "debian-crates", ".log");
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      if (!p.waitFor(SCRIPT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "prepare Debian crates in " + target + ": script timed out; see " + log);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8).strip();
      Files.delete(log);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "prepare Debian crates in "
                + target
                + ": script exit "
                + p.exitValue()
                + ": "
                + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("prepare Debian crates in " + target, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("prepare Debian crates in " + target + ": interrupted", e);
    }
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
