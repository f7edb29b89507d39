package dev.cratetrust.provenance;

import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.crates.CargoManifest.Dependency;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Checks that the {@code Cargo.toml} written by {@code cargo package} says what the author's
 * manifest ({@code Cargo.toml.orig}, or the repository's {@code Cargo.toml} at the commit when the
 * crate has no {@code Cargo.toml.orig}) says: same name, version, links, proc-macro flag, build
 * script (an explicit {@code build}, else {@code build.rs} when the package has one, as cargo
 * detects it), {@code [features]} table, and no dependency added, removed, renamed, made optional
 * or not, or given another version requirement, other features or other default features.
 *
 * <p>What {@code cargo package} legitimately changes is allowed: {@code path} and {@code git} are
 * removed, dev-dependencies without a version are dropped. Fields inherited from a workspace
 * ({@code workspace = true}) are not resolved: an inherited package field is not compared, and an
 * inherited dependency is compared by presence, kind, target, rename and optional flag, with its
 * features only required to include the member's own. It does not check binaries, library paths,
 * profiles or metadata, which do not add code from outside the package.
 */
public final class ManifestConsistency {
  /** How the author's manifest is named in messages. */
  public static final String ORIG = "Cargo.toml.orig";

  /** How the repository's manifest is named in messages (crates without Cargo.toml.orig). */
  public static final String REPOSITORY = "the repository's Cargo.toml";

  private ManifestConsistency() {}

  /**
   * The differences between the author's manifest and the normalized one; empty when consistent.
   *
   * @param author the author's manifest
   * @param authorLabel how to name it in messages ({@link #ORIG} or {@link #REPOSITORY})
   * @param normalized the crate's {@code Cargo.toml}
   * @param inPackage whether a path (relative to the package root) is a file of the crate, for
   *     cargo's detection of {@code build.rs}
   */
  public static List<String> differences(
      CargoManifest author,
      String authorLabel,
      CargoManifest normalized,
      Predicate<String> inPackage) {
    List<String> out = new ArrayList<>();
    String a = authorLabel;
    same(out, a, "package.name", author.name(), normalized.name(), false);
    same(
        out,
        a,
        "package.version",
        author.version(),
        normalized.version(),
        author.inherited().contains("version"));
    same(out, a, "package.links", author.links(), normalized.links(), false);
    if (author.procMacro() != normalized.procMacro()) {
      out.add(
          "lib.proc-macro is "
              + author.procMacro()
              + " in "
              + a
              + " but "
              + normalized.procMacro()
              + " in Cargo.toml");
    }
    Optional<String> authorBuild = author.buildScript(inPackage).map(ManifestConsistency::path);
    Optional<String> normBuild = normalized.buildScript(inPackage).map(ManifestConsistency::path);
    if (!authorBuild.equals(normBuild)) {
      out.add(
          "the build script is "
              + authorBuild.map(s -> "'" + s + "'").orElse("none")
              + " by "
              + a
              + " but "
              + normBuild.map(s -> "'" + s + "'").orElse("none")
              + " by Cargo.toml");
    }
    if (!author.featureTable().equals(normalized.featureTable())) {
      for (String f : union(author.featureTable().keySet(), normalized.featureTable().keySet())) {
        List<String> x = author.featureTable().get(f);
        List<String> y = normalized.featureTable().get(f);
        if (x == null || y == null || !new HashSet<>(x).equals(new HashSet<>(y))) {
          out.add(
              "feature '"
                  + f
                  + "' enables "
                  + show(x)
                  + " in "
                  + a
                  + " but "
                  + show(y)
                  + " in Cargo.toml");
        }
      }
    }
    dependencies(out, a, author, normalized);
    return out;
  }

  private static void dependencies(
      List<String> out, String a, CargoManifest author, CargoManifest normalized) {
    Map<String, Dependency> authorDeps = index(author.dependencies());
    Map<String, Dependency> normDeps = index(normalized.dependencies());
    for (Map.Entry<String, Dependency> e : normDeps.entrySet()) {
      Dependency n = e.getValue();
      Dependency o = authorDeps.get(e.getKey());
      String d = "dependency " + describe(n);
      if (o == null) {
        out.add(d + " is in Cargo.toml but not in " + a);
        continue;
      }
      if (!o.fromWorkspace() && !o.req().isEmpty() && !sameReq(o.req(), n.req())) {
        out.add(d + " requires '" + n.req() + "' in Cargo.toml but '" + o.req() + "' in " + a);
      }
      if (!o.packageName().equals(n.packageName())) {
        out.add(
            d
                + " is package '"
                + n.packageName()
                + "' in Cargo.toml but '"
                + o.packageName()
                + "' in "
                + a);
      }
      if (o.optional() != n.optional()) {
        out.add(d + " is " + optional(n) + " in Cargo.toml but " + optional(o) + " in " + a);
      }
      if (!o.fromWorkspace() && o.defaultFeatures() != n.defaultFeatures()) {
        out.add(
            d
                + " has default features "
                + onOff(n.defaultFeatures())
                + " in Cargo.toml but "
                + onOff(o.defaultFeatures())
                + " in "
                + a);
      }
      Set<String> of = new TreeSet<>(o.features());
      Set<String> nf = new TreeSet<>(n.features());
      boolean featuresDiffer = o.fromWorkspace() ? !nf.containsAll(of) : !of.equals(nf);
      if (featuresDiffer) {
        out.add(d + " enables features " + nf + " in Cargo.toml but " + of + " in " + a);
      }
    }
    for (Map.Entry<String, Dependency> e : authorDeps.entrySet()) {
      Dependency o = e.getValue();
      boolean droppedByCargo = o.req().isEmpty() && (o.hasPath() || o.hasGit());
      boolean devOnly = o.kind() == CargoManifest.DependencyKind.DEV;
      if (!normDeps.containsKey(e.getKey()) && !droppedByCargo && !devOnly) {
        out.add("dependency " + describe(o) + " is in " + a + " but not in Cargo.toml");
      }
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> s = new TreeSet<>(a);
    s.addAll(b);
    return s;
  }

  private static String show(List<String> enables) {
    return enables == null ? "nothing (absent)" : enables.toString();
  }

  private static String optional(Dependency d) {
    return d.optional() ? "optional" : "not optional";
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }

  private static boolean sameReq(String a, String b) {
    return stripCaret(a).equals(stripCaret(b));
  }

  private static String stripCaret(String req) {
    String r = req.replace(" ", "");
    return r.startsWith("^") ? r.substring(1) : r;
  }

  private static String path(String p) {
    String s = p.replace('\\', '/');
    while (s.startsWith("./")) {
      s = s.substring(2);
    }
    return s;
  }

  private static Map<String, Dependency> index(List<Dependency> deps) {
    Map<String, Dependency> m = new LinkedHashMap<>();
    for (Dependency d : deps) {
      m.put(d.kind() + "|" + d.target() + "|" + d.name(), d);
    }
    return m;
  }

  private static String describe(Dependency d) {
    String where =
        switch (d.kind()) {
          case NORMAL -> "";
          case DEV -> " (dev)";
          case BUILD -> " (build)";
        };
    return "'" + d.name() + "'" + where + (d.target().isEmpty() ? "" : " for " + d.target());
  }

  private static void same(
      List<String> out,
      String a,
      String field,
      Optional<String> author,
      Optional<String> normalized,
      boolean inherited) {
    if (!inherited && !Objects.equals(author, normalized)) {
      out.add(
          field
              + " is "
              + author.map(s -> "'" + s + "'").orElse("absent")
              + " in "
              + a
              + " but "
              + normalized.map(s -> "'" + s + "'").orElse("absent")
              + " in Cargo.toml");
    }
  }
}
