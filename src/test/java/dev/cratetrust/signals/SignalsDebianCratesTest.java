package dev.cratetrust.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.testing.SignalFixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs the signals over real crates packaged by Debian ({@code librust-*-dev}), unpacked by {@code
 * scripts/signals-debian-corpus.sh} into {@code target/debian-signals/crates}.
 */
class SignalsDebianCratesTest {
  static final Path CRATES = Path.of("target/debian-signals/crates");
  static final List<String> POPULAR_ORDINARY =
      List.of(
          "libc",
          "serde",
          "serde_derive",
          "serde_json",
          "log",
          "proc-macro2",
          "quote",
          "syn",
          "memchr",
          "bitflags",
          "cfg-if",
          "once_cell",
          "lazy_static",
          "itoa",
          "ryu",
          "anyhow",
          "thiserror",
          "thiserror-impl",
          "smallvec",
          "bytes",
          "autocfg",
          "version_check",
          "cc",
          "pkg-config",
          "hashbrown",
          "indexmap",
          "regex",
          "rand");
  private static final Pattern DIR = Pattern.compile("(.+?)-(\\d+\\.\\d+\\.\\d+.*)");
  private static final CrateSignals SIGNALS =
      new CrateSignals(Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC));

  @BeforeAll
  static void download() throws Exception {
    List<String> needed = new ArrayList<>(POPULAR_ORDINARY);
    needed.addAll(List.of("flate2", "ring"));
    if (!hasAll(needed)) {
      Process p =
          new ProcessBuilder("bash", "scripts/signals-debian-corpus.sh", "popular")
              .redirectErrorStream(true)
              .redirectOutput(Path.of("target/debian-signals-download.log").toFile())
              .start();
      boolean done = p.waitFor(5, TimeUnit.MINUTES);
      assumeTrue(
          done && p.exitValue() == 0,
          "needs network to Debian's apt repository: apt-get download of the librust-*-dev"
              + " packages failed, see target/debian-signals-download.log");
    }
  }

  @Test
  void popularOrdinaryCratesCollectNoWarnings() throws IOException {
    Map<String, List<Signal>> byCrate = new TreeMap<>();
    for (Path dir : dirs()) {
      String name = nameOf(dir);
      if (POPULAR_ORDINARY.contains(name)) {
        byCrate.put(name, SIGNALS.signals(SignalInput.of(read(dir))));
      }
    }
    assertThat(byCrate.keySet()).containsAll(POPULAR_ORDINARY);
    byCrate.forEach(
        (name, signals) ->
            assertThat(signals)
                .as("warnings for %s", name)
                .noneMatch(s -> s.severity() == Severity.WARNING));
    // The scan did look at their build-time code: these are the facts Debian's copies show.
    assertThat(codes(byCrate.get("libc"))).contains("build-script", "build-script-probes-compiler");
    assertThat(codes(byCrate.get("serde_derive"))).contains("proc-macro");
    assertThat(codes(byCrate.get("anyhow"))).contains("build-script-probes-compiler");
    assertThat(codes(byCrate.get("log"))).doesNotContain("proc-macro");
  }

  @Test
  void realCratesWithBinaryContent() throws IOException {
    Map<String, List<Signal>> byCrate = new TreeMap<>();
    for (Path dir : dirs()) {
      String name = nameOf(dir);
      if (name.equals("flate2") || name.equals("ring")) {
        byCrate.put(name, SIGNALS.signals(SignalInput.of(read(dir))));
      }
    }
    assertThat(byCrate).containsKeys("flate2", "ring");
    Signal gz = find(byCrate.get("flate2"), "binary-archive");
    assertThat(gz.message()).endsWith("in tests/");
    assertThat(gz.evidence()).extracting(Evidence::excerpt).allMatch(e -> e.startsWith("gzip, "));
    // ring ships precompiled Windows objects: the one warning in the corpus, by design.
    Signal obj = find(byCrate.get("ring"), "binary-executable");
    assertThat(obj.evidence()).extracting(Evidence::file).allMatch(f -> f.endsWith(".obj"));
    assertThat(codes(byCrate.get("ring"))).contains("build-script-native-build");
  }

  static Signal find(List<Signal> signals, String code) {
    return signals.stream()
        .filter(s -> s.code().equals(code))
        .findFirst()
        .orElseThrow(() -> new AssertionError(code + " not in " + codes(signals)));
  }

  /**
   * Writes {@code docs/signals-corpus.md}: the signals of every crate under {@code
   * target/debian-signals/crates}. Run with {@code -Dsignals.corpus=true} after {@code
   * scripts/signals-debian-corpus.sh corpus}.
   */
  @Test
  @EnabledIfSystemProperty(
      named = "signals.corpus",
      matches = "true",
      disabledReason = "opt-in: regenerates docs/signals-corpus.md with -Dsignals.corpus=true")
  void writeCorpusReport() throws IOException {
    List<Path> dirs = dirs();
    assertThat(dirs).hasSizeGreaterThanOrEqualTo(100);
    Map<String, Integer> cratesPerCode = new TreeMap<>();
    List<String> warned = new ArrayList<>();
    Map<String, Severity> severityOf = new TreeMap<>();
    StringBuilder rows = new StringBuilder();
    int[] bySeverity = new int[3];
    long nanos = 0;
    for (Path dir : dirs) {
      CrateContents c = read(dir);
      long t0 = System.nanoTime();
      List<Signal> signals = SIGNALS.signals(SignalInput.of(c));
      nanos += System.nanoTime() - t0;
      Severity worst = null;
      List<String> codes = new ArrayList<>();
      for (Signal s : signals) {
        cratesPerCode.merge(s.code(), 1, Integer::sum);
        severityOf.put(s.code(), s.severity());
        codes.add(s.code() + " (" + s.severity().label() + ")");
        worst = worst == null || s.severity().compareTo(worst) > 0 ? s.severity() : worst;
      }
      if (worst != null) {
        bySeverity[worst.ordinal()]++;
      }
      if (worst == Severity.WARNING) {
        warned.add(
            c.id()
                + " ("
                + String.join(
                    ", ",
                    signals.stream()
                        .filter(s -> s.severity() == Severity.WARNING)
                        .map(Signal::code)
                        .toList())
                + ")");
      }
      rows.append("| ")
          .append(c.id())
          .append(" | ")
          .append(c.files().size())
          .append(" | ")
          .append(worst == null ? "none" : worst.label())
          .append(" | ")
          .append(String.join(", ", codes))
          .append(" |\n");
    }
    StringBuilder md = new StringBuilder();
    md.append("# Signals over Debian-packaged crates\n\n")
        .append("Generated by `SignalsDebianCratesTest#writeCorpusReport` (")
        .append("`scripts/signals-debian-corpus.sh corpus`, then `mvn test")
        .append(" -Dtest=SignalsDebianCratesTest -Dsignals.corpus=true`) on ")
        .append(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
        .append(", machine `")
        .append(InetAddress.getLocalHost().getHostName())
        .append("` (")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, ")
        .append(System.getProperty("os.name"))
        .append(", Java ")
        .append(Runtime.version())
        .append(").\n\n")
        .append("Crates: ")
        .append(dirs.size())
        .append(" (Debian `librust-*-dev` sources; Debian may patch manifests).")
        .append(
            String.format(
                Locale.ROOT,
                " Signals computed in %.1f ms per crate on average.%n%n",
                nanos / 1e6 / dirs.size()))
        .append("Crates by most severe signal: warning ")
        .append(bySeverity[2])
        .append(", notice ")
        .append(bySeverity[1])
        .append(", info only ")
        .append(bySeverity[0])
        .append(", none ")
        .append(dirs.size() - bySeverity[0] - bySeverity[1] - bySeverity[2])
        .append(".\n\nCrates with warnings: ")
        .append(warned.isEmpty() ? "none" : String.join("; ", warned))
        .append(". Popular ordinary crates (")
        .append(String.join(", ", POPULAR_ORDINARY))
        .append(") must have none; `popularOrdinaryCratesCollectNoWarnings` asserts it.")
        .append("\n\n## Crates per signal code\n\n| code | severity | crates |\n|---|---|---|\n");
    cratesPerCode.forEach(
        (code, n) ->
            md.append("| ")
                .append(code)
                .append(" | ")
                .append(severityOf.get(code).label())
                .append(" | ")
                .append(n)
                .append(" |\n"));
    md.append("\n## Signals per crate\n\n| crate | files | most severe | signals |\n")
        .append("|---|---|---|---|\n")
        .append(rows);
    Files.createDirectories(Path.of("docs"));
    Files.writeString(Path.of("docs/signals-corpus.md"), md);
  }

  static List<String> codes(List<Signal> signals) {
    return signals.stream().map(Signal::code).toList();
  }

  static boolean hasAll(List<String> names) throws IOException {
    if (!Files.isDirectory(CRATES)) {
      return false;
    }
    List<String> have = dirs().stream().map(SignalsDebianCratesTest::nameOf).toList();
    return have.containsAll(names);
  }

  static List<Path> dirs() throws IOException {
    try (Stream<Path> s = Files.list(CRATES)) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }

  static String nameOf(Path dir) {
    Matcher m = DIR.matcher(dir.getFileName().toString());
    return m.matches() ? m.group(1) : dir.getFileName().toString();
  }

  static CrateContents read(Path dir) throws IOException {
    Matcher m = DIR.matcher(dir.getFileName().toString());
    String version = m.matches() ? m.group(2) : "0.0.0";
    return SignalFixtures.readDir(dir, nameOf(dir), Optional.of(version).get());
  }
}
