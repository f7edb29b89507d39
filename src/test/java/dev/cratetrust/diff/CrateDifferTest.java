package dev.cratetrust.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.diff.FileChange.Status;
import dev.cratetrust.diff.ManifestChanges.Change;
import dev.cratetrust.signals.CrateSignals;
import dev.cratetrust.signals.Signal;
import dev.cratetrust.testing.SignalFixtures;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrateDifferTest {
  private final CrateDiffer differ = new CrateDiffer(new CrateSignals(Clock.systemUTC()));

  @Test
  void versionThatAddsABuildScriptAndADependency() {
    CrateContents v1 =
        SignalFixtures.crate("fast-logger", "0.1.0")
            .manifest("[dependencies]\nlog = \"0.4\"\n[features]\ndefault = []\n")
            .file("README.md", "fast logger\n")
            .file("src/lib.rs", "pub fn a() {}\npub fn b() {}\n")
            .build();
    CrateContents v2 =
        SignalFixtures.downloadAndRunBuildScript()
            .manifest(
                "[dependencies]\nlog = \"0.4.20\"\nserdde = \"0.1\"\n"
                    + "[features]\ndefault = []\nnet = []\n")
            .file("README.md", "fast logger\n")
            .file("src/lib.rs", "pub fn a() {}\npub fn c() {}\n")
            .file("tests/blob.bin", new byte[] {0, 1, 2, 3, (byte) 0xff})
            .build();
    CrateDiff d = differ.diff(v1, v2);
    assertThat(d.oldId().toString()).isEqualTo("fast-logger@0.1.0");
    assertThat(d.withStatus(Status.ADDED))
        .extracting(FileChange::path)
        .containsExactly("build.rs", "tests/blob.bin");
    assertThat(d.withStatus(Status.CHANGED))
        .extracting(FileChange::path)
        .containsExactly("Cargo.toml", "src/lib.rs");
    assertThat(d.unchanged()).isEqualTo(1);
    FileChange lib =
        d.files().stream().filter(f -> f.path().equals("src/lib.rs")).findFirst().orElseThrow();
    assertThat(lib.linesAdded()).isEqualTo(1);
    assertThat(lib.linesRemoved()).isEqualTo(1);
    assertThat(lib.unifiedDiff().orElseThrow())
        .startsWith("--- a/src/lib.rs\n+++ b/src/lib.rs\n@@ -1,2 +1,2 @@\n")
        .contains("-pub fn b() {}\n+pub fn c() {}\n");
    FileChange blob = d.withStatus(Status.ADDED).get(1);
    assertThat(blob.binary()).isTrue();
    assertThat(blob.unifiedDiff()).isEmpty();
    assertThat(d.withStatus(Status.ADDED).getFirst().unifiedDiff().orElseThrow())
        .startsWith("--- /dev/null\n+++ b/build.rs\n");

    ManifestChanges m = d.manifest().orElseThrow();
    assertThat(m.dependencies())
        .extracting(
            c -> c.name() + " " + c.change() + " '" + c.oldSpec() + "' '" + c.newSpec() + "'")
        .containsExactly("log CHANGED '0.4' '0.4.20'", "serdde ADDED '' '0.1'");
    assertThat(m.dependencies().getFirst().change()).isEqualTo(Change.CHANGED);
    assertThat(m.featuresAdded()).containsExactly("net");
    assertThat(m.fields()).isEmpty();

    assertThat(d.signalsAppeared())
        .extracting(Signal::code)
        .contains("build-script", "build-script-spawns-shell", "binary-file");
    assertThat(d.signalsDisappeared()).isEmpty();
  }

  @Test
  void manifestFieldsAndDisappearedSignals() {
    CrateContents v1 =
        SignalFixtures.crate("m", "1.0.0")
            .packageField("links = \"foo\"")
            .buildScript("fn main() { std::process::Command::new(\"sh\"); }")
            .build();
    CrateContents v2 =
        SignalFixtures.crate("m", "1.1.0").procMacro().packageField("build = false").build();
    CrateDiff d = differ.diff(v1, v2);
    assertThat(d.manifest().orElseThrow().fields())
        .extracting(f -> f.field() + ": '" + f.before() + "' -> '" + f.after() + "'")
        .containsExactly(
            "package.build: '' -> 'false'",
            "lib.proc-macro: '' -> 'true'",
            "package.links: 'foo' -> ''");
    assertThat(d.signalsDisappeared())
        .extracting(Signal::code)
        .containsExactly("build-script-spawns-shell", "build-script");
    assertThat(d.signalsAppeared()).extracting(Signal::code).containsExactly("proc-macro");
  }

  @Test
  @org.junit.jupiter.api.Timeout(30)
  void hugeRewrittenFileGetsNoteInsteadOfQuadraticDiff() {
    StringBuilder x = new StringBuilder();
    StringBuilder y = new StringBuilder();
    for (int i = 0; i < 15_000; i++) {
      x.append("let a").append(i).append(" = ").append(i).append(";\n");
      y.append("let b").append(i).append(" = ").append(i * 7).append(";\n");
    }
    CrateDiff d =
        differ.diff(
            SignalFixtures.crate("h", "1.0.0").file("src/gen.rs", x.toString()).build(),
            SignalFixtures.crate("h", "1.0.1").file("src/gen.rs", y.toString()).build());
    FileChange gen =
        d.files().stream().filter(f -> f.path().equals("src/gen.rs")).findFirst().orElseThrow();
    assertThat(gen.unifiedDiff()).isEmpty();
    assertThat(gen.note()).contains("more than 10000 differing lines; no line diff");
    assertThat(CrateDiffer.differingLines(List.of("a", "b", "c"), List.of("a", "x", "c")))
        .isEqualTo(2);
  }

  @Test
  void identicalVersionsHaveNoDifferences() {
    CrateDiff d = differ.diff(SignalFixtures.ccBuild().build(), SignalFixtures.ccBuild().build());
    assertThat(d.files()).isEmpty();
    assertThat(d.unchanged()).isEqualTo(4);
    assertThat(d.manifest().orElseThrow().isEmpty()).isTrue();
    assertThat(d.signalsAppeared()).isEmpty();
  }

  @Test
  void unreadableManifestSkipsOnlyTheManifestSummary() {
    CrateContents bad = SignalFixtures.crate("m", "1.0.0").build();
    CrateContents worse =
        new CrateContents(
            bad.id(),
            bad.files().stream()
                .map(
                    f ->
                        f.path().equals("Cargo.toml")
                            ? new dev.cratetrust.crates.CrateFile(
                                "Cargo.toml", "[[[".getBytes(), false)
                            : f)
                .toList(),
            "x",
            java.util.Optional.empty());
    CrateDiff d = differ.diff(bad, worse);
    assertThat(d.manifest()).isEmpty();
    assertThat(d.files()).extracting(FileChange::path).containsExactly("Cargo.toml");
  }
}
