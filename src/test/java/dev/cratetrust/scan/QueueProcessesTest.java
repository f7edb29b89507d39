package dev.cratetrust.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.cli.FakeVerifierCli;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.JobState;
import dev.cratetrust.store.ScanJobs;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.testing.JavaProcess;
import dev.cratetrust.testing.ScratchPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several worker processes share one queue; one is killed with SIGKILL mid-job; every job still
 * ends exactly once. Runs on PostgreSQL and on the embedded H2 store (AUTO_SERVER).
 */
class QueueProcessesTest {
  private static final int JOBS = 60;
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "h2"})
  void killedWorkersJobIsTakenOverAndEveryJobEndsOnce(String kind) throws Exception {
    ScratchPostgres pg = kind.equals("postgresql") ? ScratchPostgres.create() : null;
    String spec = pg != null ? pg.spec() : tmp.resolve("store").toString();
    try {
      Path list = tmp.resolve("crates.txt");
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        lines.add("c" + i + "@1.0." + i);
      }
      Files.write(list, lines);
      StringWriter out = new StringWriter();
      int code =
          FakeVerifierCli.run(
              new String[] {"scan", "--crates", list.toString(), "--enqueue-only", "--db", spec},
              new PrintWriter(out),
              new PrintWriter(out),
              new FakeVerifier());
      assertThat(code).as(out.toString()).isZero();

      Path state = Files.createDirectory(tmp.resolve("state"));
      Map<String, String> props =
          Map.of("fake.stateDir", state.toString(), "fake.sleepMillis", "120");
      List<String> args =
          List.of(
              "worker", "--db", spec, "--exit-when-empty", "--jobs", "2", "--lease-seconds", "2");
      List<Process> workers = new ArrayList<>();
      List<Path> logs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Path log = tmp.resolve("worker" + i + ".log");
        logs.add(log);
        workers.add(JavaProcess.start(FakeVerifierCli.class, props, args, log));
      }
      Process victim = workers.getFirst();
      long held = 0;
      try (Database db = Database.open(spec)) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (held == 0 && System.nanoTime() < deadline) {
          Thread.sleep(50);
          held = runningJobsOf(db, victim.pid());
        }
        assertThat(held).as("the victim holds a running job when killed").isPositive();
        victim.destroyForcibly().waitFor();
      }
      for (int i = 1; i < workers.size(); i++) {
        assertThat(workers.get(i).waitFor(120, TimeUnit.SECONDS)).as("worker %d exits", i).isTrue();
        assertThat(workers.get(i).exitValue()).as(Files.readString(logs.get(i))).isZero();
      }

      try (Database db = Database.open(spec)) {
        ScanJobs jobs = new ScanJobs(db, ScanJobs.Policy.defaults());
        Map<JobState, Long> counts = jobs.counts();
        assertThat(counts.get(JobState.DONE)).isEqualTo(JOBS);
        assertThat(counts.get(JobState.DEAD) + counts.get(JobState.QUEUED)).isZero();
        assertThat(new VerificationResults(db).count()).isEqualTo(JOBS);
        Map<String, Long> byOwner = finishedByPid(db);
        for (int i = 1; i < workers.size(); i++) {
          String log = Files.readString(logs.get(i));
          Matcher m = Pattern.compile("verified (\\d+),").matcher(log);
          assertThat(m.find()).as(log).isTrue();
          assertThat(byOwner.getOrDefault(String.valueOf(workers.get(i).pid()), 0L))
              .as("jobs finished by worker %d match what it reported", i)
              .isEqualTo(Long.parseLong(m.group(1)));
        }
        assertThat(byOwner.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(JOBS);
      }
    } finally {
      if (pg != null) {
        pg.close();
      }
    }
  }

  @org.junit.jupiter.api.Test
  void sigtermStopsAWorkerAndGivesItsJobsBackAtOnce() throws Exception {
    try (ScratchPostgres pg = ScratchPostgres.create()) {
      Path list = tmp.resolve("crates.txt");
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        lines.add("t" + i + "@1.0.0");
      }
      Files.write(list, lines);
      StringWriter out = new StringWriter();
      assertThat(
              FakeVerifierCli.run(
                  new String[] {
                    "scan", "--crates", list.toString(), "--enqueue-only", "--db", pg.spec()
                  },
                  new PrintWriter(out),
                  new PrintWriter(out),
                  new FakeVerifier()))
          .isZero();
      Path log = tmp.resolve("worker.log");
      Process worker =
          JavaProcess.start(
              FakeVerifierCli.class,
              Map.of("fake.sleepMillis", "400"),
              List.of("worker", "--db", pg.spec(), "--jobs", "1", "--lease-seconds", "600"),
              log);
      try (Database db = Database.open(pg.spec())) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (runningJobsOf(db, worker.pid()) == 0 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(runningJobsOf(db, worker.pid())).isPositive();
        worker.destroy();
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).as("worker stops on SIGTERM").isTrue();
        ScanJobs jobs = new ScanJobs(db, ScanJobs.Policy.defaults());
        Map<JobState, Long> counts = jobs.counts();
        assertThat(counts.get(JobState.RUNNING)).as(Files.readString(log)).isZero();
        assertThat(counts.get(JobState.DONE) + counts.get(JobState.QUEUED)).isEqualTo(20);
        assertThat(counts.get(JobState.QUEUED)).isPositive();
        assertThat(new VerificationResults(db).count()).isEqualTo(counts.get(JobState.DONE));
        int claimable = 0;
        for (List<?> got = jobs.claim("next", 100); !got.isEmpty(); got = jobs.claim("next", 100)) {
          claimable += got.size();
        }
        assertThat(claimable)
            .as("released jobs are claimable at once")
            .isEqualTo(counts.get(JobState.QUEUED).intValue());
      }
    }
  }

  private static long runningJobsOf(Database db, long pid) throws Exception {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM scan_job WHERE state = 'running' AND attempts > 0"
                    + " AND lease_owner LIKE ?")) {
      ps.setString(1, "%:" + pid + ":%");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static Map<String, Long> finishedByPid(Database db) throws Exception {
    Map<String, Long> out = new HashMap<>();
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT finished_by, COUNT(*) FROM scan_job WHERE state = 'done'"
                    + " GROUP BY finished_by");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1).split(":")[1], rs.getLong(2));
      }
    }
    return out;
  }
}
