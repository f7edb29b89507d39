package dev.cratetrust.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.Parsers;
import dev.cratetrust.store.AdvisoryRepository;
import dev.cratetrust.store.Database;
import dev.cratetrust.trust.Advisory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Differential test of advisory matching: every advisory of an advisory-db copy, imported and
 * matched as {@code check} does (store, then {@link Advisory#statusOf}), against the OSV export of
 * the same database read by an independent oracle ({@code src/test/python/osv_oracle.py}, the OSV
 * schema's SEMVER evaluation written in Python from the schema, sharing no code with the matcher).
 *
 * <p>In CI it runs on the committed slice ({@code src/test/resources/data/rustsec}). With {@code
 * -Dadvisory.differential.snapshot=DIR} (a folder holding {@code rustsec-advisory-db} and {@code
 * rustsec-advisory-db-osv}) it runs on a full snapshot; {@code bench/advisory-differential.sh} does
 * that and keeps the counts in {@code bench/ADVISORY-DIFFERENTIAL.md}.
 */
class AdvisoryOsvDifferentialTest {
  static final Path SLICE = Path.of("src/test/resources/data/rustsec");
  static final Path ORACLE = Path.of("src/test/python/osv_oracle.py");

  /**
   * One disagreement: the matcher and the oracle differ on {@code id} for {@code crate@version}.
   */
  record Disagreement(String crate, String version, String id, String kind) {}

  @Test
  void matcherAgreesWithTheOsvExportAtEveryRangeBoundary(@TempDir Path tmp) throws Exception {
    String snapshot = System.getProperty("advisory.differential.snapshot", "");
    Path md =
        snapshot.isBlank()
            ? SLICE.resolve("advisory-db")
            : Path.of(snapshot, "rustsec-advisory-db");
    Path osv =
        snapshot.isBlank()
            ? SLICE.resolve("advisory-db-osv")
            : Path.of(snapshot, "rustsec-advisory-db-osv");
    JsonNode oracle = runOracle(osv, md, tmp.resolve("oracle.json"));
    // the oracle's own anchor, from the OSV record of RUSTSEC-2021-0078 (fixed 0.14.10)
    JsonNode hyper = oracle.get("crates").get("hyper").get("affected");
    assertThat(hyper.get("0.14.9").values())
        .extracting(JsonNode::asString)
        .contains("RUSTSEC-2021-0078");
    assertThat(hyper.has("0.14.10") ? hyper.get("0.14.10").values() : List.<JsonNode>of())
        .extracting(JsonNode::asString)
        .doesNotContain("RUSTSEC-2021-0078");

    AdvisoryImport imported = AdvisoryDatabaseReader.read(md, md.toString(), Optional.empty());
    assertThat(imported.problems()).isEmpty();
    Set<String> markdownIds = new TreeSet<>();
    imported.advisories().forEach(e -> markdownIds.add(e.advisory().id()));
    Set<String> osvIds = new TreeSet<>();
    oracle.get("osvIds").values().forEach(n -> osvIds.add(n.asString()));
    Set<String> osvOnly = new TreeSet<>(osvIds);
    osvOnly.removeAll(markdownIds);

    Map<String, List<Disagreement>> byKind = new TreeMap<>();
    byKind.put("false-alarm", new ArrayList<>());
    byKind.put("missed", new ArrayList<>());
    int versions = 0;
    long pairs = 0;
    long agreedAffected = 0;
    try (Database store = Database.open(tmp.resolve("store/diff").toString())) {
      AdvisoryRepository repo =
          new AdvisoryRepository(store, dev.cratetrust.cli.TrustFormats.PARSERS.advisory());
      repo.replace(imported, "rustsec-advisory-db", Instant.EPOCH);
      List<CrateName> names = new ArrayList<>();
      oracle.get("crates").propertyNames().forEach(n -> names.add(CrateName.of(n)));
      Map<CrateName, List<AdvisoryRepository.StoredAdvisory>> stored = repo.forCrates(names);
      for (CrateName name : names) {
        JsonNode c = oracle.get("crates").get(name.value());
        List<AdvisoryRepository.StoredAdvisory> advisories = stored.get(name);
        for (JsonNode vn : c.get("versions").values()) {
          versions++;
          CrateVersion v = CrateVersion.of(vn.asString());
          Set<String> expected = new TreeSet<>();
          JsonNode ids = c.get("affected").get(v.value());
          if (ids != null) {
            ids.values().forEach(n -> expected.add(n.asString()));
          }
          expected.removeAll(osvOnly);
          Set<String> actual = new TreeSet<>();
          for (AdvisoryRepository.StoredAdvisory s : advisories) {
            pairs++;
            if (s.advisory().statusOf(v) == Advisory.Status.AFFECTED) {
              actual.add(s.advisory().id());
            }
          }
          for (String id : actual) {
            if (expected.contains(id)) {
              agreedAffected++;
            } else {
              byKind
                  .get("false-alarm")
                  .add(new Disagreement(name.value(), v.value(), id, "false-alarm"));
            }
          }
          for (String id : expected) {
            if (!actual.contains(id)) {
              byKind.get("missed").add(new Disagreement(name.value(), v.value(), id, "missed"));
            }
          }
        }
      }
    }
    String report =
        report(
            md,
            osv,
            markdownIds.size(),
            osvIds.size(),
            osvOnly,
            versions,
            pairs,
            agreedAffected,
            byKind);
    Path out = Path.of("target", "advisory-differential.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report, StandardCharsets.UTF_8);

    assertThat(versions).as("versions compared").isGreaterThan(500);
    assertThat(agreedAffected).as("affected pairs both sides agree on").isPositive();
    assertThat(byKind.get("missed")).as(report).isEmpty();
    assertThat(byKind.get("false-alarm")).as(report).isEmpty();
  }

  static JsonNode runOracle(Path osv, Path md, Path out) throws IOException, InterruptedException {
    Optional<Path> python = onPath("python3");
    Assumptions.assumeTrue(
        python.isPresent(),
        "needs tool python3 (not on PATH) for the OSV oracle src/test/python/osv_oracle.py");
    Process p =
        new ProcessBuilder(
                python.get().toString(),
                ORACLE.toString(),
                osv.toString(),
                md.toString(),
                out.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("oracle finished").isTrue();
    assertThat(p.exitValue()).as("oracle failed: " + output).isZero();
    return Parsers.json().readTree(Files.readString(out));
  }

  static Optional<Path> onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static String report(
      Path md,
      Path osv,
      int markdownAdvisories,
      int osvRecords,
      Set<String> osvOnly,
      int versions,
      long pairs,
      long agreedAffected,
      Map<String, List<Disagreement>> byKind) {
    StringBuilder b = new StringBuilder();
    b.append("- advisory-db: `")
        .append(md)
        .append("` (")
        .append(markdownAdvisories)
        .append(" advisories)\n");
    b.append("- OSV export: `").append(osv).append("` (").append(osvRecords).append(" records)\n");
    b.append("- OSV records with no markdown advisory (left out of the comparison): ")
        .append(osvOnly.isEmpty() ? "none" : String.join(", ", osvOnly))
        .append('\n');
    b.append("- crate versions compared: ").append(versions).append('\n');
    b.append("- advisory-version pairs (each version x each advisory stored for its crate): ")
        .append(pairs)
        .append('\n');
    b.append("- affected pairs both agree on: ").append(agreedAffected).append('\n');
    for (Map.Entry<String, List<Disagreement>> e : byKind.entrySet()) {
      b.append("- ").append(e.getKey()).append(": ").append(e.getValue().size()).append('\n');
    }
    for (Map.Entry<String, List<Disagreement>> e : byKind.entrySet()) {
      Map<String, Integer> perAdvisory = new TreeMap<>();
      for (Disagreement d : e.getValue()) {
        perAdvisory.merge(d.id() + " (" + d.crate() + ")", 1, Integer::sum);
      }
      if (!perAdvisory.isEmpty()) {
        b.append("\n").append(e.getKey()).append(" by advisory:\n");
        perAdvisory.forEach(
            (k, v) -> b.append("  - ").append(k).append(": ").append(v).append('\n'));
        b.append("  first: ");
        e.getValue().stream()
            .limit(5)
            .forEach(
                d ->
                    b.append(d.crate())
                        .append('@')
                        .append(d.version())
                        .append(' ')
                        .append(d.id())
                        .append("; "));
        b.append('\n');
      }
    }
    return b.toString();
  }
}
