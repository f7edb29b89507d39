package dev.cratetrust.testing;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.store.VerificationResults;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Fills a store for the web benchmark ({@code bench/web.sh}): {@code N} crates named {@code
 * bench-00000}... with one or two versions each, stored through {@link VerificationResults} as
 * {@code scan} stores them, in the study's rough proportions (gold star, needs improvement, looks
 * sketchy) with reasons, a commit and a matched tag in the report. Seeded, so every run stores the
 * same rows.
 *
 * <p>Usage: {@code WebBenchStore STORE N}
 */
public final class WebBenchStore {
  private WebBenchStore() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: WebBenchStore STORE N");
      System.exit(2);
    }
    int n = Integer.parseInt(args[1]);
    Random random = new Random(11);
    Instant base = Instant.parse("2026-11-01T00:00:00Z");
    long rows = 0;
    try (Database db = Database.open(args[0])) {
      VerificationResults results = new VerificationResults(db);
      for (int i = 0; i < n; i++) {
        String name = String.format("bench-%05d", i);
        int versions = i % 3 == 0 ? 2 : 1;
        for (int v = 0; v < versions; v++) {
          String version = "1." + v + "." + (i % 7);
          int roll = random.nextInt(100);
          String category;
          List<String> reasons;
          if (roll < 55) {
            category = "gold-star";
            reasons = List.of();
          } else if (roll < 85) {
            category = "needs-improvement";
            reasons = roll < 70 ? List.of("no-release-tag") : List.of("no-vcs-info");
          } else {
            category = "looks-sketchy";
            reasons =
                roll < 93 ? List.of("files-not-in-repository") : List.of("repository-unreachable");
          }
          byte[] commit = new byte[20];
          random.nextBytes(commit);
          String hex = HexFormat.of().formatHex(commit);
          String report =
              "{\"crate\":\""
                  + name
                  + "\",\"version\":\""
                  + version
                  + "\",\"category\":\""
                  + category
                  + "\",\"repository\":\"https://github.com/bench/"
                  + name
                  + "\",\"commit\":\""
                  + hex
                  + "\",\"tags\":{\"matched\":\"v"
                  + version
                  + "\",\"how\":\"exact\"},\"files\":[]}";
          results.upsert(
              new VerificationRecord(
                  PackageId.of(name, version),
                  "cratetrust-bench",
                  category,
                  reasons,
                  Optional.of(CommitId.of(hex)),
                  "https://static.crates.io/crates/" + name + "/" + name + "-" + version + ".crate",
                  report,
                  base.plusSeconds(60L * i + v)));
          rows++;
        }
      }
    }
    System.out.println("stored " + rows + " verifications of " + n + " crates in " + args[0]);
  }
}
