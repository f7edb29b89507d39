package dev.cratetrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.crates.PackageId;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.RegistryFollow;
import dev.cratetrust.testing.JavaProcess;
import dev.cratetrust.testing.ScratchPostgres;
import dev.cratetrust.testing.TestCrateCommands;
import dev.cratetrust.testing.TestGitIndex;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cratetrust follow} as users and the acceptance checks call it, and killed at random. */
class FollowCommandTest {
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void onceQueuesTheIndexAndExits() throws Exception {
    TestGitIndex index =
        TestGitIndex.create(tmp.resolve("index.git"), new TestCrateCommands(tmp.resolve("h")));
    index.publish("serde", "1.0.0").publish("syn", "2.0.0", true).commit("a");
    String db = tmp.resolve("store").toString();
    Run first = cli("follow", "--index", index.spec(), "--db", db, "--once");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("2 version(s) queued", "1 yank flag(s) recorded");
    Run again = cli("follow", "--index", index.spec(), "--db", db, "--once");
    assertThat(again.out()).contains("0 index commit(s) read; 0 version(s) queued");
    try (Database store = Database.open(db)) {
      assertThat(queued(store)).containsExactlyInAnyOrder("serde@1.0.0", "syn@2.0.0");
    }
  }

  @Test
  void aWrongIndexOrIntervalIsAUsageOrInputError() {
    String db = tmp.resolve("store").toString();
    Run sparse = cli("follow", "--index", "sparse+https://index.crates.io/", "--db", db, "--once");
    assertThat(sparse.code()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(sparse.err()).contains("sparse+https://index.crates.io/", "registry+file:///");
    Run interval = cli("follow", "--index", "registry+file:///x", "--db", db, "--interval", "soon");
    assertThat(interval.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(interval.err()).contains("'soon' is not a duration");
    assertThat(tmp.resolve("store.mv.db")).doesNotExist();
  }

  /**
   * 50 rounds: commits land in the index, a follow process starts and is killed (SIGKILL) after a
   * random delay. After every kill, the queue holds exactly the versions of the commit the cursor
   * names: no version past the cursor, none missing before it, none in two rows.
   */
  @Test
  void killedAtRandomPointsItNeverSkipsOrRepeatsAVersion() throws Exception {
    TestCrateCommands git = new TestCrateCommands(tmp.resolve("h"));
    TestGitIndex index = TestGitIndex.create(tmp.resolve("index.git"), git);
    Random random = new Random(14);
    int partial = 0;
    int complete = 0;
    try (ScratchPostgres pg = ScratchPostgres.create();
        Database db = Database.open(pg.spec())) {
      String head = null;
      for (int round = 0; round < 50; round++) {
        for (int c = 0; c < 3; c++) {
          for (int v = 0; v < 8; v++) {
            index.publish("k" + round + "-" + c + "-" + (v % 3), "1." + c + "." + v);
          }
          head = index.commit("round " + round + " commit " + c);
        }
        Path log = tmp.resolve("follow-" + round + ".log");
        Process p =
            JavaProcess.start(
                Main.class,
                Map.of(),
                List.of(
                    "follow",
                    "--index",
                    index.spec(),
                    "--db",
                    pg.spec(),
                    "--once",
                    "--step-versions",
                    "3"),
                log);
        boolean exited = p.waitFor(200 + random.nextInt(2300), TimeUnit.MILLISECONDS);
        if (!exited) {
          p.destroyForcibly();
          p.waitFor(30, TimeUnit.SECONDS);
        }
        Optional<String> cursor = new RegistryFollow(db).cursor(index.spec());
        Set<PackageId> expected = cursor.map(index::versionsAt).orElse(Set.of());
        List<String> rows = queued(db);
        assertThat(new HashSet<>(rows)).as("no version in two rows").hasSize(rows.size());
        assertThat(rows)
            .as("round %d: the queue holds exactly the versions up to the cursor", round)
            .containsExactlyInAnyOrderElementsOf(expected.stream().map(Object::toString).toList());
        if (cursor.isPresent() && cursor.get().equals(head)) {
          complete++;
        } else {
          partial++;
        }
      }
      Run last = cli("follow", "--index", index.spec(), "--db", pg.spec(), "--once");
      assertThat(last.code()).as(last.err()).isZero();
      assertThat(new RegistryFollow(db).cursor(index.spec())).contains(head);
      assertThat(queued(db))
          .containsExactlyInAnyOrderElementsOf(
              index.versionsAt(head).stream().map(Object::toString).toList());
    }
    // The kills landed at different points: some runs were cut short, some finished.
    assertThat(partial).as("rounds killed before reaching HEAD").isPositive();
    System.out.println("follow kill rounds: " + partial + " cut short, " + complete + " finished");
  }

  private static List<String> queued(Database db) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT crate_name, crate_version FROM scan_job")) {
      while (rs.next()) {
        out.add(rs.getString(1) + "@" + rs.getString(2));
      }
    }
    return out;
  }
}
