package dev.cratetrust.registry;

import dev.cratetrust.testing.DbDumpBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Parses a generated full-size dump (200k crates, 2M versions by default) and prints time and peak
 * heap; run with {@code -Xmx512m} to show the parse fits. Args: dump path, crates, versions per
 * crate.
 */
public final class DbDumpBenchmark {
  private DbDumpBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dump = Path.of(args.length > 0 ? args[0] : "target/bench-db-dump.tar.gz");
    int crates = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    int perCrate = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    if (!Files.exists(dump)) {
      long t0 = System.nanoTime();
      DbDumpBuilder.generated(crates, perCrate, crates / 5).write(dump);
      System.out.printf(
          "generated %s: %d crates x %d versions, %d MiB compressed, %.1f s%n",
          dump, crates, perCrate, Files.size(dump) >> 20, (System.nanoTime() - t0) / 1e9);
    }
    run("top 500, default versions", dump, DbDumpSelection.top(500));
    run(
        "all versions of all crates (streamed)",
        dump,
        new DbDumpSelection(OptionalInt.empty(), true, Optional.empty(), Optional.empty()));
    System.out.printf(
        "max heap %d MiB, peak heap used %d MiB, java %s, %d cpus%n",
        Runtime.getRuntime().maxMemory() >> 20,
        peakHeap() >> 20,
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
  }

  private static void run(String what, Path dump, DbDumpSelection sel) throws Exception {
    resetPeaks();
    AtomicLong n = new AtomicLong();
    long t0 = System.nanoTime();
    DbDumpSummary s = DbDumpReader.select(dump, sel, v -> n.incrementAndGet());
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "%s: %d crates, %d versions read, %d selected in %.1f s; peak heap %d MiB%n",
        what, s.crates(), s.versions(), n.get(), secs, peakHeap() >> 20);
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
