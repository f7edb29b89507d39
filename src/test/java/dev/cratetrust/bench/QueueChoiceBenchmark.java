package dev.cratetrust.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.ScanJob;
import dev.cratetrust.store.ScanJobs;
import dev.cratetrust.store.ScanJobs.NewJob;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.testing.ScratchPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Claim/complete throughput of our {@code scan_job} queue against db-scheduler 16.12.0 on the same
 * PostgreSQL, in one process: N no-op jobs, each storing one small verification result, run by W
 * concurrent workers. Both queues get a fresh schema; the result write is the same in both.
 *
 * <p>Usage: {@code QueueChoiceBenchmark JOBS WORKERS ROUNDS}.
 */
public final class QueueChoiceBenchmark {
  private QueueChoiceBenchmark() {}

  public static void main(String[] args) throws Exception {
    int jobs = Integer.parseInt(args[0]);
    int workers = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    for (int r = 0; r < rounds; r++) {
      double[] ours = ours(jobs, workers);
      double[] theirs = dbScheduler(jobs, workers);
      System.out.printf(
          Locale.ROOT,
          "round %d: scan_job enqueue %.0f/s, run %.0f jobs/s | db-scheduler schedule %.0f/s,"
              + " run %.0f jobs/s | run ratio ours/db-scheduler %.2f%n",
          r + 1,
          ours[0],
          ours[1],
          theirs[0],
          theirs[1],
          ours[1] / theirs[1]);
    }
  }

  private static VerificationRecord record(PackageId id, String verifier) {
    return new VerificationRecord(
        id, verifier, "gold-star", List.of(), Optional.empty(), "registry", "{}", Instant.EPOCH);
  }

  private static double[] ours(int n, int workers) throws Exception {
    try (ScratchPostgres pg = ScratchPostgres.create();
        Database db = Database.open(pg.spec())) {
      ScanJobs queue = new ScanJobs(db, ScanJobs.Policy.defaults());
      VerificationResults results = new VerificationResults(db);
      List<NewJob> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        batch.add(new NewJob(PackageId.of("c" + i, "1.0.0"), "bench", "registry", "", 0));
      }
      long t0 = System.nanoTime();
      queue.enqueue(batch);
      long t1 = System.nanoTime();
      AtomicLong done = new AtomicLong();
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        String owner = "w" + w;
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        while (true) {
                          List<ScanJob> claimed = queue.claim(owner, 1);
                          if (claimed.isEmpty()) {
                            return;
                          }
                          ScanJob j = claimed.getFirst();
                          queue.start(j, owner);
                          queue.complete(j, owner, results, record(j.target(), "bench"));
                          done.incrementAndGet();
                        }
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    }));
      }
      for (Thread t : threads) {
        t.join();
      }
      long t2 = System.nanoTime();
      if (done.get() != n) {
        throw new IllegalStateException("scan_job ran " + done.get() + " of " + n);
      }
      return new double[] {rate(n, t1 - t0), rate(n, t2 - t1)};
    }
  }

  private static double[] dbScheduler(int n, int workers) throws Exception {
    try (ScratchPostgres pg = ScratchPostgres.create();
        Database db = Database.open(pg.spec())) {
      try (Connection c = db.connection();
          Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE scheduled_tasks (task_name TEXT NOT NULL, task_instance TEXT NOT NULL,"
                + " task_data BYTEA, execution_time TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " picked BOOLEAN NOT NULL, picked_by TEXT,"
                + " last_success TIMESTAMP WITH TIME ZONE, last_failure TIMESTAMP WITH TIME ZONE,"
                + " consecutive_failures INT, last_heartbeat TIMESTAMP WITH TIME ZONE,"
                + " version BIGINT NOT NULL, priority SMALLINT,"
                + " PRIMARY KEY (task_name, task_instance))");
        s.execute("CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)");
        s.execute("CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
        s.execute(
            "CREATE INDEX priority_execution_time_idx ON scheduled_tasks"
                + " (priority DESC, execution_time ASC)");
      }
      VerificationResults results = new VerificationResults(db);
      CountDownLatch latch = new CountDownLatch(n);
      OneTimeTask<Void> task =
          Tasks.oneTime("verify")
              .execute(
                  (inst, ctx) -> {
                    try {
                      results.upsert(record(PackageId.of(inst.getId(), "1.0.0"), "bench"));
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                    latch.countDown();
                  });
      SchedulerClient client = SchedulerClient.Builder.create(db.dataSource(), task).build();
      Instant now = Instant.now();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        client.scheduleIfNotExists(task.instance("c" + i), now);
      }
      long t1 = System.nanoTime();
      Scheduler scheduler =
          Scheduler.create(db.dataSource(), task)
              .threads(workers)
              .pollingInterval(Duration.ofMillis(100))
              .pollUsingLockAndFetch(0.5, 1.0)
              .enablePriority()
              .build();
      long t2 = System.nanoTime();
      scheduler.start();
      if (!latch.await(30, TimeUnit.MINUTES)) {
        throw new IllegalStateException("db-scheduler ran " + (n - latch.getCount()) + " of " + n);
      }
      long t3 = System.nanoTime();
      scheduler.stop();
      return new double[] {rate(n, t1 - t0), rate(n, t3 - t2)};
    }
  }

  private static double rate(long n, long nanos) {
    return n / (nanos / 1e9);
  }
}
