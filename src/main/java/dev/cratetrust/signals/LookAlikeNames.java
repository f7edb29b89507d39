package dev.cratetrust.signals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds popular crate names that a given name could be mistaken for: one or two edits, swapped
 * {@code -}/{@code _} or dropped separators, confusable characters ({@code l}/{@code 1}, {@code
 * 0}/{@code o}, {@code rn}/{@code m}), reordered parts and added affixes like {@code rust-} or
 * {@code -rs}.
 *
 * <p>A similar name is a fact about spelling, not intent: many similar names are legitimate
 * companion or fork crates.
 */
public final class LookAlikeNames {
  private static final List<String> PREFIXES = List.of("rust_", "rs_", "lib");
  private static final List<String> SUFFIXES = List.of("_rs", "_rust", "_sys", "_lib", "_crate");

  private final Map<String, String> popularByCanonical = new HashMap<>();
  private final Map<String, String> popularBySkeleton = new HashMap<>();

  /** Why a name resembles a popular one. */
  public enum Resemblance {
    SEPARATORS("differs only in '-', '_' or missing separators"),
    CONFUSABLE("differs only in easily confused characters"),
    REORDERED("has the same parts in another order"),
    AFFIX("adds a common prefix or suffix"),
    EDIT("differs by %d character edit(s)");

    private final String phrase;

    Resemblance(String phrase) {
      this.phrase = phrase;
    }

    String phrase(int distance) {
      return phrase.contains("%d") ? String.format(Locale.ROOT, phrase, distance) : phrase;
    }
  }

  /** A popular crate the name resembles, how, and at what edit distance. */
  public record Match(String popular, Resemblance how, int distance) {
    public String describe() {
      return how.phrase(distance);
    }
  }

  public LookAlikeNames(List<String> popularNames) {
    for (String p : popularNames) {
      popularByCanonical.putIfAbsent(canonical(p), p);
      popularBySkeleton.putIfAbsent(skeleton(p), p);
    }
  }

  /** The closest resemblance of {@code name} to a popular crate, if any; popular names get none. */
  public Optional<Match> match(String name) {
    String c = canonical(name);
    if (popularByCanonical.containsKey(c)) {
      return Optional.empty();
    }
    String sep = c.replace("_", "");
    String skel = skeleton(name);
    List<Match> found = new ArrayList<>();
    for (Map.Entry<String, String> e : popularByCanonical.entrySet()) {
      String p = e.getKey();
      if (p.replace("_", "").equals(sep)) {
        found.add(new Match(e.getValue(), Resemblance.SEPARATORS, 0));
      }
    }
    if (found.isEmpty() && popularBySkeleton.containsKey(skel)) {
      found.add(new Match(popularBySkeleton.get(skel), Resemblance.CONFUSABLE, 0));
    }
    if (found.isEmpty()) {
      String sorted = sortedParts(c);
      for (Map.Entry<String, String> e : popularByCanonical.entrySet()) {
        if (e.getKey().contains("_") && sortedParts(e.getKey()).equals(sorted)) {
          found.add(new Match(e.getValue(), Resemblance.REORDERED, 0));
        }
      }
    }
    if (found.isEmpty()) {
      for (String stripped : stripAffixes(c)) {
        String p = popularByCanonical.get(stripped);
        if (p != null) {
          found.add(new Match(p, Resemblance.AFFIX, 0));
        }
      }
    }
    if (found.isEmpty()) {
      int allowed = allowedEdits(c.length());
      Match best = null;
      if (allowed > 0) {
        for (Map.Entry<String, String> e : popularByCanonical.entrySet()) {
          String p = e.getKey();
          if (Math.abs(p.length() - c.length()) > allowed || allowedEdits(p.length()) == 0) {
            continue;
          }
          int d = damerauLevenshtein(c, p, allowed);
          if (d <= allowed
              && (best == null
                  || d < best.distance()
                  || (d == best.distance() && e.getValue().compareTo(best.popular()) < 0))) {
            best = new Match(e.getValue(), Resemblance.EDIT, d);
          }
        }
      }
      if (best != null) {
        found.add(best);
      }
    }
    return found.stream().min((a, b) -> a.popular().compareTo(b.popular()));
  }

  /** Edits tolerated for a name of this length: none below 5, one up to 9, two from 10. */
  static int allowedEdits(int length) {
    return length < 5 ? 0 : length < 10 ? 1 : 2;
  }

  static String canonical(String name) {
    return name.toLowerCase(Locale.ROOT).replace('-', '_');
  }

  /** The name with separators dropped and confusable characters folded to one form. */
  static String skeleton(String name) {
    String s = canonical(name).replace("_", "");
    s = s.replace("rn", "m").replace("vv", "w");
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      b.append(
          switch (ch) {
            case '1', 'i', '!', '|' -> 'l';
            case '0' -> 'o';
            default -> ch;
          });
    }
    return b.toString();
  }

  private static String sortedParts(String canonical) {
    String[] parts = canonical.split("_");
    java.util.Arrays.sort(parts);
    return String.join("_", parts);
  }

  private static List<String> stripAffixes(String c) {
    List<String> out = new ArrayList<>();
    for (String p : PREFIXES) {
      if (c.startsWith(p) && c.length() > p.length() + 2) {
        out.add(c.substring(p.length()));
      }
    }
    for (String s : SUFFIXES) {
      if (c.endsWith(s) && c.length() > s.length() + 2) {
        out.add(c.substring(0, c.length() - s.length()));
      }
    }
    return out;
  }

  /** Optimal-string-alignment distance, stopping early once it exceeds {@code limit}. */
  static int damerauLevenshtein(String a, String b, int limit) {
    int n = a.length();
    int m = b.length();
    int[][] d = new int[n + 1][m + 1];
    for (int i = 0; i <= n; i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= m; j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= n; i++) {
      int rowMin = Integer.MAX_VALUE;
      for (int j = 1; j <= m; j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
        rowMin = Math.min(rowMin, v);
      }
      if (rowMin > limit) {
        return limit + 1;
      }
    }
    return d[n][m];
  }
}
