package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotTrainingTest {
  @TempDir Path tmp;

  @Test
  void trainingCrateIsAGoldStarAgainstItsRepositorySoTheWarmPathIsRecorded() throws Exception {
    String crate = AotTraining.writeFixtures(tmp);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {
              "verify",
              "--crate-file",
              crate,
              "--repo",
              tmp.resolve("repo").toString(),
              "--cache-dir",
              tmp.resolve("cache").toString(),
              "--no-store",
              "--format",
              "json"
            },
            new PrintWriter(out),
            new PrintWriter(err));
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("\"category\" : \"gold-star\"");
  }

  @Test
  void trainingScanOfTheVendorFolderIsAGoldStarSoTheScanPathIsRecorded() throws Exception {
    AotTraining.writeFixtures(tmp);
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {
              "scan",
              "--vendor-dir",
              tmp.resolve("vendor").toString(),
              "--git-rewrite",
              "https://example.invalid/training=" + tmp.resolve("repo"),
              "--db",
              tmp.resolve("scan-store").toString(),
              "--cache-dir",
              tmp.resolve("cache").toString()
            },
            new PrintWriter(new StringWriter()),
            new PrintWriter(err));
    assertThat(code).as(err.toString()).isZero();
    StringWriter out = new StringWriter();
    Main.run(
        new String[] {"report", "--db", tmp.resolve("scan-store").toString(), "--format", "json"},
        new PrintWriter(out),
        new PrintWriter(err));
    assertThat(out.toString()).contains("\"gold-star\" : 1");
  }

  @Test
  void trainingRunWritesOnlyIntoItsScratchFolder() throws Exception {
    Path scratch = tmp.resolve("scratch");
    AotTraining.main(new String[] {scratch.toString()});
    assertThat(scratch.resolve("store.mv.db")).exists();
    assertThat(scratch.resolve("Cargo.lock")).exists();
    try (var files = Files.list(tmp)) {
      assertThat(files).containsExactly(scratch);
    }
  }
}
