package dev.cratetrust.provenance;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises release tag names for a crate version in every common style: {@code 1.2.3}, {@code
 * v1.2.3}, {@code name-1.2.3}, {@code name-v1.2.3}, {@code name_v1.2.3}, {@code name/v1.2.3},
 * {@code name@1.2.3}, {@code v/1.2.3}, {@code v1/2/3}, {@code release-1.2.3}, with shortened or
 * respelled name prefixes ({@code core-} for {@code parking_lot_core}, {@code md5-} for {@code
 * md-5}) and build metadata dropped ({@code 0.4.45} for {@code 0.4.45+curl-7.78.0}).
 *
 * <p>A matching name says nothing about which commit the tag points at; callers check that.
 */
public final class ReleaseTags {
  private ReleaseTags() {}

  /** Every accepted tag name (lower case) mapped to the style it represents. */
  public static Map<String, String> candidates(CrateName name, CrateVersion version) {
    Set<String> versions = new LinkedHashSet<>();
    versions.add(version.value());
    versions.add(version.withoutBuild().value());
    Set<String> prefixes = prefixes(name);
    Map<String, String> out = new LinkedHashMap<>();
    for (String v : versions) {
      put(out, v, "V");
      put(out, "v" + v, "vV");
      put(out, "v/" + v, "v/V");
      put(out, "release-" + v, "release-V");
      put(out, "release/" + v, "release/V");
      put(out, "version-" + v, "version-V");
      for (String p : prefixes) {
        for (String sep : List.of("-", "_", "/", "@", "-v/")) {
          put(out, p + sep + v, "name" + sep + "V");
          if (!sep.equals("-v/")) {
            put(out, p + sep + "v" + v, "name" + sep + "vV");
          }
        }
        put(out, p + "v/" + v, "namev/V");
      }
    }
    List<String> nums = version.withoutBuild().releaseNumbers();
    String pre = version.preRelease();
    String slashed = String.join("/", nums) + (pre.isEmpty() ? "" : "-" + pre);
    put(out, "v" + slashed, "vMAJOR/MINOR/PATCH");
    return out;
  }

  /** The style of {@code tag} when it is a release tag for this version, else empty. */
  public static Optional<String> styleOf(String tag, CrateName name, CrateVersion version) {
    return Optional.ofNullable(candidates(name, version).get(tag.toLowerCase(Locale.ROOT)));
  }

  /**
   * Whether {@code tag} contains a version number other than {@code version} ({@code v0.9.0} for
   * 1.0.0): such a tag is never taken as this version's release tag, whatever the manifest says.
   */
  public static boolean namesAnotherVersion(String tag, CrateVersion version) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\d+\\.\\d+(\\.\\d+)?(-[0-9A-Za-z.-]+)?").matcher(tag);
    String full = version.withoutBuild().value();
    while (m.find()) {
      String found = m.group();
      if (!full.equals(found) && !full.startsWith(found + ".") && !version.value().equals(found)) {
        return true;
      }
    }
    return false;
  }

  private static void put(Map<String, String> out, String tag, String style) {
    out.putIfAbsent(tag.toLowerCase(Locale.ROOT), style);
  }

  private static Set<String> prefixes(CrateName name) {
    String n = name.lowercase();
    Set<String> p = new LinkedHashSet<>();
    p.add(n);
    p.add(n.replace('-', '_'));
    p.add(n.replace('_', '-'));
    p.add(n.replace("-", "").replace("_", ""));
    p.add(n + "-rs");
    for (String suffix : List.of("-rs", "_rs", "-rust", "-sys", "_sys")) {
      if (n.endsWith(suffix) && n.length() > suffix.length()) {
        p.add(n.substring(0, n.length() - suffix.length()));
      }
    }
    int cut = Math.max(n.lastIndexOf('-'), n.lastIndexOf('_'));
    if (cut > 0 && cut < n.length() - 1) {
      p.add(n.substring(cut + 1));
    }
    return p;
  }
}
