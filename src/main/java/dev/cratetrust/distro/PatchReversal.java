package dev.cratetrust.distro;

import dev.cratetrust.crates.InputText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * Undoes a quilt patch series on a folder's files in memory, as a distribution reviewer does with
 * {@code quilt pop -a}: patches are reverse-applied last to first, each one whole or not at all.
 *
 * <p>A hunk applies when its lines after the patch are found exactly in the file (at the line its
 * header gives or at an offset, the nearest one winning, as {@code patch} does without fuzz). A
 * patch that is missing, unreadable or does not apply is recorded with the reason, and every file
 * it touches is left as it is on disk from then on. The result says which patches changed which
 * files; it does not say whether the changes are benign.
 *
 * <p>A hunk without context lines that only deleted lines (made with {@code diff -U0}, common in
 * Debian's {@code Cargo.toml} patches) has nothing to match when undone: only its header's line
 * number places it, and that number is often wrong (hand-edited patches, or patches made against
 * another version of the file). A {@link Placement} may move such hunks, first all together, then
 * one by one, to the nearest position that it judges strictly better than the header's; each move
 * is recorded in the patch's result. This cannot prove the position: it only ranks positions by
 * what the placement can check.
 */
public final class PatchReversal {
  private PatchReversal() {}

  /** What became of one patch of the series. */
  public enum Outcome {
    /** Every hunk was reverse-applied. */
    REVERSED,
    /** It was read but does not apply; its files are compared as they are. */
    NOT_APPLIED,
    /** It is missing from the folder or cannot be parsed. */
    UNREADABLE
  }

  /**
   * One patch's outcome.
   *
   * @param name the patch's path in the crate folder, e.g. {@code debian/patches/fix.patch}
   * @param detail why it was not applied (names the hunk), empty when reversed
   * @param files the files it touches, when it could be parsed
   */
  public record PatchResult(
      String name, Outcome outcome, Optional<String> detail, List<String> files) {
    public PatchResult {
      files = List.copyOf(files);
    }
  }

  /**
   * A file that differs from what it was before the series.
   *
   * @param before its content before the patches, empty when a patch added it
   * @param onDisk its content in the folder, empty when a patch deleted it
   * @param patches the patches that changed it, in series order
   */
  public record FileChange(
      String path, Optional<byte[]> before, Optional<byte[]> onDisk, List<String> patches) {
    public FileChange {
      patches = List.copyOf(patches);
    }
  }

  /**
   * The whole series undone as far as it goes.
   *
   * @param series the series file's path in the crate folder
   * @param seriesProblem why the series file could not be read (then nothing was reversed)
   * @param patches one result per patch, in series order
   * @param changes files whose content before the patches is known and differs, sorted by path
   */
  public record Result(
      String series,
      Optional<String> seriesProblem,
      List<PatchResult> patches,
      List<FileChange> changes) {
    public Result {
      patches = List.copyOf(patches);
      changes = List.copyOf(changes);
    }

    /** The changes by path. */
    public Map<String, FileChange> changesByPath() {
      Map<String, FileChange> m = new LinkedHashMap<>();
      for (FileChange c : changes) {
        m.put(c.path(), c);
      }
      return m;
    }
  }

  /**
   * Reverse-applies the series.
   *
   * @param folder the patches' folder in the crate folder, e.g. {@code debian/patches}
   * @param series the series file's bytes
   * @param patchFiles the patches by path relative to {@code folder}
   * @param files the folder's files by path (the patched state); not modified
   */
  public static Result reverse(
      String folder, byte[] series, Map<String, byte[]> patchFiles, Map<String, byte[]> files) {
    return reverse(folder, series, patchFiles, files, (path, content) -> true);
  }

  /**
   * Reverse-applies the series, checking files undone through context-free hunks with {@code
   * plausible} (path, content before the patch) and moving such hunks up to 3 lines when the file
   * is implausible at the header's position.
   */
  public static Result reverse(
      String folder,
      byte[] series,
      Map<String, byte[]> patchFiles,
      Map<String, byte[]> files,
      BiPredicate<String, byte[]> plausible) {
    return reverse(folder, series, patchFiles, files, Placement.plausible(plausible, 3));
  }

  /** Reverse-applies the series, placing context-free hunks with {@code placement}. */
  public static Result reverse(
      String folder,
      byte[] series,
      Map<String, byte[]> patchFiles,
      Map<String, byte[]> files,
      Placement placement) {
    String seriesName = folder + "/series";
    List<QuiltSeries.Entry> entries;
    try {
      entries = QuiltSeries.parse(series, seriesName);
    } catch (PatchException e) {
      return new Result(seriesName, Optional.of(e.getMessage()), List.of(), List.of());
    }
    List<List<UnifiedDiff.FilePatch>> readable = new ArrayList<>();
    for (QuiltSeries.Entry entry : entries) {
      byte[] bytes = patchFiles.get(entry.name());
      List<UnifiedDiff.FilePatch> fps = List.of();
      if (bytes != null) {
        try {
          fps = UnifiedDiff.parse(bytes, entry.strip(), folder + "/" + entry.name());
        } catch (PatchException e) {
          // recorded when the patch's turn comes
        }
      }
      readable.add(fps);
    }
    Map<String, byte[]> current = new HashMap<>(files);
    Map<String, List<String>> applied = new HashMap<>();
    Set<String> frozen = new HashSet<>();
    Map<String, String> frozenBy = new HashMap<>();
    PatchResult[] results = new PatchResult[entries.size()];
    for (int k = entries.size() - 1; k >= 0; k--) {
      QuiltSeries.Entry entry = entries.get(k);
      String name = folder + "/" + entry.name();
      byte[] bytes = patchFiles.get(entry.name());
      if (bytes == null) {
        results[k] =
            new PatchResult(
                name,
                Outcome.UNREADABLE,
                Optional.of(
                    "listed in " + seriesName + " line " + entry.line() + " but not in the folder"),
                List.of());
        continue;
      }
      List<UnifiedDiff.FilePatch> parsed;
      try {
        parsed = UnifiedDiff.parse(bytes, entry.strip(), name);
      } catch (PatchException e) {
        results[k] =
            new PatchResult(name, Outcome.UNREADABLE, Optional.of(e.getMessage()), List.of());
        continue;
      }
      List<String> touched =
          new ArrayList<>(new TreeSet<>(parsed.stream().map(UnifiedDiff.FilePatch::path).toList()));
      Optional<String> failure = Optional.empty();
      for (String p : touched) {
        if (frozen.contains(p)) {
          failure =
              Optional.of(
                  "not reverse-applied: "
                      + InputText.printable(p)
                      + " is left as it is because "
                      + frozenBy.get(p)
                      + " did not apply");
          break;
        }
      }
      Map<String, byte[]> staged = new HashMap<>();
      List<String> shifts = new ArrayList<>();
      if (failure.isEmpty()) {
        for (int s = parsed.size() - 1; s >= 0 && failure.isEmpty(); s--) {
          UnifiedDiff.FilePatch fp = parsed.get(s);
          byte[] content =
              staged.containsKey(fp.path()) ? staged.get(fp.path()) : current.get(fp.path());
          try {
            Placed placed = place(fp, content, placement, contexts(readable, k, fp.path()));
            byte[] before = placed.content();
            placed.moves().ifPresent(shifts::add);
            staged.put(fp.path(), before);
          } catch (PatchException e) {
            failure = Optional.of(e.getMessage());
          }
        }
      }
      if (failure.isPresent()) {
        for (String p : touched) {
          if (files.containsKey(p)) {
            current.put(p, files.get(p));
          } else {
            current.remove(p);
          }
          applied.remove(p);
          if (frozen.add(p)) {
            frozenBy.put(p, name);
          }
        }
        results[k] = new PatchResult(name, Outcome.NOT_APPLIED, failure, touched);
        continue;
      }
      for (Map.Entry<String, byte[]> e : staged.entrySet()) {
        if (e.getValue() == null) {
          current.remove(e.getKey());
        } else {
          current.put(e.getKey(), e.getValue());
        }
        applied.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).addFirst(name);
      }
      results[k] =
          new PatchResult(
              name,
              Outcome.REVERSED,
              shifts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", shifts)),
              touched);
    }
    Map<String, FileChange> changes = new TreeMap<>();
    for (Map.Entry<String, List<String>> e : applied.entrySet()) {
      String p = e.getKey();
      byte[] before = current.get(p);
      byte[] disk = files.get(p);
      if (before != null && disk != null && Arrays.equals(before, disk)) {
        continue;
      }
      changes.put(
          p,
          new FileChange(p, Optional.ofNullable(before), Optional.ofNullable(disk), e.getValue()));
    }
    return new Result(
        seriesName, Optional.empty(), Arrays.asList(results), new ArrayList<>(changes.values()));
  }

  /** A file's content before a patch, and how its context-free hunks were moved, if they were. */
  private record Placed(byte[] content, Optional<String> moves) {}

  /**
   * Undoes {@code fp}, moving its context-free hunks where {@code placement} judges the result
   * strictly better than at the headers' positions: all by the same distance first, then each on
   * its own, nearest positions first.
   */
  private static Placed place(
      UnifiedDiff.FilePatch fp, byte[] content, Placement placement, List<List<String>> later)
      throws PatchException {
    List<UnifiedDiff.Hunk> hunks = fp.hunks();
    int[] shifts = new int[hunks.size()];
    List<Integer> free = new ArrayList<>();
    for (int i = 0; i < hunks.size(); i++) {
      if (hunks.get(i).newLines().isEmpty()) {
        free.add(i);
      }
    }
    int window = fp.kind() == UnifiedDiff.Kind.MODIFY ? placement.window(fp.path()) : 0;
    if (free.isEmpty() || window <= 0 || content == null) {
      return new Placed(reverseFile(fp, content, shifts), Optional.empty());
    }
    PatchException atHeader = null;
    byte[] best;
    try {
      best = reverseFile(fp, content, shifts);
    } catch (PatchException e) {
      atHeader = e;
      best = null;
    }
    long bestCost = best == null ? Placement.IMPLAUSIBLE : cost(fp.path(), best, placement, later);
    for (int d : distances(window)) {
      if (bestCost == 0) {
        break;
      }
      int[] tried = shifts.clone();
      free.forEach(i -> tried[i] = d);
      byte[] candidate = tryReverse(fp, content, tried);
      long cost =
          candidate == null ? Placement.IMPLAUSIBLE : cost(fp.path(), candidate, placement, later);
      if (cost < bestCost || (best == null && candidate != null)) {
        best = candidate;
        bestCost = cost;
        System.arraycopy(tried, 0, shifts, 0, shifts.length);
      }
    }
    // One hunk at a time, again while that improves anything: a hunk's best position can depend on
    // where a later one went.
    for (int round = 0; round < MAX_ROUNDS && bestCost > 0; round++) {
      boolean improved = false;
      for (int i : free) {
        int start = shifts[i];
        for (int d : distances(window)) {
          if (bestCost == 0) {
            break;
          }
          int[] tried = shifts.clone();
          tried[i] = start + d;
          byte[] candidate = tryReverse(fp, content, tried);
          long cost =
              candidate == null
                  ? Placement.IMPLAUSIBLE
                  : cost(fp.path(), candidate, placement, later);
          if (cost < bestCost || (best == null && candidate != null)) {
            best = candidate;
            bestCost = cost;
            shifts[i] = tried[i];
            improved = true;
          }
        }
      }
      if (!improved) {
        break;
      }
    }
    if (best == null && atHeader != null) {
      throw atHeader;
    }
    List<String> moved = new ArrayList<>();
    for (int i : free) {
      if (shifts[i] != 0) {
        moved.add(
            "hunk "
                + hunks.get(i).number()
                + " "
                + Math.abs(shifts[i])
                + (Math.abs(shifts[i]) == 1 ? " line " : " lines ")
                + (shifts[i] < 0 ? "above" : "below"));
      }
    }
    if (moved.isEmpty()) {
      return new Placed(best, Optional.empty());
    }
    return new Placed(
        best,
        Optional.of(
            "context-free hunks of "
                + InputText.printable(fp.path())
                + " undone away from the header's position ("
                + String.join(", ", moved)
                + "): "
                + placement.reason()));
  }

  /** How many times the hunks are placed one by one at most. */
  private static final int MAX_ROUNDS = 4;

  /** What a later hunk that no longer finds its lines costs, above any placement's own cost. */
  private static final long UNMATCHED_LATER_HUNK = 1L << 40;

  /**
   * The placement's cost of {@code content}, raised for every hunk of the patches still to undo
   * (earlier in the series) whose lines it no longer holds: a position that breaks them is wrong.
   */
  private static long cost(
      String path, byte[] content, Placement placement, List<List<String>> later) {
    long own = placement.cost(path, content);
    if (own == Placement.IMPLAUSIBLE) {
      return own;
    }
    List<String> lines = UnifiedDiff.splitLines(new String(content, StandardCharsets.ISO_8859_1));
    long unmatched = later.stream().filter(t -> find(lines, t, 0, 0) < 0).count();
    return Math.min(Placement.IMPLAUSIBLE - 1, own + unmatched * UNMATCHED_LATER_HUNK);
  }

  /**
   * The lines that each hunk with something to match, of the patches before {@code k} in the series
   * that touch {@code path}, needs to find when it is undone.
   */
  private static List<List<String>> contexts(
      List<List<UnifiedDiff.FilePatch>> patches, int k, String path) {
    List<List<String>> out = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      for (UnifiedDiff.FilePatch fp : patches.get(j)) {
        if (fp.path().equals(path) && fp.kind() == UnifiedDiff.Kind.MODIFY) {
          fp.hunks().stream()
              .map(UnifiedDiff.Hunk::newLines)
              .filter(l -> !l.isEmpty())
              .forEach(out::add);
        }
      }
    }
    return out;
  }

  private static byte[] tryReverse(UnifiedDiff.FilePatch fp, byte[] content, int[] shifts) {
    try {
      return reverseFile(fp, content, shifts);
    } catch (PatchException e) {
      return null;
    }
  }

  /** -1, 1, -2, 2, ... up to {@code window}. */
  private static List<Integer> distances(int window) {
    List<Integer> out = new ArrayList<>();
    for (int d = 1; d <= window; d++) {
      out.add(-d);
      out.add(d);
    }
    return out;
  }

  /**
   * The file's content before {@code fp}, or null when {@code fp} created it; a hunk {@code i} with
   * nothing to match is placed {@code shifts[i]} lines from its header's position.
   */
  private static byte[] reverseFile(UnifiedDiff.FilePatch fp, byte[] content, int[] shifts)
      throws PatchException {
    String where = InputText.printable(fp.path());
    switch (fp.kind()) {
      case CREATE -> {
        if (content == null) {
          throw new PatchException(where + " is not in the folder, but the patch adds it");
        }
        StringBuilder added = new StringBuilder();
        fp.hunks().forEach(h -> h.newLines().forEach(added::append));
        if (!Arrays.equals(added.toString().getBytes(StandardCharsets.ISO_8859_1), content)) {
          throw new PatchException(
              where + " differs from what the patch adds (hunk 1 does not match the file)");
        }
        return null;
      }
      case DELETE -> {
        if (content != null) {
          throw new PatchException(where + " is in the folder, but the patch deletes it");
        }
        StringBuilder removed = new StringBuilder();
        fp.hunks().forEach(h -> h.oldLines().forEach(removed::append));
        return removed.toString().getBytes(StandardCharsets.ISO_8859_1);
      }
      case MODIFY -> {
        if (content == null) {
          throw new PatchException(where + " is not in the folder, but the patch changes it");
        }
        return modify(fp, content, where, shifts);
      }
    }
    throw new IllegalStateException("unknown kind " + fp.kind());
  }

  private static byte[] modify(UnifiedDiff.FilePatch fp, byte[] content, String where, int[] shifts)
      throws PatchException {
    List<String> lines = UnifiedDiff.splitLines(new String(content, StandardCharsets.ISO_8859_1));
    StringBuilder out = new StringBuilder(content.length + 64);
    int copied = 0;
    int offset = 0;
    for (int k = 0; k < fp.hunks().size(); k++) {
      UnifiedDiff.Hunk h = fp.hunks().get(k);
      List<String> target = h.newLines();
      int base = target.isEmpty() ? h.newStart() + shifts[k] : h.newStart() - 1;
      int at = find(lines, target, base + offset, copied);
      if (at < 0) {
        throw new PatchException(
            "hunk "
                + h.number()
                + " of "
                + where
                + " ("
                + InputText.printable(h.header())
                + ") does not match the file");
      }
      offset = at - base;
      for (int i = copied; i < at; i++) {
        out.append(lines.get(i));
      }
      h.oldLines().forEach(out::append);
      copied = at + target.size();
    }
    for (int i = copied; i < lines.size(); i++) {
      out.append(lines.get(i));
    }
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The position nearest {@code expected}, not before {@code min}, where {@code target} is. */
  private static int find(List<String> lines, List<String> target, int expected, int min) {
    int last = lines.size() - target.size();
    if (target.isEmpty()) {
      return expected >= min && expected <= lines.size() ? expected : -1;
    }
    if (last < min) {
      return -1;
    }
    int start = Math.clamp(expected, min, last);
    for (int d = 0; start - d >= min || start + d <= last; d++) {
      if (start + d <= last && matches(lines, target, start + d)) {
        return start + d;
      }
      if (d > 0 && start - d >= min && matches(lines, target, start - d)) {
        return start - d;
      }
    }
    return -1;
  }

  private static boolean matches(List<String> lines, List<String> target, int at) {
    for (int i = 0; i < target.size(); i++) {
      if (!lines.get(at + i).equals(target.get(i))) {
        return false;
      }
    }
    return true;
  }
}
