package dev.cratetrust.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.cli.FakeVerifierCli;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.JobState;
import dev.cratetrust.store.ScanJobs;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.testing.DbDumpBuilder;
import dev.cratetrust.testing.JavaProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan process killed with SIGKILL at random points, then rerun, ends as an uninterrupted one.
 */
class ScanResumeTest {
  private static final int CRATES = 80;
  @TempDir Path tmp;

  @Test
  void killedScansResumeToTheSameResults() throws Exception {
    Path dump = DbDumpBuilder.generated(CRATES + 20, 2, 25).write(tmp.resolve("dump.tar.gz"));
    Path reference = tmp.resolve("reference");
    StringWriter refOut = new StringWriter();
    int refCode =
        FakeVerifierCli.run(
            new String[] {
              "scan",
              "--db-dump",
              dump.toString(),
              "--top",
              "" + CRATES,
              "--db",
              reference.toString()
            },
            new PrintWriter(refOut),
            new PrintWriter(refOut),
            new FakeVerifier());
    assertThat(refCode).as(refOut.toString()).isZero();

    Path store = tmp.resolve("resumed");
    List<String> args =
        List.of(
            "scan",
            "--db-dump",
            dump.toString(),
            "--top",
            "" + CRATES,
            "--db",
            store.toString(),
            "--jobs",
            "3");
    Path calls = tmp.resolve("calls.log");
    Map<String, String> props = Map.of("fake.sleepMillis", "40", "fake.callLog", calls.toString());
    // Each round is killed after a chosen number of verifications started in it (progress, not
    // wall-clock time, so a slow machine kills at the same points); four rounds of at most 7
    // started
    // calls (+3 in flight) leave crates for the final run.
    Random random = new Random(20261122);
    for (int round = 0; round < 4; round++) {
      long target = lines(calls) + 4 + random.nextInt(4);
      Process p = JavaProcess.start(FakeVerifierCli.class, props, args, tmp.resolve("scan.log"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (lines(calls) < target && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(p.isAlive())
          .as("round %d still scanning at %d calls: %s", round, target, log())
          .isTrue();
      assertThat(lines(calls))
          .as("round %d reached %d calls in 120 s", round, target)
          .isGreaterThanOrEqualTo(target);
      p.destroyForcibly().waitFor();
    }
    try (Database db = Database.open(store.toString())) {
      assertThat(new VerificationResults(db).count())
          .as("some crates were still left before the final run")
          .isLessThan(CRATES);
    }
    Process last = JavaProcess.start(FakeVerifierCli.class, props, args, tmp.resolve("scan.log"));
    assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(last.exitValue()).as(Files.readString(tmp.resolve("scan.log"))).isZero();

    List<VerificationRecord> want;
    try (Database db = Database.open(reference.toString())) {
      want = new VerificationResults(db).latestPerVersion();
    }
    try (Database db = Database.open(store.toString())) {
      assertThat(new VerificationResults(db).latestPerVersion()).isEqualTo(want);
      assertThat(new VerificationResults(db).count()).isEqualTo(CRATES);
      Map<JobState, Long> counts = new ScanJobs(db, ScanJobs.Policy.defaults()).counts();
      assertThat(counts.get(JobState.DONE)).isEqualTo(CRATES);
      assertThat(counts.get(JobState.DEAD)).isZero();
    }
    assertThat(want).hasSize(CRATES);
  }

  private String log() throws IOException {
    return Files.readString(tmp.resolve("scan.log"));
  }

  private static long lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    byte[] b = Files.readAllBytes(file);
    long n = 0;
    for (byte x : b) {
      n += x == '\n' ? 1 : 0;
    }
    return n;
  }
}
