package dev.cratetrust.scan;

import dev.cratetrust.store.ScanRuns;
import dev.cratetrust.store.VerificationRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The study's summary of a scan: how many crates are gold star, need improvement (no vcs info; no
 * matching tag, with the "no tag at all" subset) or look sketchy (hash not in repository;
 * repository unusable; files not in repository), which crates count in several of those rows, and
 * one row per crate with its reasons. A scan's report also counts its input crates that have no
 * stored verdict as could not verify, with the reason, so its categories add up to its input.
 *
 * <p>A summary restates stored verdicts; it does not re-check any crate.
 */
public record ScanReport(
    Map<String, Long> counts, List<CrateRow> crates, Optional<Comparison> comparison) {

  /**
   * One crate version's verdict, or {@link #COULD_NOT_VERIFY} with a reason code and {@code detail}
   * saying why there is none.
   *
   * @param origin where it was verified from ({@code crates.io}, {@code vendor}, ...)
   * @param detail the error that kept it from being verified; empty for a verdict
   */
  public record CrateRow(
      String crate,
      String version,
      String category,
      List<String> reasons,
      String origin,
      String detail) {
    public CrateRow(String crate, String version, String category, List<String> reasons) {
      this(crate, version, category, reasons, VerificationRecord.CRATES_IO, "");
    }

    /** The summary rows (other than the category) this crate counts in. */
    public List<String> studyRows() {
      List<String> out = new ArrayList<>();
      for (Map.Entry<String, Set<String>> e : ROW_REASONS.entrySet()) {
        if (reasons.stream().anyMatch(e.getValue()::contains)) {
          out.add(e.getKey());
        }
      }
      return out;
    }

    public boolean inSeveralRows() {
      return studyRows().size() > 1;
    }
  }

  /** A crate whose verdict changed between two scans. */
  public record Change(String crate, CrateRow before, CrateRow after) {}

  /** Differences from another scan. */
  public record Comparison(
      String other,
      List<Change> improved,
      List<Change> regressed,
      List<Change> changedReasons,
      List<CrateRow> added,
      List<CrateRow> removed) {}

  public static final String TOTAL = "total";
  public static final String GOLD = "gold-star";
  public static final String NEEDS = "needs-improvement";
  public static final String SKETCHY = "looks-sketchy";
  public static final String COULD_NOT_VERIFY = "could-not-verify";
  public static final String NO_TAG_AT_ALL = "no-tag-at-all";
  public static final String SEVERAL = "in-several-rows";
  public static final String OTHER = "other-reasons-only";

  /** Summary rows after the three categories, with the reason codes that put a crate in them. */
  static final Map<String, Set<String>> ROW_REASONS = new LinkedHashMap<>();

  /** The category each summary row belongs to. */
  static final Map<String, String> ROW_CATEGORY = new LinkedHashMap<>();

  static {
    row("no-vcs-info", NEEDS, Set.of("no-vcs-info"));
    row("no-release-tag", NEEDS, Set.of("no-release-tag"));
    row("dirty", NEEDS, Set.of("dirty"));
    row("commit-not-in-repository", SKETCHY, Set.of("commit-not-in-repository"));
    row(
        "repository-unusable",
        SKETCHY,
        Set.of(
            "no-repository",
            "repository-unreachable",
            "unsupported-vcs",
            "invalid-repository-url",
            "repository-url-rejected"));
    row("files-not-in-repository", SKETCHY, Set.of("files-not-in-repository"));
    row("files-differ", SKETCHY, Set.of("files-differ"));
  }

  private static void row(String name, String category, Set<String> reasons) {
    ROW_REASONS.put(name, reasons);
    ROW_CATEGORY.put(name, category);
  }

  /** The ordered summary keys: total, categories, rows (with the no-tag subset), extras. */
  public static List<String> summaryKeys() {
    List<String> keys = new ArrayList<>(List.of(TOTAL, GOLD, NEEDS, SKETCHY, COULD_NOT_VERIFY));
    for (String r : ROW_REASONS.keySet()) {
      keys.add(r);
      if (r.equals("no-release-tag")) {
        keys.add(NO_TAG_AT_ALL);
      }
    }
    keys.add(SEVERAL);
    keys.add(OTHER);
    return keys;
  }

  /** Summarizes {@code records} (one per crate version and origin). */
  public static ScanReport of(List<VerificationRecord> records) {
    List<CrateRow> rows = new ArrayList<>();
    for (VerificationRecord r : records) {
      rows.add(row(r));
    }
    return summarize(rows);
  }

  /**
   * Summarizes one scan: every input crate is a row, with its stored verdict or as {@link
   * #COULD_NOT_VERIFY} with the reason, so the categories add up to the scan's input.
   */
  public static ScanReport ofScan(List<ScanRuns.MemberOutcome> outcomes) {
    List<CrateRow> rows = new ArrayList<>();
    for (ScanRuns.MemberOutcome o : outcomes) {
      if (o.result().isPresent()) {
        rows.add(row(o.result().get()));
        continue;
      }
      String code =
          o.jobState().isEmpty()
              ? "not-queued"
              : switch (o.jobState().get()) {
                case DEAD -> "failed-permanently";
                case QUEUED, RUNNING ->
                    o.lastError().isPresent() ? "waiting-for-retry" : "not-verified-yet";
                case DONE -> "result-not-stored";
              };
      rows.add(
          new CrateRow(
              o.id().name().value(),
              o.id().version().value(),
              COULD_NOT_VERIFY,
              List.of(code),
              o.origin(),
              o.lastError().orElse("")));
    }
    return summarize(rows);
  }

  private static CrateRow row(VerificationRecord r) {
    return new CrateRow(
        r.id().name().value(), r.id().version().value(), r.category(), r.reasons(), r.origin(), "");
  }

  private static ScanReport summarize(List<CrateRow> rows) {
    rows.sort(
        Comparator.comparing(CrateRow::crate)
            .thenComparing(CrateRow::version)
            .thenComparing(CrateRow::origin));
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String k : summaryKeys()) {
      counts.put(k, 0L);
    }
    for (CrateRow c : rows) {
      counts.merge(TOTAL, 1L, Long::sum);
      counts.merge(c.category(), 1L, Long::sum);
      if (c.category().equals(COULD_NOT_VERIFY)) {
        continue;
      }
      List<String> in = c.studyRows();
      for (String r : in) {
        counts.merge(r, 1L, Long::sum);
      }
      if (c.reasons().contains(NO_TAG_AT_ALL)) {
        counts.merge(NO_TAG_AT_ALL, 1L, Long::sum);
      }
      if (in.size() > 1) {
        counts.merge(SEVERAL, 1L, Long::sum);
      }
      if (in.isEmpty() && !c.category().equals(GOLD)) {
        counts.merge(OTHER, 1L, Long::sum);
      }
    }
    return new ScanReport(counts, List.copyOf(rows), Optional.empty());
  }

  /** This report with the differences from {@code before} (matched by crate name). */
  public ScanReport comparedWith(String otherName, ScanReport before) {
    Map<String, CrateRow> old = latestByName(before.crates);
    Map<String, CrateRow> now = latestByName(crates);
    List<Change> improved = new ArrayList<>();
    List<Change> regressed = new ArrayList<>();
    List<Change> changed = new ArrayList<>();
    List<CrateRow> added = new ArrayList<>();
    List<CrateRow> removed = new ArrayList<>();
    for (CrateRow n : now.values()) {
      CrateRow o = old.get(n.crate());
      if (o == null) {
        added.add(n);
        continue;
      }
      int d = rank(n.category()) - rank(o.category());
      Change c = new Change(n.crate(), o, n);
      if (d < 0) {
        improved.add(c);
      } else if (d > 0) {
        regressed.add(c);
      } else if (!Set.copyOf(o.reasons()).equals(Set.copyOf(n.reasons()))) {
        changed.add(c);
      }
    }
    for (CrateRow o : old.values()) {
      if (!now.containsKey(o.crate())) {
        removed.add(o);
      }
    }
    return new ScanReport(
        counts,
        crates,
        Optional.of(new Comparison(otherName, improved, regressed, changed, added, removed)));
  }

  private static Map<String, CrateRow> latestByName(List<CrateRow> rows) {
    Map<String, CrateRow> out = new HashMap<>();
    for (CrateRow r : rows) {
      out.merge(r.crate(), r, (a, b) -> compareVersions(a.version(), b.version()) >= 0 ? a : b);
    }
    Map<String, CrateRow> sorted = new java.util.TreeMap<>(out);
    return sorted;
  }

  private static int compareVersions(String a, String b) {
    if (dev.cratetrust.crates.CrateVersion.isValid(a)
        && dev.cratetrust.crates.CrateVersion.isValid(b)) {
      return dev.cratetrust.crates.CrateVersion.of(a)
          .compareTo(dev.cratetrust.crates.CrateVersion.of(b));
    }
    return a.compareTo(b);
  }

  /** gold-star 0, needs-improvement 1, looks-sketchy 2, anything else 3. */
  static int rank(String category) {
    return switch (category) {
      case GOLD -> 0;
      case NEEDS -> 1;
      case SKETCHY -> 2;
      default -> 3;
    };
  }

  /** {@code part} as a percentage of the total, one decimal. */
  public String percent(long part) {
    long total = counts.getOrDefault(TOTAL, 0L);
    return total == 0 ? "0.0" : String.format(java.util.Locale.ROOT, "%.1f", 100.0 * part / total);
  }

  /** A label for each summary key, as the study words it. */
  public static String label(String key) {
    return switch (key) {
      case TOTAL -> "crates";
      case GOLD -> "gold star";
      case NEEDS -> "needs improvement";
      case SKETCHY -> "looks sketchy";
      case COULD_NOT_VERIFY -> "could not verify";
      case "no-vcs-info" -> "  no vcs info";
      case "no-release-tag" -> "  no matching tag";
      case NO_TAG_AT_ALL -> "    of which no tag at all";
      case "dirty" -> "  dirty working tree";
      case "commit-not-in-repository" -> "  hash not in repository";
      case "repository-unusable" -> "  repository unusable";
      case "files-not-in-repository" -> "  files not in repository";
      case "files-differ" -> "  files differ from repository";
      case SEVERAL -> "counted in several rows";
      case OTHER -> "other reasons only";
      default -> key;
    };
  }
}
