package dev.cratetrust.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.trust.Advisory;
import dev.cratetrust.trust.Advisory.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the committed slice of the real advisory-db (src/test/resources/data/rustsec). */
class AdvisoryDatabaseReaderTest {
  static final Path DB = Path.of("src/test/resources/data/rustsec/advisory-db");
  static AdvisoryImport imported;
  static Map<String, Advisory> byId;

  @BeforeAll
  static void readSnapshot() throws Exception {
    imported = AdvisoryDatabaseReader.read(DB, DB.toString(), Optional.empty());
    byId =
        imported.advisories().stream()
            .map(AdvisoryImport.Entry::advisory)
            .collect(Collectors.toMap(Advisory::id, Function.identity()));
  }

  @Test
  void everyFileOfTheSliceLoadsInItsCollection() throws IOException {
    long crateFiles = advisoryFiles("crates");
    long toolchainFiles = advisoryFiles("rust");
    assertThat(crateFiles).as("crate advisories in the slice").isPositive();
    assertThat(toolchainFiles).as("toolchain advisories in the slice").isPositive();
    assertThat(imported.problems()).isEmpty();
    assertThat(imported.count(AdvisoryImport.Collection.CRATES)).isEqualTo(crateFiles);
    assertThat(imported.count(AdvisoryImport.Collection.TOOLCHAIN)).isEqualTo(toolchainFiles);
    assertThat(byId)
        .as("one advisory per file, ids unique")
        .hasSize((int) (crateFiles + toolchainFiles));
    assertThat(imported.advisories())
        .filteredOn(e -> e.collection() == AdvisoryImport.Collection.TOOLCHAIN)
        .allMatch(e -> e.path().startsWith("rust/"))
        .extracting(e -> e.advisory().crate().value())
        .containsOnly("cargo", "rustdoc", "std");
  }

  /** Files {@code <top>/<name>/<file>.md}, counted from the directory tree alone. */
  private static long advisoryFiles(String top) throws IOException {
    try (Stream<Path> s = Files.walk(DB.resolve(top))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".md"))
          .filter(Files::isRegularFile)
          .filter(p -> DB.resolve(top).relativize(p).getNameCount() == 2)
          .count();
    }
  }

  @Test
  void countsByKindMatchALineScanOfTheFiles() throws IOException {
    Map<Advisory.Kind, Long> kinds =
        byId.values().stream()
            .filter(a -> a.crate() != null)
            .collect(Collectors.groupingBy(Advisory::kind, Collectors.counting()));
    assertThat(kinds.get(Advisory.Kind.UNMAINTAINED))
        .isEqualTo(countLines("informational = \"unmaintained\""));
    assertThat(kinds.get(Advisory.Kind.UNSOUND))
        .isEqualTo(countLines("informational = \"unsound\""));
    assertThat(byId.values().stream().filter(a -> a.withdrawn().isPresent()).count())
        .isEqualTo(countLines("withdrawn = "));
    assertThat(byId.values().stream().filter(Advisory::isMalicious).count())
        .isEqualTo(countLinesContaining("categories = [", "\"malicious\""));
  }

  private static long countLines(String prefix) throws IOException {
    return countLinesContaining(prefix, "");
  }

  private static long countLinesContaining(String prefix, String also) throws IOException {
    try (Stream<Path> s = Files.walk(DB)) {
      return s.filter(p -> p.toString().endsWith(".md"))
          .filter(
              p -> {
                try {
                  return Files.readAllLines(p).stream()
                      .anyMatch(l -> l.startsWith(prefix) && l.contains(also));
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              })
          .count();
    }
  }

  @Test
  void patchedAndUnaffectedRanges() {
    Advisory a = byId.get("RUSTSEC-2020-0019"); // tokio-rustls
    assertThat(a.crate().value()).isEqualTo("tokio-rustls");
    assertThat(a.aliases()).contains("CVE-2020-35875");
    assertThat(a.kind()).isEqualTo(Advisory.Kind.VULNERABILITY);
    assertThat(a.title()).isNotBlank();
    assertThat(a.statusOf(CrateVersion.of("0.11.9"))).isEqualTo(Status.UNAFFECTED);
    assertThat(a.statusOf(CrateVersion.of("0.12.0"))).isEqualTo(Status.AFFECTED);
    assertThat(a.statusOf(CrateVersion.of("0.12.2"))).isEqualTo(Status.AFFECTED);
    assertThat(a.statusOf(CrateVersion.of("0.12.3"))).isEqualTo(Status.PATCHED);
    assertThat(a.statusOf(CrateVersion.of("0.13.0"))).isEqualTo(Status.AFFECTED);
    assertThat(a.statusOf(CrateVersion.of("0.13.1"))).isEqualTo(Status.PATCHED);
  }

  @Test
  void withdrawnAdvisoryAppliesToNothing() {
    Advisory a = byId.get("RUSTSEC-2021-0135"); // tower-http
    assertThat(a.withdrawn()).contains(LocalDate.of(2022, 8, 14));
    assertThat(a.affectedOs()).containsExactly("windows");
    assertThat(a.statusOf(CrateVersion.of("0.1.0"))).isEqualTo(Status.WITHDRAWN);
  }

  @Test
  void unmaintainedIsInformational() {
    Advisory a = byId.get("RUSTSEC-2022-0057"); // badge
    assertThat(a.kind()).isEqualTo(Advisory.Kind.UNMAINTAINED);
    assertThat(a.isVulnerability()).isFalse();
    assertThat(a.patched()).isEmpty();
    assertThat(a.statusOf(CrateVersion.of("0.3.0"))).isEqualTo(Status.AFFECTED);
  }

  @Test
  void maliciousCrateAffectsEveryVersion() {
    Advisory a = byId.get("RUSTSEC-2023-0109"); // win-crypto
    assertThat(a.isMalicious()).isTrue();
    assertThat(a.expectDeleted()).isTrue();
    assertThat(a.isVulnerability()).isTrue();
    assertThat(a.statusOf(CrateVersion.of("0.1.0"))).isEqualTo(Status.AFFECTED);
  }

  @Test
  void hyperExampleFromTheBrief() {
    Advisory a = byId.get("RUSTSEC-2021-0078");
    assertThat(a.statusOf(CrateVersion.of("0.14.9"))).isEqualTo(Status.AFFECTED);
    assertThat(a.statusOf(CrateVersion.of("0.14.10"))).isEqualTo(Status.PATCHED);
    assertThat(a.cvss()).isPresent();
  }

  @Test
  void brokenFileAmongGoodOnesIsSkippedWithAProblem(@TempDir Path tmp) throws Exception {
    Path good = tmp.resolve("crates/hyper");
    Files.createDirectories(good);
    Files.copy(
        DB.resolve("crates/hyper/RUSTSEC-2021-0078.md"), good.resolve("RUSTSEC-2021-0078.md"));
    Files.writeString(good.resolve("RUSTSEC-2099-0001.md"), "```toml\n[advisory\nid=\n```\n");
    Files.writeString(
        good.resolve("RUSTSEC-2099-0002.md"),
        "```toml\n[advisory]\nid = \"RUSTSEC-2099-0002\"\npackage = \"hyper\"\n"
            + "date = \"2099-01-01\"\n[versions]\npatched = [\">= banana\"]\n```\n# t\n");
    Files.writeString(
        good.resolve("RUSTSEC-2099-0003.md"), "```toml\n" + "x = [".repeat(5000) + "\n```\n");
    Files.writeString(
        good.resolve("RUSTSEC-2099-0004.md"),
        "```toml\n[advisory]\nid = \"RUSTSEC-2099-0004\"\npackage = \"tokio\"\n"
            + "date = \"2099-01-01\"\nfuture-field = 1\n[versions]\npatched = []\n```\n# t\n");
    AdvisoryImport r = AdvisoryDatabaseReader.read(tmp, "test-db", Optional.empty());
    assertThat(r.advisories())
        .extracting(e -> e.advisory().id())
        .containsExactly("RUSTSEC-2021-0078");
    assertThat(r.problems())
        .extracting(p -> p.item() + ": " + p.message())
        .satisfiesExactly(
            p -> assertThat(p).startsWith("crates/hyper/RUSTSEC-2099-0001.md").contains("TOML"),
            p -> assertThat(p).contains("RUSTSEC-2099-0002.md").contains("'>= banana'"),
            p -> assertThat(p).contains("RUSTSEC-2099-0003.md").contains("not valid TOML"),
            p -> assertThat(p).contains("RUSTSEC-2099-0004.md").contains("does not match"));
  }

  @Test
  void symbolicLinksAreNotFollowed(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("db/crates/hyper");
    Files.createDirectories(dir);
    Path outside = tmp.resolve("outside.md");
    Files.copy(DB.resolve("crates/hyper/RUSTSEC-2021-0078.md"), outside);
    Files.createSymbolicLink(dir.resolve("RUSTSEC-2021-0078.md"), outside);
    AdvisoryImport r = AdvisoryDatabaseReader.read(tmp.resolve("db"), "linked", Optional.empty());
    assertThat(r.advisories()).isEmpty();
    assertThat(r.problems())
        .extracting(p -> p.item() + ": " + p.message())
        .containsExactly(
            "crates/hyper/RUSTSEC-2021-0078.md: not a regular file (symbolic link?), skipped");
  }

  @Test
  void unknownFieldsAreIgnored() throws Exception {
    Advisory a =
        AdvisoryParser.parse(
            "x.md",
            "```toml\n[advisory]\nid = \"RUSTSEC-2099-0005\"\npackage = \"foo\"\n"
                + "date = \"2099-01-01\"\nnew-thing = { a = 1 }\n[versions]\npatched = [\"^1.2\"]\n"
                + "[extra]\nq = 1\n```\n\n# Title here\n\nBody");
    assertThat(a.title()).isEqualTo("Title here");
    assertThat(a.statusOf(CrateVersion.of("1.3.0"))).isEqualTo(Status.PATCHED);
  }

  @Test
  void notAnAdvisoryDatabase(@TempDir Path tmp) {
    assertThatThrownBy(() -> AdvisoryDatabaseReader.read(tmp, "empty-dir", Optional.empty()))
        .isInstanceOf(AdvisorySourceException.class)
        .hasMessageContaining("empty-dir")
        .hasMessageContaining("not an advisory-db checkout");
  }

  @Test
  void oversizedAdvisoryIsRejected() {
    assertThatThrownBy(
            () -> AdvisoryParser.parse("big.md", "```toml\n#" + "a".repeat(300_000) + "\n```"))
        .hasMessageContaining("big.md")
        .hasMessageContaining("larger than");
  }
}
