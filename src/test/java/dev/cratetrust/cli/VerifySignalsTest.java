package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.signals.CrateSignals;
import dev.cratetrust.signals.Severity;
import dev.cratetrust.signals.Signal;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.SignalResults;
import dev.cratetrust.testing.GitHttpServer;
import dev.cratetrust.testing.TestCrateScenario;
import dev.cratetrust.testing.TestCrates;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Signals in {@code verify}: JSON, text and the store, over a loopback git server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifySignalsTest {
  private Path tmp;
  private GitHttpServer server;
  private TestCrates.Fixture extra;
  private TestCrates.Fixture matching;

  record Run(int code, String out, String err) {
    JsonNode json() {
      return JsonMapper.builder().build().readTree(out);
    }
  }

  @BeforeAll
  void build(@TempDir Path dir) throws IOException {
    tmp = dir;
    server = new GitHttpServer(TestCrates.remoteRoot(tmp));
    extra = TestCrates.build(TestCrateScenario.EXTRA_FILE_IN_CRATE, tmp);
    matching = TestCrates.build(TestCrateScenario.MATCHING, tmp);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private Run verify(TestCrates.Fixture f, String db, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "verify",
                "--crate-file",
                f.crateFile().toString(),
                "--git-rewrite",
                "https://example.invalid/owner/=" + server.baseUrl() + "/",
                "--cache-dir",
                tmp.resolve("cache").toString(),
                "--db",
                db));
    a.addAll(List.of(more));
    return run(a.toArray(String[]::new));
  }

  private Path unpack(TestCrates.Fixture f, String where) throws IOException {
    Path dir = tmp.resolve(where);
    for (Map.Entry<String, byte[]> e : f.entries().entrySet()) {
      Path p = dir.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, e.getValue());
    }
    return dir.resolve(f.id().dirName());
  }

  @Test
  void jsonHasTheSignalsArrayWithProvenanceFactsAndTheSignalsCommandShape() throws Exception {
    Run r = verify(extra, tmp.resolve("db1").toString(), "--format", "json");
    assertThat(r.code()).as(r.err()).isEqualTo(11);
    JsonNode signals = r.json().get("signals");
    assertThat(signals.isArray()).isTrue();
    JsonNode files = null;
    for (JsonNode s : signals) {
      assertThat(s.propertyNames()).containsExactly("code", "severity", "message", "evidence");
      if (s.get("code").asString().equals("provenance-files-not-in-repository")) {
        files = s;
      }
    }
    assertThat(files).as(signals.toString()).isNotNull();
    assertThat(files.get("severity").asString()).isEqualTo("warning");
    assertThat(files.get("evidence").toString()).contains("src/backdoor.rs");

    Run plain =
        run("signals", "--crate-dir", unpack(extra, "plain").toString(), "--format", "json");
    assertThat(plain.code()).as(plain.err()).isZero();
    Set<JsonNode> fromSignals = new HashSet<>();
    plain.json().get("signals").forEach(fromSignals::add);
    Set<JsonNode> contentFromVerify = new HashSet<>();
    for (JsonNode s : signals) {
      if (!s.get("code").asString().startsWith("provenance-")) {
        contentFromVerify.add(s);
      }
    }
    assertThat(contentFromVerify).isEqualTo(fromSignals);
  }

  @Test
  void textOutputListsWarningsAndNoticesInASignalsSection() {
    Run r = verify(extra, tmp.resolve("db2").toString());
    assertThat(r.code()).as(r.err()).isEqualTo(11);
    String section = r.out().substring(r.out().indexOf("Signals: "));
    assertThat(section)
        .contains("warning provenance-files-not-in-repository", "src/backdoor.rs")
        .doesNotContain(" info ");
  }

  @Test
  void matchingCrateHasNoProvenanceSignals() {
    Run r = verify(matching, tmp.resolve("db3").toString(), "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().get("signals").toString()).doesNotContain("provenance-");
    Run text = verify(matching, tmp.resolve("db3").toString());
    assertThat(text.out()).contains("Signals: no warnings or notices");
  }

  @Test
  void storedWithTheVerificationKeyedBySignalsVersion() throws Exception {
    Path db = tmp.resolve("db4");
    Run r = verify(extra, db.toString(), "--format", "json");
    assertThat(r.code()).as(r.err()).isEqualTo(11);
    try (Database d = Database.open(db.toString())) {
      SignalResults results = new SignalResults(d);
      List<Signal> stored =
          results.find(extra.id(), CrateSignals.SIGNALS_VERSION).orElseThrow().signals();
      assertThat(stored)
          .anySatisfy(
              s -> {
                assertThat(s.code()).isEqualTo("provenance-files-not-in-repository");
                assertThat(s.severity()).isEqualTo(Severity.WARNING);
              });
      assertThat(stored).hasSize(r.json().get("signals").size());
      assertThat(
              results.withCode("provenance-files-not-in-repository", CrateSignals.SIGNALS_VERSION))
          .containsExactly(extra.id());
    }
  }

  @Test
  void noStoreWritesNoSignals() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("nostore"));
    Run r = verify(extra, dir.resolve("db").toString(), "--no-store");
    assertThat(r.code()).as(r.err()).isEqualTo(11);
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
    Run stored = verify(extra, dir.resolve("db").toString());
    assertThat(stored.code()).as(stored.err()).isEqualTo(11);
    try (var files = Files.list(dir)) {
      assertThat(files).isNotEmpty();
    }
  }
}
