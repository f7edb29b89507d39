package dev.cratetrust.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.testing.TestCrateCommands;
import dev.cratetrust.testing.TestCrateTarball;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The normalized manifest of a workspace member packaged by the real {@code cargo package}
 * (inherited version and dependencies, renames, {@code default_features}, features, optional and
 * target dependencies, a path dependency with a version, an auto-detected {@code build.rs}, {@code
 * links}, a {@code [features]} table), then tampered one field at a time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestConsistencyTest {
  private static final String MEMBER =
      """
      [package]
      name = "foo"
      version.workspace = true
      edition.workspace = true
      license = "MIT"
      description = "a member"
      links = "foo"

      [dependencies]
      dep-a = { workspace = true, features = ["x"], optional = true }
      renamed = { package = "dep-b", version = "1.0", default_features = false }
      bar = { path = "../bar", version = "0.1" }

      [dev-dependencies]
      bar-again = { path = "../bar", package = "bar" }

      [target.'cfg(unix)'.dependencies]
      dep-b = { version = "1", features = ["y"] }

      [features]
      default = ["std"]
      std = []
      extra = ["dep:dep-a"]
      """;

  private CargoManifest orig;
  private String normalizedText;
  private Predicate<String> inPackage;

  @BeforeAll
  void packageWithCargo(@TempDir Path tmp) throws Exception {
    Path registry = tmp.resolve("registry");
    for (String name : List.of("dep-a", "dep-b")) {
      registryCrate(registry, name, "1.0.0", "[features]\nx = []\ny = []\ndefault = [\"x\"]\n");
    }
    registryCrate(registry, "bar", "0.1.0", "");
    Path home = tmp.resolve("cargo-home");
    write(
        home.resolve("config.toml"),
        "[source.crates-io]\nreplace-with = \"fixture\"\n\n[source.fixture]\ndirectory = \""
            + registry.toAbsolutePath().toString().replace("\\", "\\\\")
            + "\"\n");
    Path ws = tmp.resolve("ws");
    write(
        ws.resolve("Cargo.toml"),
        """
        [workspace]
        members = ["crates/foo", "crates/bar"]
        resolver = "2"

        [workspace.package]
        version = "1.2.3"
        edition = "2021"

        [workspace.dependencies]
        dep-a = { version = "1", default-features = false, features = ["y"] }
        """);
    write(ws.resolve("crates/foo/Cargo.toml"), MEMBER);
    write(ws.resolve("crates/foo/build.rs"), "fn main() {}\n");
    write(ws.resolve("crates/foo/src/lib.rs"), "\n");
    write(
        ws.resolve("crates/bar/Cargo.toml"),
        "[package]\nname = \"bar\"\nversion = \"0.1.0\"\nedition = \"2021\"\n"
            + "license = \"MIT\"\ndescription = \"d\"\n");
    write(ws.resolve("crates/bar/src/lib.rs"), "\n");
    TestCrateCommands cmd = new TestCrateCommands(tmp.resolve("home-dir"));
    cmd.git(ws, "init", "-q", "-b", "main");
    cmd.git(ws, "add", "-A");
    cmd.gitDated(ws, "commit", "-q", "-m", "member");
    cmd.cargo(
        ws, home, tmp.resolve("target"), "package", "--offline", "--no-verify", "-q", "-p", "foo");
    byte[] crate = Files.readAllBytes(tmp.resolve("target/package/foo-1.2.3.crate"));
    Map<String, byte[]> entries = TestCrateTarball.entries(crate);
    orig = parse(text(entries.get("foo-1.2.3/Cargo.toml.orig")));
    normalizedText = text(entries.get("foo-1.2.3/Cargo.toml"));
    inPackage = p -> entries.containsKey("foo-1.2.3/" + p);
  }

  @Test
  void cargoNormalizationIsConsistentWithTheAuthorsManifest() throws Exception {
    assertThat(orig.inherited()).contains("version", "edition");
    assertThat(
            ManifestConsistency.differences(
                orig, ManifestConsistency.ORIG, parse(normalizedText), inPackage))
        .isEmpty();
  }

  static List<Arguments> tampering() {
    return List.of(
        Arguments.of(
            "links changed",
            edit("links = \"foo\"", "links = \"z\""),
            "package.links is 'foo' in Cargo.toml.orig but 'z' in Cargo.toml"),
        Arguments.of(
            "links removed",
            edit("links = \"foo\"\n", ""),
            "package.links is 'foo' in Cargo.toml.orig but absent"),
        Arguments.of(
            "build script other than the detected build.rs",
            edit("build = \"build.rs\"", "build = \"src/lib.rs\""),
            "the build script is 'build.rs' by Cargo.toml.orig but 'src/lib.rs' by Cargo.toml"),
        Arguments.of(
            "proc-macro added",
            edit("[lib]\n", "[lib]\nproc-macro = true\n"),
            "lib.proc-macro is false"),
        Arguments.of(
            "feature of a dependency added",
            edit("features = [\"y\"]", "features = [\"y\", \"x\"]"),
            "dependency 'dep-b' for cfg(unix) enables features [x, y] in Cargo.toml but [y]"),
        Arguments.of(
            "dependency made non-optional",
            edit("optional = true\n", ""),
            "dependency 'dep-a' is not optional in Cargo.toml but optional in Cargo.toml.orig"),
        Arguments.of(
            "default features turned back on",
            edit("default_features = false\n", ""),
            "dependency 'renamed' has default features on in Cargo.toml but off"),
        Arguments.of(
            "rename pointed at another package",
            edit("package = \"dep-b\"", "package = \"dep-a\""),
            "dependency 'renamed' is package 'dep-a' in Cargo.toml but 'dep-b'"),
        Arguments.of(
            "feature table changed",
            edit("std = []", "std = [\"dep:dep-a\"]"),
            "feature 'std' enables [] in Cargo.toml.orig but [dep:dep-a] in Cargo.toml"),
        Arguments.of(
            "dependency added",
            (UnaryOperator<String>) t -> t + "\n[build-dependencies.evil]\nversion = \"1\"\n",
            "dependency 'evil' (build) is in Cargo.toml but not in Cargo.toml.orig"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tampering")
  void everyTamperedFieldIsReported(String what, UnaryOperator<String> change, String expected)
      throws Exception {
    String tampered = change.apply(normalizedText);
    assertThat(tampered).as("the edit applies to what cargo wrote").isNotEqualTo(normalizedText);
    assertThat(
            ManifestConsistency.differences(
                orig, ManifestConsistency.ORIG, parse(tampered), inPackage))
        .as(what)
        .anySatisfy(d -> assertThat(d).contains(expected));
  }

  @Test
  void buildDeclaredWithoutABuildScriptInTheAuthorsManifestIsReported() throws Exception {
    CargoManifest author = parse("[package]\nname = \"a\"\nversion = \"1.0.0\"\n");
    CargoManifest declared =
        parse("[package]\nname = \"a\"\nversion = \"1.0.0\"\nbuild = \"build.rs\"\n");
    // The package has build.rs: cargo detects it in both.
    assertThat(ManifestConsistency.differences(author, "orig", declared, p -> true)).isEmpty();
    // No build.rs in the package: only the normalized manifest runs a build script.
    assertThat(ManifestConsistency.differences(author, "orig", declared, p -> false))
        .containsExactly("the build script is none by orig but 'build.rs' by Cargo.toml");
    // Build scripts disabled by the author, none declared in the normalized manifest, but a
    // build.rs in the package that cargo would now detect.
    CargoManifest disabled = parse("[package]\nname = \"a\"\nversion = \"1.0.0\"\nbuild = false\n");
    assertThat(
            ManifestConsistency.differences(
                disabled,
                "orig",
                parse("[package]\nname = \"a\"\nversion = \"1.0.0\"\n"),
                p -> true))
        .containsExactly("the build script is none by orig but 'build.rs' by Cargo.toml");
  }

  @Test
  void inheritedDependencyMayGainTheWorkspacesFeaturesButNotLoseTheMembers() throws Exception {
    CargoManifest member =
        parse(
            "[package]\nname = \"a\"\nversion = \"1.0.0\"\n"
                + "[dependencies]\nd = { workspace = true, features = [\"x\"] }\n");
    CargoManifest gained =
        parse(
            "[package]\nname = \"a\"\nversion = \"1.0.0\"\n"
                + "[dependencies.d]\nversion = \"2\"\nfeatures = [\"w\", \"x\"]\n"
                + "default-features = false\n");
    assertThat(ManifestConsistency.differences(member, "orig", gained, p -> false)).isEmpty();
    CargoManifest lost =
        parse(
            "[package]\nname = \"a\"\nversion = \"1.0.0\"\n"
                + "[dependencies.d]\nversion = \"2\"\nfeatures = [\"w\"]\n");
    assertThat(ManifestConsistency.differences(member, "orig", lost, p -> false))
        .containsExactly("dependency 'd' enables features [w] in Cargo.toml but [x] in orig");
  }

  private static UnaryOperator<String> edit(String from, String to) {
    return t -> t.replace(from, to);
  }

  private static CargoManifest parse(String toml) throws CargoManifest.InvalidManifestException {
    return CargoManifest.parse(toml.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void registryCrate(Path registry, String name, String version, String extra)
      throws IOException {
    Path dir = registry.resolve(name + "-" + version);
    write(
        dir.resolve("Cargo.toml"),
        "[package]\nname = \""
            + name
            + "\"\nversion = \""
            + version
            + "\"\nedition = \"2021\"\n"
            + extra);
    write(dir.resolve("src/lib.rs"), "\n");
    write(
        dir.resolve(".cargo-checksum.json"),
        "{\"files\":{},\"package\":\"" + "0".repeat(64) + "\"}");
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
