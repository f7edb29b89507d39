package dev.cratetrust.maintainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.testing.GitHttpServer;
import dev.cratetrust.testing.TestCrates;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The CI examples in {@code docs/ci/}: the command lines that run {@code cratetrust} are read from
 * the files and run with bash in a work tree checked out at a release tag as CI checks it out
 * (detached HEAD), with a {@code cratetrust} on {@code PATH} that runs this build's CLI. Editing
 * those lines changes what this test runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CiExamplesTest {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private Path tmp;
  private GitHttpServer server;
  private ReleasedWorkTrees trees;
  private Path bin;

  record Run(int code, String out) {}

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    tmp = dir;
    server = new GitHttpServer(TestCrates.remoteRoot(tmp));
    trees = new ReleasedWorkTrees(tmp, server);
    bin = Files.createDirectories(tmp.resolve("bin"));
    Path launcher = bin.resolve("cratetrust");
    Files.writeString(
        launcher,
        "#!/usr/bin/env bash\nexec '"
            + Path.of(System.getProperty("java.home"), "bin", "java")
            + "' -cp '"
            + System.getProperty("java.class.path")
            + "' dev.cratetrust.cli.Main \"$@\"\n");
    launcher.toFile().setExecutable(true);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  /** The {@code run:} lines of the GitHub workflow's steps that call cratetrust prepublish. */
  static List<String> githubLines() throws IOException {
    JsonNode doc =
        YAML.readTree(Files.readString(Path.of("docs/ci/github-actions-prepublish.yml")));
    List<String> out = new ArrayList<>();
    for (JsonNode job : doc.get("jobs")) {
      for (JsonNode step : job.get("steps")) {
        JsonNode run = step.get("run");
        if (run != null && run.asString().contains("cratetrust prepublish")) {
          out.add(run.asString());
        }
      }
    }
    return out;
  }

  /** The {@code script:} lines of the GitLab job that call cratetrust. */
  static List<String> gitlabLines() throws IOException {
    JsonNode doc = YAML.readTree(Files.readString(Path.of("docs/ci/gitlab-ci-prepublish.yml")));
    List<String> out = new ArrayList<>();
    for (JsonNode line : doc.get("cratetrust-prepublish").get("script")) {
      if (line.asString().contains("cratetrust")) {
        out.add(line.asString());
      }
    }
    assertThat(doc.get("cratetrust-prepublish").get("rules").toString()).contains("CI_COMMIT_TAG");
    return out;
  }

  private Run bash(Path dir, String line) throws IOException, InterruptedException {
    Path runnerTemp = Files.createDirectories(tmp.resolve("runner-temp"));
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", line)
            .directory(dir.toFile())
            .redirectErrorStream(true);
    pb.environment()
        .putAll(
            Map.of(
                "PATH",
                bin + File.pathSeparator + System.getenv("PATH"),
                "RUNNER_TEMP",
                runnerTemp.toString(),
                "CI_BUILDS_DIR",
                runnerTemp.toString()));
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  @Test
  void bothExamplesRunPrepublish() throws IOException {
    assertThat(githubLines()).hasSize(1);
    assertThat(gitlabLines()).hasSize(1);
  }

  @Test
  void githubStepPassesOnACleanReleaseTagAndWritesSarif() throws Exception {
    TestCrates.Fixture f = trees.released("ci-github");
    trees.git().git(f.workRepo(), "checkout", "-q", "--detach", "v1.0.0");
    for (String line : githubLines()) {
      Run r = bash(f.workRepo(), line);
      assertThat(r.code()).as(line + "\n" + r.out()).isZero();
    }
    JsonNode sarif =
        YAML.readTree(Files.readString(tmp.resolve("runner-temp/cratetrust-prepublish.sarif")));
    assertThat(sarif.get("version").asString()).isEqualTo("2.1.0");
    assertThat(sarif.get("runs").get(0).get("results").size()).isZero();
    assertThat(trees.git().git(f.workRepo(), "status", "--porcelain")).isEmpty();
  }

  @Test
  void gitlabJobFailsOnAReleaseTagWithAnUnpushedTag() throws Exception {
    TestCrates.Fixture f = trees.released("ci-gitlab");
    Path toml = f.workRepo().resolve("Cargo.toml");
    Files.writeString(
        toml, Files.readString(toml).replace("version = \"1.0.0\"", "version = \"1.0.1\""));
    trees.git().git(f.workRepo(), "commit", "-qam", "Release 1.0.1");
    trees.git().git(f.workRepo(), "push", "-q", f.bareRepo().toString(), "main");
    trees.git().git(f.workRepo(), "tag", "v1.0.1");
    trees.git().git(f.workRepo(), "checkout", "-q", "--detach", "v1.0.1");
    for (String line : gitlabLines()) {
      Run r = bash(f.workRepo(), line);
      assertThat(r.code()).as(line + "\n" + r.out()).isEqualTo(10);
      assertThat(r.out()).contains("[tag-not-pushed]").contains("git push origin v1.0.1");
    }
  }
}
