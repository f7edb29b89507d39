package dev.cratetrust.bench;

import dev.cratetrust.registry.GitIndex;
import dev.cratetrust.scan.RegistryFollower;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.RegistryFollow;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.testing.ScratchPostgres;
import dev.cratetrust.testing.TestCrateCommands;
import dev.cratetrust.testing.TestGitIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * Time of one {@code follow} step over a git index: a first run over an index of CRATES crates with
 * VERSIONS versions each, then a burst commit of the same size, into PostgreSQL.
 *
 * <p>Usage: {@code FollowBenchmark CRATES VERSIONS}.
 */
public final class FollowBenchmark {
  private FollowBenchmark() {}

  public static void main(String[] args) throws Exception {
    int crates = Integer.parseInt(args[0]);
    int versions = Integer.parseInt(args[1]);
    Path tmp = Files.createTempDirectory("follow-bench");
    TestGitIndex index =
        TestGitIndex.create(tmp.resolve("index.git"), new TestCrateCommands(tmp.resolve("h")));
    for (int c = 0; c < crates; c++) {
      for (int v = 0; v < versions; v++) {
        index.publish("first-" + c, "1.0." + v);
      }
    }
    index.commit("first");
    try (ScratchPostgres pg = ScratchPostgres.create();
        Database db = Database.open(pg.spec())) {
      long t0 = System.nanoTime();
      RegistryFollower.Outcome first = follow(db, index);
      long t1 = System.nanoTime();
      for (int c = 0; c < crates; c++) {
        for (int v = 0; v < versions; v++) {
          index.publish("burst-" + c, "1.0." + v);
        }
      }
      index.commit("burst");
      long t2 = System.nanoTime();
      RegistryFollower.Outcome burst = follow(db, index);
      long t3 = System.nanoTime();
      System.out.printf(
          Locale.ROOT,
          "first run: %d versions queued in %.2f s (%.0f/s); burst commit: %d versions in %.2f s"
              + " (%.0f/s)%n",
          first.added(),
          (t1 - t0) / 1e9,
          first.added() / ((t1 - t0) / 1e9),
          burst.added(),
          (t3 - t2) / 1e9,
          burst.added() / ((t3 - t2) / 1e9));
    }
  }

  private static RegistryFollower.Outcome follow(Database db, TestGitIndex index) throws Exception {
    try (GitIndex git = GitIndex.open(index.spec())) {
      return new RegistryFollower(
              git,
              new RegistryFollow(db),
              "bench",
              VerificationRecord.CRATES_IO,
              5000,
              Clock.systemUTC(),
              line -> {})
          .once();
    }
  }
}
