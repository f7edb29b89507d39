package dev.cratetrust.maintainer;

import dev.cratetrust.testing.GitHttpServer;
import dev.cratetrust.testing.TestCrateCommands;
import dev.cratetrust.testing.TestCrateSpec;
import dev.cratetrust.testing.TestCrates;
import java.nio.file.Path;

/**
 * Released crates as a maintainer has them: a fixture's work tree whose {@code origin} is the
 * placeholder URL, rewritten by the repository's own {@code url.<base>.insteadOf} to a loopback
 * smart-HTTP server serving the fixture's bare remote.
 */
final class ReleasedWorkTrees {
  private final Path tmp;
  private final GitHttpServer server;
  private final TestCrateCommands git;

  ReleasedWorkTrees(Path tmp, GitHttpServer server) {
    this.tmp = tmp;
    this.server = server;
    this.git = new TestCrateCommands(tmp.resolve("cargo").resolve("home-dir"));
  }

  TestCrateCommands git() {
    return git;
  }

  /** Built, tagged and pushed per {@code spec}, with origin going through insteadOf. */
  TestCrates.Fixture released(TestCrateSpec spec) {
    TestCrates.Fixture f = TestCrates.build(spec, tmp);
    git.git(
        f.workRepo(), "remote", "set-url", "origin", TestCrates.placeholderUrl(spec.repoName()));
    git.git(
        f.workRepo(),
        "config",
        "url." + server.baseUrl() + "/.insteadOf",
        TestCrates.placeholderUrl(""));
    return f;
  }

  /** Crate {@code name} 1.0.0 at the repository root, tag {@code v1.0.0}. */
  TestCrates.Fixture released(String name) {
    return released(
        TestCrateSpec.of(name, "1.0.0").withRepositoryUrl(TestCrates.placeholderUrl(name)));
  }
}
