package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.Parsers;
import dev.cratetrust.store.Database;
import dev.cratetrust.web.BulkDataTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cratetrust export-site-data} writes the same dumps the site serves, and refuses bad input.
 */
class ExportSiteDataCommandTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void writesVerdictsOsvLinesAndOneFilePerVersion() throws Exception {
    String db = tmp.resolve("store/db").toString();
    try (Database d = Database.open(db)) {
      BulkDataTest.fill(d);
    }
    Path out = tmp.resolve("dump");
    Run r = run("export-site-data", "--db", db, "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote 4 verdicts and 3 OSV-style records");
    assertThat(Files.readAllLines(out.resolve("verdicts.jsonl"))).hasSize(4);
    List<String> osv = Files.readAllLines(out.resolve("osv.jsonl"));
    assertThat(osv).hasSize(3);
    Path beta = out.resolve("osv/beta/0.1.0-rc.1.json");
    assertThat(Parsers.json().readTree(Files.readString(beta)))
        .isEqualTo(Parsers.json().readTree(osv.get(2)));
    assertThat(out.resolve("osv/alpha/1.0.0.json")).isRegularFile();
    try (Stream<Path> all = Files.walk(out)) {
      assertThat(all.filter(p -> p.getFileName().toString().endsWith(".part"))).isEmpty();
    }
    Run again = run("export-site-data", "--db", db, "--out", out.toString());
    assertThat(again.code()).isZero();
    assertThat(Files.readAllLines(out.resolve("verdicts.jsonl"))).hasSize(4);
  }

  @Test
  void refusesAMissingStoreAndAnOutputThatIsAFile() throws Exception {
    Run missing =
        run(
            "export-site-data",
            "--db",
            tmp.resolve("nothing/db").toString(),
            "--out",
            tmp.resolve("o").toString());
    assertThat(missing.code()).isNotZero();
    assertThat(missing.err()).contains("nothing");
    assertThat(tmp.resolve("o")).doesNotExist();
    String db = tmp.resolve("store/db").toString();
    try (Database d = Database.open(db)) {
      BulkDataTest.fill(d);
    }
    Path file = Files.writeString(tmp.resolve("file"), "x");
    Run notDir = run("export-site-data", "--db", db, "--out", file.toString());
    assertThat(notDir.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(notDir.err()).contains("is not a folder");
    assertThat(Files.readString(file)).isEqualTo("x");
  }
}
