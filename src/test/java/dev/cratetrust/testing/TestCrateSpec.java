package dev.cratetrust.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link TestCrates#build(TestCrateSpec, Path)} should make: a small crate committed, tagged
 * and pushed to a bare "remote", then packaged by the real {@code cargo package}.
 *
 * @param name crate name
 * @param version crate version
 * @param repoName name of the work repo and of the bare remote {@code <tmp>/remote/<repoName>.git}
 * @param repositoryUrl the {@code repository} written into Cargo.toml
 * @param pathInVcs the package folder in the repo; "" for a crate at the root, otherwise the repo
 *     gets a workspace manifest listing it
 * @param files extra files, path relative to the package folder to content
 * @param dependencies {@code [dependencies]} name to version requirement
 * @param dependencyRegistry a cargo {@code directory} source replacing crates-io (written to the
 *     fixture's {@code CARGO_HOME/config.toml}, not into the repo); null when there are no
 *     dependencies
 * @param tags tags put on the packaged commit and pushed
 * @param scenario the scenario name recorded in the fixture
 */
public record TestCrateSpec(
    String name,
    String version,
    String repoName,
    String repositoryUrl,
    String pathInVcs,
    Map<String, String> files,
    Map<String, String> dependencies,
    Path dependencyRegistry,
    List<Tag> tags,
    String scenario) {

  /** A git tag: lightweight or annotated. */
  public record Tag(String name, boolean annotated) {
    public static Tag lightweight(String name) {
      return new Tag(name, false);
    }

    public static Tag annotated(String name) {
      return new Tag(name, true);
    }
  }

  public TestCrateSpec {
    files = Map.copyOf(files);
    dependencies = Map.copyOf(dependencies);
    tags = List.copyOf(tags);
  }

  /**
   * A crate at the repo root with a lightweight {@code v<version>} tag and a placeholder URL {@code
   * https://example.invalid/owner/<name>}.
   */
  public static TestCrateSpec of(String name, String version) {
    return new TestCrateSpec(
        name,
        version,
        name,
        TestCrates.placeholderUrl(name),
        "",
        Map.of(),
        Map.of(),
        null,
        List.of(Tag.lightweight("v" + version)),
        "custom");
  }

  public TestCrateSpec withRepoName(String value) {
    return new TestCrateSpec(
        name,
        version,
        value,
        repositoryUrl,
        pathInVcs,
        files,
        dependencies,
        dependencyRegistry,
        tags,
        scenario);
  }

  public TestCrateSpec withRepositoryUrl(String value) {
    return new TestCrateSpec(
        name,
        version,
        repoName,
        value,
        pathInVcs,
        files,
        dependencies,
        dependencyRegistry,
        tags,
        scenario);
  }

  public TestCrateSpec withPathInVcs(String value) {
    return new TestCrateSpec(
        name,
        version,
        repoName,
        repositoryUrl,
        value,
        files,
        dependencies,
        dependencyRegistry,
        tags,
        scenario);
  }

  /** Adds or replaces one extra file (path relative to the package folder). */
  public TestCrateSpec withFile(String path, String content) {
    Map<String, String> f = new LinkedHashMap<>(files);
    f.put(path, content);
    return new TestCrateSpec(
        name,
        version,
        repoName,
        repositoryUrl,
        pathInVcs,
        f,
        dependencies,
        dependencyRegistry,
        tags,
        scenario);
  }

  /** Adds a registry dependency resolved offline from {@code registry} (a directory source). */
  public TestCrateSpec withDependency(String crate, String requirement, Path registry) {
    Map<String, String> d = new LinkedHashMap<>(dependencies);
    d.put(crate, requirement);
    return new TestCrateSpec(
        name, version, repoName, repositoryUrl, pathInVcs, files, d, registry, tags, scenario);
  }

  public TestCrateSpec withTags(List<Tag> value) {
    return new TestCrateSpec(
        name,
        version,
        repoName,
        repositoryUrl,
        pathInVcs,
        files,
        dependencies,
        dependencyRegistry,
        new ArrayList<>(value),
        scenario);
  }

  public TestCrateSpec withScenario(String value) {
    return new TestCrateSpec(
        name,
        version,
        repoName,
        repositoryUrl,
        pathInVcs,
        files,
        dependencies,
        dependencyRegistry,
        tags,
        value);
  }
}
