package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.testing.FakeRegistry;
import dev.cratetrust.testing.MaliciousArchiveBuilder;
import dev.cratetrust.testing.SignalFixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class SignalsAndDiffCommandTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void signalsJsonHasTheDocumentedShape() throws IOException {
    Path dir = SignalFixtures.downloadAndRunBuildScript().writeTo(tmp);
    Run r = run("signals", "--crate-dir", dir.toString(), "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode root = Parsers.json().readTree(r.out());
    assertThat(root.propertyNames()).containsExactly("crate", "signals");
    assertThat(root.get("crate").asString()).isEqualTo("fast-logger@0.2.0");
    JsonNode first = root.get("signals").get(0);
    assertThat(first.propertyNames()).containsExactly("code", "severity", "message", "evidence");
    assertThat(first.get("severity").asString()).isEqualTo("warning");
    List<String> codes =
        root.get("signals").valueStream().map(s -> s.get("code").asString()).toList();
    assertThat(codes).contains("build-script-spawns-shell", "build-script-network");
    JsonNode shell =
        root.get("signals")
            .valueStream()
            .filter(s -> s.get("code").asString().equals("build-script-spawns-shell"))
            .findFirst()
            .orElseThrow();
    JsonNode ev = shell.get("evidence").get(0);
    assertThat(ev.get("file").asString()).isEqualTo("build.rs");
    assertThat(ev.get("line").asInt()).isEqualTo(9);
    assertThat(ev.has("field")).isFalse();
  }

  @Test
  void signalsWithPreviousDirReportsWhatIsNew() throws IOException {
    Path old = SignalFixtures.crate("fast-logger", "0.1.0").writeTo(tmp);
    Path neu = SignalFixtures.downloadAndRunBuildScript().writeTo(tmp);
    Run r = run("signals", "--crate-dir", neu.toString(), "--previous-dir", old.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("fast-logger@0.2.0: ")
        .contains("notice build-script-added: build script added in this version; it spawns");
  }

  @Test
  void diffJsonListsAddedRemovedAndChangedFiles() throws IOException {
    Path old =
        SignalFixtures.crate("d", "1.0.0")
            .file("src/gone.rs", "fn gone() {}\n")
            .writeTo(tmp.resolve("a"));
    Path neu =
        SignalFixtures.crate("d", "1.1.0")
            .manifest("[dependencies]\nlog = \"0.4\"\n")
            .file("src/lib.rs", "pub fn hello() -> u32 { 2 }\n")
            .file("src/new.rs", "fn new() {}\n")
            .writeTo(tmp.resolve("b"));
    Run r =
        run(
            "diff",
            "--crate-dir",
            old.toString(),
            "--crate-dir",
            neu.toString(),
            "--format",
            "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode root = Parsers.json().readTree(r.out());
    assertThat(root.get("added").valueStream().map(JsonNode::asString).toList())
        .containsExactly("src/new.rs");
    assertThat(root.get("removed").valueStream().map(JsonNode::asString).toList())
        .containsExactly("src/gone.rs");
    assertThat(root.get("changed").valueStream().map(JsonNode::asString).toList())
        .containsExactly("Cargo.toml", "src/lib.rs");
    assertThat(root.get("manifest").get("dependencies").get(0).get("name").asString())
        .isEqualTo("log");
    JsonNode lib =
        root.get("files")
            .valueStream()
            .filter(f -> f.get("path").asString().equals("src/lib.rs"))
            .findFirst()
            .orElseThrow();
    assertThat(lib.get("diff").asString()).contains("+pub fn hello() -> u32 { 2 }");
    Run text = run("diff", "--crate-dir", old.toString(), "--crate-dir", neu.toString());
    assertThat(text.out())
        .startsWith(
            "d@1.0.0 -> d@1.1.0: 1 added, 1 removed, 2 changed, 0 unchanged\nmanifest:\n"
                + "  dependency added: log (normal) 0.4\n");
  }

  @Test
  void badInputsNameTheInputAndTheReason() throws IOException {
    Path missing = tmp.resolve("nope");
    Run r = run("signals", "--crate-dir", missing.toString());
    assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(r.err()).contains("read crate " + missing + ": is not a directory");

    Path unnamed = Files.createDirectories(tmp.resolve("unnamed"));
    Files.writeString(unnamed.resolve("Cargo.toml"), "[package]\n");
    Run u = run("signals", "--crate-dir", unnamed.toString());
    assertThat(u.code()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(u.err())
        .contains(
            "read crate " + unnamed + ": entry 'Cargo.toml' has no valid package name and version");

    Run usage = run("signals", "serde@1.0", "--no-api", "--index", tmp.toString());
    assertThat(usage.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(usage.err()).contains("invalid version '1.0'");
    Run both = run("signals", "serde@1.0.0", "--crate-dir", tmp.toString());
    assertThat(both.err()).contains("signals takes NAME@VERSION or --crate-dir DIR, not both");
    Run none = run("signals");
    assertThat(none.err()).contains("signals needs NAME@VERSION or --crate-dir DIR");
    Run one = run("diff", "--crate-dir", tmp.toString());
    assertThat(one.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(one.err())
        .contains(
            "diff needs NAME OLD NEW or --crate-dir twice (old, then new), got 1 --crate-dir");
    assertThat(run("diff", "serde", "1.0.0").err())
        .contains("diff takes NAME OLD NEW, or --crate-dir OLD --crate-dir NEW; got 2 argument(s)");
    assertThat(run("diff", "serde@1.0.0", "1.0.1", "--repo").err())
        .contains(
            "diff --repo takes exactly one of NAME@VERSION, --crate-file FILE or --crate-dir");
    Run fmt = run("signals", "--crate-dir", tmp.toString(), "--format", "xml");
    assertThat(fmt.code()).isEqualTo(ExitCode.USAGE.code());
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("unnamed");
    }
  }

  @Test
  void registryFormsDownloadVersionsAndComparePrevious() throws Exception {
    try (FakeRegistry reg = FakeRegistry.start()) {
      reg.publish(
          PackageId.of("demo", "1.0.0"),
          MaliciousArchiveBuilder.crate("demo", "1.0.0").build(),
          FakeRegistry.Options.defaults().pubtime(Instant.parse("2022-01-01T00:00:00Z")));
      reg.publish(
          PackageId.of("demo", "1.1.0"),
          MaliciousArchiveBuilder.crate("demo", "1.1.0")
              .file("demo-1.1.0/build.rs", "fn main() { std::process::Command::new(\"sh\"); }\n")
              .build(),
          FakeRegistry.Options.defaults()
              .publishedBy("mallory")
              .pubtime(Instant.parse("2026-11-01T00:00:00Z")));
      Run r =
          run(
              "signals",
              "demo@1.1.0",
              "--index",
              reg.indexUrl(),
              "--api",
              reg.apiUrl(),
              "--format",
              "json");
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode root = Parsers.json().readTree(r.out());
      assertThat(root.get("crate").asString()).isEqualTo("demo@1.1.0");
      assertThat(root.get("previous").asString()).isEqualTo("demo@1.0.0");
      List<String> codes =
          root.get("signals").valueStream().map(s -> s.get("code").asString()).toList();
      assertThat(codes)
          .contains(
              "build-script-spawns-shell",
              "build-script-added",
              "version-after-dormancy",
              "new-publisher");
      Run d =
          run(
              "diff",
              "demo",
              "1.0.0",
              "1.1.0",
              "--index",
              reg.indexUrl(),
              "--no-api",
              "--format",
              "json");
      assertThat(d.code()).as(d.err()).isZero();
      JsonNode dj = Parsers.json().readTree(d.out());
      assertThat(dj.get("added").get(0).asString()).isEqualTo("build.rs");
      assertThat(dj.get("signals").get("appeared").get(0).get("code").asString())
          .isEqualTo("build-script-spawns-shell");
      Run missing = run("diff", "demo", "1.0.0", "9.9.9", "--index", reg.indexUrl(), "--no-api");
      assertThat(missing.code()).isEqualTo(ExitCode.BAD_INPUT.code());
      assertThat(missing.err())
          .contains("look up demo@9.9.9: the registry index has no version 9.9.9");
    }
  }

  @Test
  void symlinkLeavingTheCrateIsRejected() throws IOException {
    Path outside = Files.writeString(tmp.resolve("secret.txt"), "do not read");
    Path dir = SignalFixtures.crate("s", "1.0.0").writeTo(tmp.resolve("c"));
    Files.createSymbolicLink(dir.resolve("link.txt"), outside);
    Run r = run("signals", "--crate-dir", dir.toString(), "--format", "json");
    assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(r.err()).contains("link.txt");
    assertThat(r.out()).doesNotContain("do not read");
  }
}
