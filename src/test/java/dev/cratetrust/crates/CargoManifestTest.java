package dev.cratetrust.crates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CargoManifestTest {
  private static CargoManifest parse(String toml) throws Exception {
    return CargoManifest.parse(toml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsIdentityLinksBuildAndDependencies() throws Exception {
    CargoManifest m =
        parse(
            """
            [package]
            name = "foo"
            version = "1.2.3"
            repository = "https://github.com/o/foo"
            readme = "../README.md"
            license-file = "../LICENSE"
            build = "build/main.rs"
            links = "z"

            [lib]
            proc-macro = true

            [dependencies]
            serde = "1"
            rand = { version = "0.8", optional = true, package = "rand_core" }
            local = { path = "../local" }

            [build-dependencies]
            cc = "1.0"

            [target.'cfg(unix)'.dev-dependencies]
            libc = "0.2"

            [features]
            default = []
            extra = ["rand"]
            """);
    assertThat(m.name()).contains("foo");
    assertThat(m.repository()).contains("https://github.com/o/foo");
    assertThat(m.readme()).contains("../README.md");
    assertThat(m.licenseFile()).contains("../LICENSE");
    assertThat(m.buildScript(p -> false)).contains("build/main.rs");
    assertThat(m.procMacro()).isTrue();
    assertThat(m.features()).containsExactly("default", "extra");
    assertThat(m.dependencies())
        .extracting(
            d ->
                d.name()
                    + ":"
                    + d.packageName()
                    + ":"
                    + d.req()
                    + ":"
                    + d.kind()
                    + ":"
                    + d.target())
        .containsExactlyInAnyOrder(
            "serde:serde:1:NORMAL:",
            "rand:rand_core:0.8:NORMAL:",
            "local:local::NORMAL:",
            "cc:cc:1.0:BUILD:",
            "libc:libc:0.2:DEV:cfg(unix)");
  }

  @Test
  void readsDependencyFeaturesDefaultFeaturesWorkspaceInheritanceAndTheFeatureTable()
      throws Exception {
    CargoManifest m =
        parse(
            """
            [package]
            name = "foo"
            version.workspace = true
            build = ["a.rs", "b.rs"]

            [dependencies]
            a = { version = "1", features = ["x", "y"], default-features = false }
            b = { version = "1", default_features = false }
            c = { workspace = true, optional = true }
            d = "2"

            [features]
            default = ["std"]
            std = ["a/std", "dep:c"]
            """);
    assertThat(m.inherited()).containsExactly("version");
    assertThat(m.version()).isEmpty();
    assertThat(m.build()).contains("[\"a.rs\",\"b.rs\"]");
    assertThat(m.featureTable())
        .containsEntry("default", List.of("std"))
        .containsEntry("std", List.of("a/std", "dep:c"));
    assertThat(m.dependencies())
        .extracting(
            d ->
                d.name() + ":" + d.features() + ":" + d.defaultFeatures() + ":" + d.fromWorkspace())
        .containsExactly(
            "a:[x, y]:false:false", "b:[]:false:false", "c:[]:true:true", "d:[]:true:false");
  }

  @Test
  void syntaxErrorNamesTheLine() {
    assertThatThrownBy(() -> parse("[package]\nname = \"a\"\n\n[dependencies\n"))
        .hasMessageStartingWith("Cargo.toml is not valid TOML at line 4");
    assertThatThrownBy(() -> parse("x = " + "[".repeat(70) + "]".repeat(70)))
        .hasMessageStartingWith("Cargo.toml exceeds a parser limit (nesting depth 64");
  }

  @Test
  void buildFalseDisablesTheDefaultBuildScript() throws Exception {
    CargoManifest m = parse("[package]\nname = \"a\"\nversion = \"0.1.0\"\nbuild = false\n");
    assertThat(m.buildScript(p -> true)).isEmpty();
    assertThat(parse("[package]\nname = \"a\"\nversion = \"0.1.0\"\n").buildScript(p -> true))
        .contains("build.rs");
  }

  @Test
  void wrongTypesAreIgnoredNotTrusted() throws Exception {
    CargoManifest m = parse("[package]\nname = 5\nversion = [1]\nrepository = { x = 1 }\n");
    assertThat(m.name()).isEmpty();
    assertThat(m.version()).isEmpty();
    assertThat(m.repository()).isEmpty();
  }

  @Test
  void malformedNestedAndOversizedManifestsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> parse("[package\nname ="))
        .isInstanceOf(CargoManifest.InvalidManifestException.class)
        .hasMessageStartingWith("Cargo.toml is not valid TOML");
    assertThatThrownBy(() -> parse("x = " + "[".repeat(10_000) + "]".repeat(10_000)))
        .isInstanceOf(CargoManifest.InvalidManifestException.class);
    assertThatThrownBy(() -> parse("a = 1\n".repeat(1) + "#".repeat(CargoManifest.MAX_BYTES)))
        .hasMessageContaining("larger than");
  }
}
