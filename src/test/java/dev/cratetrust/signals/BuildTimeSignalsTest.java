package dev.cratetrust.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.testing.SignalFixtures;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BuildTimeSignalsTest {
  private final CrateSignals signals =
      new CrateSignals(Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC));

  private List<Signal> of(CrateContents c) {
    return signals.signals(SignalInput.of(c));
  }

  private static Optional<Signal> find(List<Signal> s, String code) {
    return s.stream().filter(x -> x.code().equals(code)).findFirst();
  }

  private static List<String> codes(List<Signal> s) {
    return s.stream().map(Signal::code).toList();
  }

  private static List<String> warningsAndNotices(List<Signal> s) {
    return s.stream().filter(x -> x.severity() != Severity.INFO).map(Signal::code).toList();
  }

  @Test
  void buildScriptThatDownloadsAndRunsWarns() {
    List<Signal> s = of(SignalFixtures.downloadAndRunBuildScript().build());
    assertThat(codes(s))
        .contains(
            "build-script",
            "build-script-network",
            "build-script-spawns-process",
            "build-script-spawns-shell");
    Signal shell = find(s, "build-script-spawns-shell").orElseThrow();
    assertThat(shell.severity()).isEqualTo(Severity.WARNING);
    assertThat(shell.message()).isEqualTo("build script spawns a shell");
    assertThat(shell.evidence())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.file()).isEqualTo("build.rs");
              assertThat(e.line()).isEqualTo(9);
              assertThat(e.excerpt()).startsWith("Command::new(\"sh\")");
            });
    assertThat(find(s, "build-script-network").orElseThrow().evidence().getFirst().line())
        .isEqualTo(5);
    assertThat(s.getFirst().severity()).isEqualTo(Severity.WARNING);
  }

  @Test
  void base64PayloadDecodedAtBuildTimeWarns() {
    List<Signal> s = of(SignalFixtures.base64PayloadBuildScript().build());
    Signal payload = find(s, "build-script-decodes-payload").orElseThrow();
    assertThat(payload.severity()).isEqualTo(Severity.WARNING);
    assertThat(payload.evidence()).extracting(Evidence::line).contains(5, 3, 6);
    assertThat(codes(s))
        .contains("build-script-writes-outside-out-dir", "build-script-spawns-process")
        .doesNotContain("build-script-decodes-data");
  }

  @Test
  void routineBuildScriptsStayInfo() {
    for (SignalFixtures.Builder b :
        List.of(
            SignalFixtures.rustcVersionProbe(),
            SignalFixtures.ccBuild(),
            SignalFixtures.pkgConfigBuild())) {
      List<Signal> s = of(b.build());
      assertThat(warningsAndNotices(s)).as(codes(s).toString()).isEmpty();
    }
    assertThat(codes(of(SignalFixtures.rustcVersionProbe().build())))
        .containsExactly("build-script", "build-script-probes-compiler");
    assertThat(codes(of(SignalFixtures.ccBuild().build())))
        .containsExactly("build-script", "build-script-native-build");
    assertThat(find(of(SignalFixtures.pkgConfigBuild().build()), "build-script-native-build"))
        .get()
        .satisfies(
            x ->
                assertThat(x.evidence())
                    .extracting(Evidence::field)
                    .contains("build-dependencies.pkg-config", "build-dependencies.cmake"));
  }

  @Test
  void environmentVariablesAreClassified() {
    List<Signal> s =
        of(
            SignalFixtures.crate("envy", "1.0.0")
                .buildScript(
                    """
                    fn main() {
                        let _ = std::env::var("OUT_DIR");
                        let _ = std::env::var("CARGO_CFG_TARGET_OS");
                        let _ = std::env::var("PROTOC");
                        let _ = option_env!("GITHUB_TOKEN");
                        let _ = std::env::var_os("AWS_SECRET_ACCESS_KEY");
                    }
                    """)
                .build());
    Signal secret = find(s, "build-script-reads-secret-env").orElseThrow();
    assertThat(secret.severity()).isEqualTo(Severity.WARNING);
    assertThat(secret.evidence()).extracting(Evidence::line).containsExactly(5, 6);
    assertThat(find(s, "build-script-reads-env").orElseThrow().evidence())
        .extracting(Evidence::line)
        .containsExactly(4);
  }

  @Test
  void homeDirectoryAndCredentialPathsWarn() {
    List<Signal> s =
        of(
            SignalFixtures.crate("homey", "1.0.0")
                .buildScript(
                    """
                    fn main() {
                        let h = dirs::home_dir().unwrap();
                        let key = std::fs::read(h.join(".ssh/id_rsa"));
                        let cfg = std::env::var("HOME");
                    }
                    """)
                .build());
    assertThat(find(s, "build-script-reads-home-dir").orElseThrow().evidence())
        .extracting(Evidence::line)
        .containsExactly(2, 4);
    assertThat(find(s, "build-script-sensitive-path").orElseThrow().severity())
        .isEqualTo(Severity.WARNING);
  }

  @Test
  void commentsAndStringsDoNotCount() {
    List<Signal> s =
        of(
            SignalFixtures.crate("quiet", "1.0.0")
                .buildScript(
                    """
                    // Command::new("sh").arg("-c") was removed; TcpStream is not used.
                    /* nested /* std::net::TcpStream */ reqwest::get() */
                    fn main() {
                        println!("cargo:warning=TcpStream and Command::new(\\"bash\\") here are text");
                        let raw = r#"reqwest::blocking::get("x")"#;
                    }
                    """)
                .build());
    assertThat(codes(s)).containsExactly("build-script");
  }

  @Test
  void aliasesLowLevelSpawnsAndBoundProgramNames() {
    List<Signal> s =
        of(
            SignalFixtures.crate("sly", "1.0.0")
                .buildScript(
                    """
                    use std::process::Command as Run;
                    fn main() {
                        Run::new("sh");
                        unsafe { libc::system(b"id\\0".as_ptr() as _) };
                        let rustc = "curl";
                        std::process::Command::new(rustc);
                        let s = socket2::Socket::new(d, t, None);
                    }
                    """)
                .build());
    assertThat(find(s, "build-script-spawns-shell").orElseThrow().evidence().getFirst().line())
        .isEqualTo(3);
    assertThat(find(s, "build-script-spawns-process").orElseThrow().evidence())
        .extracting(Evidence::line)
        .containsExactly(4, 6);
    assertThat(find(s, "build-script-network").orElseThrow().evidence())
        .extracting(Evidence::line)
        .containsExactly(6, 7);
    assertThat(codes(s)).doesNotContain("build-script-probes-compiler");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "'Command::new(\"cmd\").args([\"/C\", \"echo\"])', build-script-spawns-shell",
    "'Command::new(\"powershell.exe\").arg(\"-c\")', build-script-spawns-shell",
    "'Command::new(\"/bin/bash\")', build-script-spawns-shell",
    "'Command::new(\"wget\")', build-script-network",
    "'Command::new(\"python3\")', build-script-spawns-process",
    "'let k = std::env::var(\"CARGO_REGISTRY_TOKEN\");', build-script-reads-secret-env",
    "'let k = std::env::var(\"NPM_AUTH\");', build-script-reads-secret-env",
    "'std::fs::write(\"/etc/cron.d/x\", b\"\");', build-script-writes-outside-out-dir",
    "'let s = ureq::get(\"https://x\");', build-script-network",
  })
  void riskyBuildScriptCallsWarn(String call, String code) {
    List<Signal> s =
        of(
            SignalFixtures.crate("r", "1.0.0")
                .buildScript("use std::process::Command;\nfn main() {\n    " + call + "\n}\n")
                .build());
    Signal found = find(s, code).orElseThrow(() -> new AssertionError(codes(s).toString()));
    assertThat(found.severity()).isEqualTo(Severity.WARNING);
    assertThat(found.evidence().getFirst().line()).isEqualTo(3);
  }

  @Test
  void includedPayloadDecodedAndRunIsAPayload() {
    List<Signal> s =
        of(
            SignalFixtures.crate("inc2", "1.0.0")
                .file("assets/logo.dat", new byte[] {1, 2, 0, 3})
                .buildScript(
                    """
                    static DATA: &[u8] = include_bytes!("assets/logo.dat");
                    fn main() {
                        let bytes = hex::decode(DATA).unwrap();
                        let out = std::env::var("OUT_DIR").unwrap();
                        std::fs::write(format!("{}/x", out), &bytes).unwrap();
                    }
                    """)
                .build());
    assertThat(find(s, "build-script-decodes-payload").orElseThrow().evidence())
        .extracting(Evidence::line)
        .containsExactly(3, 1, 5);
    assertThat(codes(s)).doesNotContain("build-script-writes-outside-out-dir");
  }

  @Test
  void modulesOfTheBuildScriptAreScanned() {
    List<Signal> s =
        of(
            SignalFixtures.crate("modular", "1.0.0")
                .buildScript("mod helper;\nfn main() { helper::run(); }\n")
                .file(
                    "helper.rs",
                    "pub fn run() {\n  std::process::Command::new(\"bash\").arg(\"x.sh\");\n}\n")
                .build());
    Signal shell = find(s, "build-script-spawns-shell").orElseThrow();
    assertThat(shell.evidence().getFirst().file()).isEqualTo("helper.rs");
    assertThat(shell.evidence().getFirst().line()).isEqualTo(2);
  }

  @Test
  void customBuildPathAndDisabledBuildScript() {
    List<Signal> custom =
        of(
            SignalFixtures.crate("custom", "1.0.0")
                .packageField("build = \"tools/gen.rs\"")
                .file("tools/gen.rs", "fn main() { let s = std::net::TcpStream::connect(\"x\"); }")
                .build());
    assertThat(find(custom, "build-script-network").orElseThrow().evidence().getFirst().file())
        .isEqualTo("tools/gen.rs");
    List<Signal> off =
        of(
            SignalFixtures.crate("off", "1.0.0")
                .packageField("build = false")
                .buildScript("fn main() { std::process::Command::new(\"sh\"); }")
                .build());
    assertThat(codes(off)).doesNotContain("build-script", "build-script-spawns-shell");
  }

  @Test
  void includedNonSourceFileIsNoticed() {
    List<Signal> s =
        of(
            SignalFixtures.crate("inc", "1.0.0")
                .buildScript(
                    "const A: &[u8] = include_bytes!(\"data/blob.bin\");\n"
                        + "const B: &str = include_str!(\"templates/lib.rs.in\");\nfn main() {}\n")
                .build());
    Signal inc = find(s, "build-script-includes-non-source-file").orElseThrow();
    assertThat(inc.severity()).isEqualTo(Severity.NOTICE);
    assertThat(inc.evidence()).extracting(Evidence::line).containsExactly(1);
  }

  @Test
  void procMacroCodeIsScanned() {
    List<Signal> s =
        of(
            SignalFixtures.crate("derive-thing", "0.1.0")
                .procMacro()
                .file(
                    "src/lib.rs",
                    """
                    use proc_macro::TokenStream;
                    #[proc_macro_derive(Thing)]
                    pub fn derive(input: TokenStream) -> TokenStream {
                        let _ = std::net::TcpStream::connect("203.0.113.9:443");
                        let _ = env!("CARGO_PKG_NAME");
                        input
                    }
                    """)
                .build());
    assertThat(codes(s)).containsExactly("proc-macro-network", "proc-macro");
    assertThat(find(s, "proc-macro-network").orElseThrow().message())
        .isEqualTo("proc-macro code uses the network");
  }

  @Test
  void buildScriptAddedInThisVersionSaysWhatItDoes() {
    CrateContents before = SignalFixtures.crate("fast-logger", "0.1.0").build();
    CrateContents after = SignalFixtures.downloadAndRunBuildScript().build();
    List<Signal> s = signals.signals(SignalInput.of(after).withPrevious(before));
    Signal added = find(s, "build-script-added").orElseThrow();
    assertThat(added.severity()).isEqualTo(Severity.NOTICE);
    assertThat(added.message())
        .isEqualTo(
            "build script added in this version; it spawns another program, spawns a shell,"
                + " uses the network");
    assertThat(codes(s)).doesNotContain("build-script");
    assertThat(find(s, "build-script-spawns-shell").orElseThrow().message())
        .endsWith("; new in this version");
  }

  @Test
  void changedBuildScriptIsNoticedAndUnchangedIsNot() {
    CrateContents v1 = SignalFixtures.rustcVersionProbe().build();
    CrateContents same = SignalFixtures.rustcVersionProbe().build();
    assertThat(codes(signals.signals(SignalInput.of(same).withPrevious(v1))))
        .containsExactly("build-script", "build-script-probes-compiler");
    CrateContents changed =
        SignalFixtures.rustcVersionProbe()
            .buildScript("fn main() { std::process::Command::new(\"python3\"); }")
            .build();
    List<Signal> s = signals.signals(SignalInput.of(changed).withPrevious(v1));
    assertThat(find(s, "build-script-changed").orElseThrow().message())
        .isEqualTo("build script changed in this version; it spawns another program");
    assertThat(find(s, "build-script-spawns-process").orElseThrow().message())
        .isEqualTo("build script spawns another program; new in this version");
  }

  @Test
  void unreadableManifestIsASignalNotACrash() {
    CrateContents c =
        new CrateContents(
            dev.cratetrust.crates.PackageId.of("broken", "1.0.0"),
            List.of(
                new dev.cratetrust.crates.CrateFile(
                    "Cargo.toml", "[package\nname=".getBytes(), false),
                new dev.cratetrust.crates.CrateFile(
                    "build.rs",
                    "fn main(){ std::process::Command::new(\"sh\"); }".getBytes(),
                    false)),
            "test",
            Optional.empty());
    List<Signal> s = of(c);
    assertThat(find(s, "manifest-unreadable").orElseThrow().message())
        .startsWith("Cargo.toml could not be read: Cargo.toml is not valid TOML");
    assertThat(codes(s)).contains("build-script-spawns-shell");
  }
}
