package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.advisory.AdvisoryParser;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.trust.CargoLock;
import dev.cratetrust.trust.CargoLock.LockedPackage;
import dev.cratetrust.trust.CheckReport;
import dev.cratetrust.trust.CheckReport.AdvisoryFact;
import dev.cratetrust.trust.CheckReport.Finding;
import dev.cratetrust.trust.CheckReport.PackageCheck;
import dev.cratetrust.trust.CheckReportFormat;
import dev.cratetrust.trust.Policy.Rule;
import dev.cratetrust.trust.ProvenanceFact;
import dev.cratetrust.trust.SourceRef;
import dev.cratetrust.trust.YankedFact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** SARIF from {@code check}: where the lockfile is, and failures versus warnings. */
class CheckSarifTest {
  static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
  static final String LOCK =
      """
      version = 3

      [[package]]
      name = "failing"
      version = "1.0.0"
      source = "registry+https://github.com/rust-lang/crates.io-index"

      [[package]]
      name = "warned"
      version = "2.0.0"
      source = "registry+https://github.com/rust-lang/crates.io-index"
      """;

  @TempDir Path tmp;

  @Test
  void lockfileUriIsRelativeToItsRepositoryRoot() throws Exception {
    Path repo = tmp.resolve("work tree");
    Files.createDirectories(repo.resolve(".git"));
    Path lock = Files.createDirectories(repo.resolve("app/sub")).resolve("Cargo.lock");
    Files.writeString(lock, LOCK);
    assertThat(CheckCommand.sarifUri(lock)).isEqualTo("app/sub/Cargo.lock");
    assertThat(CheckCommand.sarifUri(repo.resolve("Cargo.lock"))).isEqualTo("Cargo.lock");
    // a git work tree whose .git is a file (worktrees, submodules) counts too
    Path wt = Files.createDirectories(tmp.resolve("wt"));
    Files.writeString(wt.resolve(".git"), "gitdir: /elsewhere\n");
    assertThat(CheckCommand.sarifUri(wt.resolve("Cargo.lock"))).isEqualTo("Cargo.lock");
  }

  @Test
  void outsideARepositoryTheUriIsAnAbsoluteFileUri() {
    Path lock = Path.of("/nonexistent-dir/x/Cargo.lock");
    assertThat(CheckCommand.sarifUri(lock)).isEqualTo("file:///nonexistent-dir/x/Cargo.lock");
  }

  @Test
  void failuresAreErrorsAndReportedFactsAreWarnings() throws Exception {
    List<LockedPackage> pkgs =
        CargoLock.parse("Cargo.lock", LOCK).packages().stream()
            .filter(p -> !p.name().value().equals("app"))
            .toList();
    var informational =
        AdvisoryParser.parse(
            "RUSTSEC-2099-0001.md",
            """
            ```toml
            [advisory]
            id = "RUSTSEC-2099-0001"
            package = "warned"
            date = "2099-01-01"
            title = "warned is unmaintained"
            informational = "unmaintained"

            [versions]
            patched = []
            ```

            # warned is unmaintained
            """);
    SourceRef src = new SourceRef(SourceRef.ADVISORY_DB, "rustsec", "test", Optional.empty(), NOW);
    PackageCheck failing =
        new PackageCheck(
            pkgs.get(0),
            ProvenanceFact.unknown(),
            YankedFact.of(false, NOW, "store"),
            List.of(),
            List.of(),
            List.of(),
            Optional.empty(),
            List.of(
                new Finding(
                    Rule.YANKED, "failing 1.0.0 is yanked", Optional.empty(), Optional.empty())),
            List.of(),
            List.of());
    PackageCheck warned =
        new PackageCheck(
            pkgs.get(1),
            ProvenanceFact.unknown("repository unreachable: connection refused"),
            YankedFact.of(true, NOW, "store"),
            List.of(new AdvisoryFact(informational, src)),
            List.of(),
            List.of(),
            Optional.empty(),
            List.of(),
            List.of(),
            List.of());
    CheckReport report =
        new CheckReport(
            "Cargo.lock", "default", NOW, CheckReport.Outcome.FAIL, List.of(failing, warned));
    JsonNode results =
        Parsers.json()
            .readTree(CheckReportFormat.sarif(report, LOCK, "app/Cargo.lock"))
            .get("runs")
            .get(0)
            .get("results");
    assertThat(results).hasSize(4);
    assertThat(results.get(0).get("level").asString()).isEqualTo("error");
    assertThat(results.get(0).get("ruleId").asString()).isEqualTo("yanked");
    List<String> warnings =
        results
            .valueStream()
            .skip(1)
            .map(r -> r.get("level").asString() + " " + r.get("ruleId").asString())
            .toList();
    assertThat(warnings)
        .containsExactly("warning provenance", "warning yanked", "warning advisory");
    for (JsonNode r : results) {
      JsonNode loc = r.get("locations").get(0).get("physicalLocation");
      assertThat(loc.get("artifactLocation").get("uri").asString()).isEqualTo("app/Cargo.lock");
      assertThat(loc.get("region").get("startLine").asInt()).isPositive();
    }
    assertThat(results.get(3).get("message").get("text").asString())
        .contains("RUSTSEC-2099-0001", "unmaintained");
    assertThat(
            results
                .valueStream()
                .map(r -> r.get("partialFingerprints").get("cratetrust/v1").asString())
                .distinct())
        .hasSize(4);
  }
}
