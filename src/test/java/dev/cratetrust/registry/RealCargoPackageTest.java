package dev.cratetrust.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.VcsInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads a {@code .crate} made by the installed {@code cargo package}, offline. */
class RealCargoPackageTest {
  @TempDir Path temp;

  static Optional<Path> cargo() {
    List<Path> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      candidates.add(Path.of(dir, "cargo"));
    }
    candidates.add(Path.of(System.getProperty("user.home"), ".cargo", "bin", "cargo"));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  static String run(Path dir, Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
    return out.trim();
  }

  @Test
  void readsCrateMadeByCargoPackage() throws Exception {
    Optional<Path> cargo = cargo();
    assertThat(cargo).as("cargo is required, as .ci/run checks").isPresent();
    Path project = Files.createDirectory(temp.resolve("tiny"));
    Map<String, String> env =
        Map.of(
            "CARGO_HOME", temp.resolve("cargo-home").toString(),
            "GIT_AUTHOR_NAME", "t",
            "GIT_AUTHOR_EMAIL", "t@example.org",
            "GIT_COMMITTER_NAME", "t",
            "GIT_COMMITTER_EMAIL", "t@example.org",
            "GIT_CONFIG_GLOBAL", "/dev/null");
    run(project, env, cargo.get().toString(), "init", "--lib", "--vcs", "git", "--name", "tiny");
    String longDir = "data/" + "d".repeat(90);
    Files.createDirectories(project.resolve(longDir));
    Files.writeString(project.resolve(longDir + "/" + "f".repeat(40) + ".txt"), "long\n");
    Path script = project.resolve("run.sh");
    Files.writeString(script, "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    run(project, env, "git", "add", "-A");
    run(project, env, "git", "commit", "-q", "-m", "init");
    run(
        project,
        env,
        cargo.get().toString(),
        "package",
        "--offline",
        "--no-verify",
        "--allow-dirty",
        "--quiet");
    Path crate = project.resolve("target/package/tiny-0.1.0.crate");

    CrateContents c;
    try (InputStream in = Files.newInputStream(crate)) {
      c =
          CrateArchiveReader.read(
              in,
              crate.getFileName().toString(),
              Optional.of(PackageId.of("tiny", "0.1.0")),
              ArchiveLimits.defaults());
    }

    assertThat(c.byPath())
        .containsKeys(
            ".cargo_vcs_info.json", "Cargo.toml", "Cargo.toml.orig", "src/lib.rs", "run.sh");
    assertThat(c.file("run.sh").orElseThrow().executable()).isTrue();
    assertThat(c.file("src/lib.rs").orElseThrow().executable()).isFalse();
    for (String source :
        List.of("src/lib.rs", "run.sh", ".gitignore", longDir + "/" + "f".repeat(40) + ".txt")) {
      CrateFile f = c.file(source).orElseThrow();
      assertThat(f.blobId().hex())
          .as(source)
          .isEqualTo(run(project, env, "git", "hash-object", source));
    }
    assertThat(c.file("Cargo.toml.orig").orElseThrow().blobId().hex())
        .isEqualTo(run(project, env, "git", "hash-object", "Cargo.toml"));
    String head = run(project, env, "git", "rev-parse", "HEAD");
    VcsInfo vcs = VcsInfo.parse(c.file(".cargo_vcs_info.json").orElseThrow().content());
    assertThat(vcs)
        .isInstanceOfSatisfying(VcsInfo.Git.class, g -> assertThat(g.sha1().hex()).isEqualTo(head));
  }
}
