package dev.cratetrust.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code git} and {@code cargo} command-line tools for test fixtures, isolated from
 * the user's configuration and with fixed identities and dates so commit ids are reproducible.
 */
public final class TestCrateCommands {
  /** The author and committer date of a fixture's first commit; later commits add one hour each. */
  public static final Instant FIRST_COMMIT_TIME = Instant.parse("2024-01-01T00:00:00Z");

  private static final long TIMEOUT_SECONDS = 120;

  private final Path home;
  private int commits;

  /**
   * @param home a directory inside the test's temp dir used as {@code HOME}, {@code CARGO_HOME}
   *     parent and git config isolation
   */
  public TestCrateCommands(Path home) {
    this.home = home;
  }

  /** Runs {@code git args...} in {@code dir}; returns stdout trimmed; fails with stderr. */
  public String git(Path dir, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(List.of(args));
    return run(dir, cmd, Map.of());
  }

  /**
   * Runs {@code git} with the next fixed commit date in author, committer and tagger fields, for
   * {@code commit} and {@code tag -a}.
   */
  public String gitDated(Path dir, String... args) {
    String date = FIRST_COMMIT_TIME.plusSeconds(3600L * commits++).getEpochSecond() + " +0000";
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(List.of(args));
    return run(dir, cmd, Map.of("GIT_AUTHOR_DATE", date, "GIT_COMMITTER_DATE", date));
  }

  /** True when {@code command} exits 0 in {@code dir}. */
  public boolean succeeds(Path dir, String... command) {
    try {
      run(dir, List.of(command), Map.of());
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /** Runs cargo with {@code CARGO_HOME} and {@code CARGO_TARGET_DIR} in the temp dir, offline. */
  public String cargo(Path dir, Path cargoHome, Path targetDir, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(cargoExecutable());
    cmd.addAll(List.of(args));
    return run(
        dir,
        cmd,
        Map.of(
            "CARGO_HOME",
            cargoHome.toString(),
            "CARGO_TARGET_DIR",
            targetDir.toString(),
            "CARGO_NET_OFFLINE",
            "true",
            "CARGO_TERM_COLOR",
            "never"));
  }

  /** The cargo binary: {@code cargo} on PATH, else rustup's default location. */
  public static String cargoExecutable() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "cargo"))) {
          return Path.of(dir, "cargo").toString();
        }
      }
    }
    Path rustup = Path.of(System.getProperty("user.home"), ".cargo", "bin", "cargo");
    if (Files.isExecutable(rustup)) {
      return rustup.toString();
    }
    throw new IllegalStateException(
        "build test crate: cargo not found on PATH or in ~/.cargo/bin; the crate fixtures need it");
  }

  private String run(Path dir, List<String> cmd, Map<String, String> extraEnv) {
    try {
      Files.createDirectories(home);
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
      Map<String, String> env = pb.environment();
      env.keySet().removeIf(k -> k.startsWith("GIT_") || k.startsWith("CARGO_"));
      env.put("GIT_CONFIG_GLOBAL", home.resolve("gitconfig").toString());
      env.put("GIT_CONFIG_NOSYSTEM", "1");
      env.put("GIT_TERMINAL_PROMPT", "0");
      env.put("GIT_AUTHOR_NAME", "Fixture Author");
      env.put("GIT_AUTHOR_EMAIL", "author@example.invalid");
      env.put("GIT_COMMITTER_NAME", "Fixture Committer");
      env.put("GIT_COMMITTER_EMAIL", "committer@example.invalid");
      env.put("GIT_AUTHOR_DATE", FIRST_COMMIT_TIME.getEpochSecond() + " +0000");
      env.put("GIT_COMMITTER_DATE", FIRST_COMMIT_TIME.getEpochSecond() + " +0000");
      if (System.getenv("RUSTUP_HOME") == null) {
        env.put("RUSTUP_HOME", Path.of(System.getProperty("user.home"), ".rustup").toString());
      }
      env.putAll(extraEnv);
      Path err = Files.createTempFile(home, "stderr", ".txt");
      pb.redirectError(err.toFile());
      pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("run " + String.join(" ", cmd) + ": timed out");
      }
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      Files.delete(err);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "run "
                + String.join(" ", cmd)
                + " in "
                + dir
                + ": exit "
                + p.exitValue()
                + ": "
                + stderr.strip());
      }
      return new String(out, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("run " + String.join(" ", cmd) + " in " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("run " + String.join(" ", cmd) + ": interrupted", e);
    }
  }
}
