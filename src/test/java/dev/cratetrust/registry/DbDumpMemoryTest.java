package dev.cratetrust.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cratetrust.testing.DbDumpBuilder;
import dev.cratetrust.testing.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guards bounded memory: a 20k-crate / 300k-version dump parses in a 40 MiB heap, in which holding
 * every version row (as a naive parser would; run the child with a second argument {@code hold})
 * runs out of memory.
 */
class DbDumpMemoryTest {
  @TempDir Path tmp;

  /** Child process: parses the dump twice (top 100, then all versions) and prints counts. */
  public static void main(String[] args) throws Exception {
    Path dump = Path.of(args[0]);
    AtomicLong n = new AtomicLong();
    List<DbDumpVersion> held = new java.util.ArrayList<>();
    boolean hold = args.length > 1 && args[1].equals("hold");
    DbDumpReader.select(dump, DbDumpSelection.top(100), v -> n.incrementAndGet());
    DbDumpSummary all =
        DbDumpReader.select(
            dump,
            new DbDumpSelection(OptionalInt.empty(), true, Optional.empty(), Optional.empty()),
            v -> {
              n.incrementAndGet();
              if (hold) {
                held.add(v);
              }
            });
    System.out.println("selected " + n.get() + " of " + all.versions());
  }

  @Test
  void largeDumpParsesInASmallHeap() throws Exception {
    Path dump = DbDumpBuilder.generated(20_000, 15, 4_000).write(tmp.resolve("dump.tar.gz"));
    Path log = tmp.resolve("child.log");
    Process p =
        JavaProcess.start("40m", DbDumpMemoryTest.class, Map.of(), List.of(dump.toString()), log);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(log);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("selected " + (100 + 300_000) + " of 300000");
  }
}
