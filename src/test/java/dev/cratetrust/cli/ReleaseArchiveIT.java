package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.testing.TestCrateCommands;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive Maven builds ({@code target/cratetrust-VERSION.tar.gz}), unpacked outside the
 * source tree and run as a user would: {@code bin/cratetrust} and, through cargo's
 * external-subcommand convention, {@code cargo cratetrust}. Runs after {@code package} (failsafe).
 */
class ReleaseArchiveIT {
  @TempDir Path tmp;

  record Run(int code, String out) {}

  private static Run run(Path dir, Map<String, String> env, String... cmd)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished: " + List.of(cmd)).isTrue();
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  @Test
  void unpackedArchiveRunsWithoutTheSourceTree() throws Exception {
    String version = System.getProperty("project.version");
    assertThat(version).as("failsafe passes project.version").isNotBlank();
    Path archive = Path.of("target", "cratetrust-" + version + ".tar.gz").toAbsolutePath();
    assertThat(archive).as("built by mvn package").exists();

    Run untar = run(tmp, Map.of(), "tar", "-xzf", archive.toString(), "-C", tmp.toString());
    assertThat(untar.code()).as(untar.out()).isZero();
    Path home = tmp.resolve("cratetrust-" + version);
    assertThat(home.resolve("bin/cratetrust")).isExecutable();
    assertThat(home.resolve("bin/cargo-cratetrust")).isExecutable();
    assertThat(home.resolve("lib/cratetrust.jar")).exists();
    try (var libs = Files.list(home.resolve("lib"))) {
      assertThat(libs.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("picocli-"))
          .anyMatch(n -> n.startsWith("org.eclipse.jgit-"));
    }
    assertThat(Files.readString(home.resolve("bin/cratetrust"))).doesNotContain("mvn");
    Map<String, String> env = Map.of("CRATETRUST_JAVA_HOME", System.getProperty("java.home"));

    Run v = run(tmp, env, home.resolve("bin/cratetrust").toString(), "--version");
    assertThat(v.code()).as(v.out()).isZero();
    assertThat(v.out().strip()).isEqualTo("cratetrust " + version);

    String cargo = TestCrateCommands.cargoExecutable();
    String path =
        home.resolve("bin")
            + File.pathSeparator
            + Path.of(cargo).getParent()
            + File.pathSeparator
            + System.getenv("PATH");
    Map<String, String> withPath =
        Map.of("CRATETRUST_JAVA_HOME", System.getProperty("java.home"), "PATH", path);
    Run help = run(tmp, withPath, cargo, "cratetrust", "--help");
    assertThat(help.code()).as(help.out()).isZero();
    assertThat(help.out())
        .contains("Usage: cratetrust")
        .contains("checkout")
        .contains("prepublish")
        .contains("package-from-git");

    Run verb = run(tmp, withPath, cargo, "cratetrust", "prepublish", "--help");
    assertThat(verb.code()).as(verb.out()).isZero();
    assertThat(verb.out()).contains("Usage: cratetrust prepublish");
  }
}
