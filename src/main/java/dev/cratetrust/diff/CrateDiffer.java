package dev.cratetrust.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.diff.FileChange.Status;
import dev.cratetrust.diff.ManifestChanges.Change;
import dev.cratetrust.diff.ManifestChanges.DependencyChange;
import dev.cratetrust.diff.ManifestChanges.FieldChange;
import dev.cratetrust.signals.ContentKind;
import dev.cratetrust.signals.CrateSignals;
import dev.cratetrust.signals.Signal;
import dev.cratetrust.signals.SignalInput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compares two crate versions file by file, with unified diffs for text files, a summary of
 * manifest changes and the signals that appeared or disappeared.
 *
 * <p>It compares bytes as published; it does not say whether either version matches its repository.
 */
public final class CrateDiffer {
  /** Text files larger than this get no line diff. */
  public static final int MAX_DIFF_BYTES = 2 * 1024 * 1024;

  /** Total unified diff text kept per comparison; later files get a note instead. */
  public static final long MAX_TOTAL_DIFF_CHARS = 32L * 1024 * 1024;

  /**
   * Lines outside the common prefix and suffix above which no line diff is computed, since the
   * diff's cost grows with the product of file size and number of differences.
   */
  public static final int MAX_DIFFERING_LINES = 10_000;

  private final CrateSignals signals;

  public CrateDiffer(CrateSignals signals) {
    this.signals = signals;
  }

  public CrateDiff diff(CrateContents oldCrate, CrateContents newCrate) {
    return diff(oldCrate, newCrate, Set.of(), "Cargo.toml");
  }

  /**
   * Compares two sides, leaving {@code skipped} paths out of the file list (they still count for
   * signals) and summarising the manifest changes of {@code manifestPath} ({@code Cargo.toml.orig}
   * when comparing a crate with its repository).
   */
  public CrateDiff diff(
      CrateContents oldCrate, CrateContents newCrate, Set<String> skipped, String manifestPath) {
    Map<String, CrateFile> before = oldCrate.byPath();
    Map<String, CrateFile> after = newCrate.byPath();
    Set<String> paths = new TreeSet<>(before.keySet());
    paths.addAll(after.keySet());
    paths.removeAll(skipped);
    List<FileChange> files = new ArrayList<>();
    int unchanged = 0;
    long budget = MAX_TOTAL_DIFF_CHARS;
    for (String p : paths) {
      CrateFile a = before.get(p);
      CrateFile b = after.get(p);
      if (a != null && b != null && Arrays.equals(a.content(), b.content())) {
        unchanged++;
        continue;
      }
      FileChange c = change(p, a, b, budget > 0);
      budget -= c.unifiedDiff().map(String::length).orElse(0);
      files.add(c);
    }
    List<Signal> oldSignals = signals.signals(SignalInput.of(oldCrate));
    List<Signal> newSignals = signals.signals(SignalInput.of(newCrate));
    Set<String> oldCodes = oldSignals.stream().map(Signal::code).collect(Collectors.toSet());
    Set<String> newCodes = newSignals.stream().map(Signal::code).collect(Collectors.toSet());
    return new CrateDiff(
        oldCrate.id(),
        newCrate.id(),
        manifestChanges(before.get(manifestPath), after.get(manifestPath)),
        files,
        unchanged,
        newSignals.stream().filter(s -> !oldCodes.contains(s.code())).toList(),
        oldSignals.stream().filter(s -> !newCodes.contains(s.code())).toList());
  }

  private static FileChange change(String path, CrateFile a, CrateFile b, boolean withText) {
    Status status = a == null ? Status.ADDED : b == null ? Status.REMOVED : Status.CHANGED;
    long oldSize = a == null ? 0 : a.size();
    long newSize = b == null ? 0 : b.size();
    boolean binary = isBinary(a) || isBinary(b);
    if (binary) {
      return new FileChange(
          path,
          status,
          true,
          oldSize,
          newSize,
          0,
          0,
          Optional.empty(),
          Optional.of("binary content"));
    }
    if (oldSize > MAX_DIFF_BYTES || newSize > MAX_DIFF_BYTES) {
      return new FileChange(
          path,
          status,
          false,
          oldSize,
          newSize,
          0,
          0,
          Optional.empty(),
          Optional.of("larger than " + MAX_DIFF_BYTES + " bytes; no line diff"));
    }
    List<String> left = lines(a);
    List<String> right = lines(b);
    int differing = differingLines(left, right);
    if (differing > MAX_DIFFERING_LINES) {
      return new FileChange(
          path,
          status,
          false,
          oldSize,
          newSize,
          0,
          0,
          Optional.empty(),
          Optional.of("more than " + MAX_DIFFERING_LINES + " differing lines; no line diff"));
    }
    Patch<String> patch = DiffUtils.diff(left, right);
    int added = 0;
    int removed = 0;
    for (AbstractDelta<String> d : patch.getDeltas()) {
      added += d.getTarget().size();
      removed += d.getSource().size();
    }
    if (!withText) {
      return new FileChange(
          path,
          status,
          false,
          oldSize,
          newSize,
          added,
          removed,
          Optional.empty(),
          Optional.of("diff output limit reached"));
    }
    List<String> unified =
        UnifiedDiffUtils.generateUnifiedDiff(
            a == null ? "/dev/null" : "a/" + path,
            b == null ? "/dev/null" : "b/" + path,
            left,
            patch,
            3);
    String text = unified.isEmpty() ? "" : String.join("\n", unified) + "\n";
    return new FileChange(
        path,
        status,
        false,
        oldSize,
        newSize,
        added,
        removed,
        text.isEmpty() ? Optional.empty() : Optional.of(text),
        text.isEmpty() ? Optional.of("only line endings differ") : Optional.empty());
  }

  /** Lines of both sides left after removing the common prefix and suffix. */
  static int differingLines(List<String> a, List<String> b) {
    int start = 0;
    int max = Math.min(a.size(), b.size());
    while (start < max && a.get(start).equals(b.get(start))) {
      start++;
    }
    int endA = a.size();
    int endB = b.size();
    while (endA > start && endB > start && a.get(endA - 1).equals(b.get(endB - 1))) {
      endA--;
      endB--;
    }
    return (endA - start) + (endB - start);
  }

  private static boolean isBinary(CrateFile f) {
    return f != null && ContentKind.detect(f.content()).kind() != ContentKind.TEXT;
  }

  private static List<String> lines(CrateFile f) {
    if (f == null || f.size() == 0) {
      return List.of();
    }
    return new String(f.content(), StandardCharsets.UTF_8).lines().toList();
  }

  static Optional<ManifestChanges> manifestChanges(CrateFile a, CrateFile b) {
    if (a == null || b == null) {
      return Optional.empty();
    }
    CargoManifest m1;
    CargoManifest m2;
    try {
      m1 = CargoManifest.parse(a.content());
      m2 = CargoManifest.parse(b.content());
    } catch (CargoManifest.InvalidManifestException e) {
      return Optional.empty();
    }
    Map<String, CargoManifest.Dependency> d1 = dependencies(m1);
    Map<String, CargoManifest.Dependency> d2 = dependencies(m2);
    Set<String> keys = new TreeSet<>(d1.keySet());
    keys.addAll(d2.keySet());
    List<DependencyChange> deps = new ArrayList<>();
    for (String k : keys) {
      CargoManifest.Dependency x = d1.get(k);
      CargoManifest.Dependency y = d2.get(k);
      CargoManifest.Dependency any = y != null ? y : x;
      Change c = x == null ? Change.ADDED : y == null ? Change.REMOVED : null;
      if (c == null && !spec(x).equals(spec(y))) {
        c = Change.CHANGED;
      }
      if (c != null) {
        deps.add(
            new DependencyChange(
                any.packageName(),
                any.kind().name().toLowerCase(java.util.Locale.ROOT),
                any.target(),
                c,
                x == null ? "" : spec(x),
                y == null ? "" : spec(y)));
      }
    }
    Set<String> f1 = new TreeSet<>(m1.features());
    Set<String> f2 = new TreeSet<>(m2.features());
    List<String> featuresAdded = f2.stream().filter(f -> !f1.contains(f)).toList();
    List<String> featuresRemoved = f1.stream().filter(f -> !f2.contains(f)).toList();
    List<FieldChange> fields = new ArrayList<>();
    field(fields, "package.build", buildField(m1), buildField(m2));
    field(fields, "lib.proc-macro", m1.procMacro() ? "true" : "", m2.procMacro() ? "true" : "");
    field(fields, "package.links", m1.links().orElse(""), m2.links().orElse(""));
    field(fields, "package.edition", m1.edition().orElse(""), m2.edition().orElse(""));
    field(fields, "package.repository", m1.repository().orElse(""), m2.repository().orElse(""));
    field(fields, "package.name", m1.name().orElse(""), m2.name().orElse(""));
    return Optional.of(new ManifestChanges(deps, featuresAdded, featuresRemoved, fields));
  }

  private static String buildField(CargoManifest m) {
    return m.buildDisabled() ? "false" : m.build().orElse("");
  }

  private static void field(List<FieldChange> out, String name, String a, String b) {
    if (!Objects.equals(a, b)) {
      out.add(new FieldChange(name, a, b));
    }
  }

  private static Map<String, CargoManifest.Dependency> dependencies(CargoManifest m) {
    Map<String, CargoManifest.Dependency> out = new TreeMap<>();
    for (CargoManifest.Dependency d : m.dependencies()) {
      out.put(d.kind() + "\u0000" + d.target() + "\u0000" + d.name(), d);
    }
    return new LinkedHashMap<>(out);
  }

  private static String spec(CargoManifest.Dependency d) {
    List<String> parts = new ArrayList<>();
    if (!d.req().isEmpty()) {
      parts.add(d.req());
    }
    if (!d.packageName().equals(d.name())) {
      parts.add("package=" + d.packageName());
    }
    if (d.optional()) {
      parts.add("optional");
    }
    if (d.hasPath()) {
      parts.add("path");
    }
    if (d.hasGit()) {
      parts.add("git");
    }
    return String.join(" ", parts);
  }
}
