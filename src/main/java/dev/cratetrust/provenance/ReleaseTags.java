package dev.cratetrust.provenance;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads tag names as release tags of a version in every common style: {@code 1.2.3}, {@code
 * v1.2.3}, {@code v/1.2.3}, {@code v1/2/3}, {@code release-1.2.3}, {@code release/1.2.3}, {@code
 * version-1.2.3}, and prefixed {@code name-1.2.3}, {@code name-v1.2.3}, {@code name_1.2.3}, {@code
 * name_v1.2.3}, {@code name/1.2.3}, {@code name/v1.2.3}, {@code name@1.2.3}, {@code name@v1.2.3},
 * {@code name-v/1.2.3}, {@code namev/1.2.3}, with build metadata dropped ({@code 0.4.45} for {@code
 * 0.4.45+curl-7.78.0}); case is ignored.
 *
 * <p>A reading says which version a tag names and with which prefix; whether that prefix names this
 * crate is {@link ReleaseTagPolicy}'s decision, and which commit the tag points at is the caller's.
 */
public final class ReleaseTags {
  private static final List<String[]> PREFIXED =
      List.of(
          new String[] {"-", "", "name-V"},
          new String[] {"-", "v", "name-vV"},
          new String[] {"_", "", "name_V"},
          new String[] {"_", "v", "name_vV"},
          new String[] {"/", "", "name/V"},
          new String[] {"/", "v", "name/vV"},
          new String[] {"@", "", "name@V"},
          new String[] {"@", "v", "name@vV"},
          new String[] {"-v/", "", "name-v/V"},
          new String[] {"v/", "", "namev/V"});

  private ReleaseTags() {}

  /**
   * One way to read a tag as a release tag of the version.
   *
   * @param prefix the lower-cased name part before the version ("" for the unprefixed styles)
   * @param style the style, e.g. {@code name-vV}
   */
  public record Reading(String prefix, String style) {}

  /** Every reading of {@code tag} as a release tag of {@code version}; empty when none. */
  public static List<Reading> read(String tag, CrateVersion version) {
    String t = tag.toLowerCase(Locale.ROOT);
    Set<String> versions = new LinkedHashSet<>();
    versions.add(version.value().toLowerCase(Locale.ROOT));
    versions.add(version.withoutBuild().value().toLowerCase(Locale.ROOT));
    List<Reading> out = new ArrayList<>();
    for (String v : versions) {
      for (String[] plain :
          List.of(
              new String[] {v, "V"},
              new String[] {"v" + v, "vV"},
              new String[] {"v/" + v, "v/V"},
              new String[] {"release-" + v, "release-V"},
              new String[] {"release/" + v, "release/V"},
              new String[] {"version-" + v, "version-V"})) {
        if (t.equals(plain[0])) {
          out.add(new Reading("", plain[1]));
        }
      }
    }
    List<String> nums = version.withoutBuild().releaseNumbers();
    String pre = version.preRelease().toLowerCase(Locale.ROOT);
    if (t.equals("v" + String.join("/", nums) + (pre.isEmpty() ? "" : "-" + pre))) {
      out.add(new Reading("", "vMAJOR/MINOR/PATCH"));
    }
    for (String v : versions) {
      for (String[] p : PREFIXED) {
        String suffix = p[0] + p[1] + v;
        if (t.endsWith(suffix) && t.length() > suffix.length()) {
          out.add(new Reading(t.substring(0, t.length() - suffix.length()), p[2]));
        }
      }
    }
    return out.stream().distinct().toList();
  }

  /**
   * The style of {@code tag} when it is a release tag of this version whose prefix, if any, is this
   * crate's name, a respelling or a shortened form of it, judged without knowing the other packages
   * of the repository (see {@link ReleaseTagPolicy}).
   */
  public static Optional<String> styleOf(String tag, CrateName name, CrateVersion version) {
    return new ReleaseTagPolicy(name, version, "").judge(tag, List.of(), true).style();
  }
}
