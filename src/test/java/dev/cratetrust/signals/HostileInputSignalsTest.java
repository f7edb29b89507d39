package dev.cratetrust.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.testing.SignalFixtures;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HostileInputSignalsTest {
  private final CrateSignals signals = new CrateSignals(Clock.systemUTC());

  private List<Signal> of(CrateContents c) {
    return signals.signals(SignalInput.of(c));
  }

  @Test
  @Timeout(20)
  void pathologicalTokensFinishWithoutStackOverflow() {
    String nested = "/*".repeat(200_000);
    String quotes = "\"\\".repeat(300_000);
    String rawOpen = "r#######\"" + "x".repeat(100_000);
    for (String src : List.of(nested, quotes, rawOpen, "'".repeat(100_000), "b'\\")) {
      assertThatCode(
              () ->
                  of(
                      SignalFixtures.crate("h", "1.0.0")
                          .buildScript(src)
                          .procMacro()
                          .file("src/lib.rs", src)
                          .build()))
          .doesNotThrowAnyException();
    }
  }

  @Test
  @Timeout(20)
  void cyclicAndEscapingModulePathsStayInsideTheCrate() {
    SignalFixtures.Builder b =
        SignalFixtures.crate("cyc", "1.0.0")
            .buildScript(
                "mod a;\n#[path = \"../../../etc/passwd\"] mod p;\n"
                    + "include!(\"/etc/shadow\");\nfn main() {}\n")
            .file("a.rs", "mod a;\n#[path = \"a.rs\"] mod again;\n");
    for (int i = 0; i < 500; i++) {
      b.file("m" + i + ".rs", "mod m" + (i + 1) + ";\n");
    }
    List<Signal> s = of(b.build());
    assertThat(s)
        .extracting(Signal::code)
        .containsExactly("build-script-sensitive-path", "build-script");
    assertThat(s.getFirst().evidence())
        .extracting(Evidence::file, Evidence::line)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("build.rs", 2),
            org.assertj.core.groups.Tuple.tuple("build.rs", 3));
  }

  @Test
  void oversizedOrNonUtf8BuildScriptIsNotAnError() {
    byte[] junk = new byte[10_000];
    for (int i = 0; i < junk.length; i++) {
      junk[i] = (byte) (0x80 + i % 64);
    }
    String huge =
        "// x\n".repeat(BuildCodeScanner.MAX_FILE_CHARS / 5 + 10)
            + "fn main() { std::process::Command::new(\"sh\"); }";
    assertThat(of(SignalFixtures.crate("j", "1.0.0").file("build.rs", junk).build()))
        .extracting(Signal::code)
        .contains("build-script", "binary-file");
    assertThat(of(SignalFixtures.crate("k", "1.0.0").buildScript(huge).build()))
        .extracting(Signal::code)
        .containsExactly("build-script");
  }

  @Test
  void controlCharactersInExcerptsAndNamesAreEscaped() {
    List<Signal> s =
        of(
            SignalFixtures.crate("esc", "1.0.0")
                .buildScript(
                    "fn main() { std::process::Command::new(\"sh\"); /* \u001b[2J\u0007 */ }\n")
                .build());
    Evidence e =
        s.stream()
            .filter(x -> x.code().equals("build-script-spawns-shell"))
            .findFirst()
            .orElseThrow()
            .evidence()
            .getFirst();
    assertThat(e.excerpt()).contains("\\u001b[2J\\u0007").doesNotContain("\u001b");
    RegistryFacts f =
        new RegistryFacts(
            Optional.empty(),
            List.of(),
            List.of(),
            Optional.empty(),
            Optional.of(
                new RegistryFacts.PublisherActivity("evil\nSIGNAL ok", 50, Duration.ofDays(1))),
            List.of(),
            List.of());
    Signal mass =
        signals
            .signals(SignalInput.of(SignalFixtures.crate("x", "1.0.0").build()).withRegistry(f))
            .getFirst();
    assertThat(mass.message())
        .isEqualTo("publisher 'evil\\u000aSIGNAL ok' created 50 new crates in 1 day");
  }

  @Test
  void evidenceAndSignalValidateTheirInputs() {
    assertThatCode(() -> new Evidence("f", -1, null, null))
        .hasMessage("evidence line must be >= 0, got -1");
    assertThatCode(() -> Signal.of("Not Kebab", Severity.INFO, "m"))
        .hasMessage("signal code must be kebab-case, got 'Not Kebab'");
    assertThat(Evidence.at("f", 1, "x".repeat(500)).excerpt()).hasSize(163);
  }
}
