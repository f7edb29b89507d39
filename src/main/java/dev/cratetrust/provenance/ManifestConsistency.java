package dev.cratetrust.provenance;

import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.crates.CargoManifest.Dependency;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks that the {@code Cargo.toml} written by {@code cargo package} says what the author's {@code
 * Cargo.toml.orig} says: same name, version, build script, links, proc-macro flag, and no registry
 * dependency added, removed or given another version requirement.
 *
 * <p>Fields inherited from a workspace ({@code workspace = true}) cannot be resolved without the
 * workspace root; such dependencies are compared by presence only. Feature lists and metadata are
 * not compared.
 */
public final class ManifestConsistency {
  private ManifestConsistency() {}

  /** The differences found; empty when the two manifests are consistent. */
  public static List<String> differences(CargoManifest orig, CargoManifest normalized) {
    List<String> out = new ArrayList<>();
    same(out, "package.name", orig.name().orElse(null), normalized.name().orElse(null), true);
    same(
        out,
        "package.version",
        orig.version().orElse(null),
        normalized.version().orElse(null),
        true);
    same(out, "package.links", orig.links().orElse(null), normalized.links().orElse(null), false);
    if (orig.procMacro() != normalized.procMacro()) {
      out.add(
          "lib.proc-macro is "
              + orig.procMacro()
              + " in Cargo.toml.orig but "
              + normalized.procMacro()
              + " in Cargo.toml");
    }
    boolean origHasBuild = orig.build().isPresent() && !orig.buildDisabled();
    boolean normHasExplicitBuild = normalized.build().isPresent() && !normalized.buildDisabled();
    if (normHasExplicitBuild && orig.buildDisabled()) {
      out.add(
          "Cargo.toml declares build script "
              + normalized.build().get()
              + " but Cargo.toml.orig disables build scripts");
    } else if (origHasBuild
        && normHasExplicitBuild
        && !normalizePath(orig.build().get()).equals(normalizePath(normalized.build().get()))) {
      out.add(
          "package.build is '"
              + orig.build().get()
              + "' in Cargo.toml.orig but '"
              + normalized.build().get()
              + "' in Cargo.toml");
    }
    Map<String, Dependency> origDeps = index(orig.dependencies());
    Map<String, Dependency> normDeps = index(normalized.dependencies());
    for (Map.Entry<String, Dependency> e : normDeps.entrySet()) {
      Dependency n = e.getValue();
      Dependency o = origDeps.get(e.getKey());
      if (o == null) {
        out.add("dependency " + describe(n) + " is in Cargo.toml but not in Cargo.toml.orig");
      } else if (!o.req().isEmpty() && !n.req().isEmpty() && !sameReq(o.req(), n.req())) {
        out.add(
            "dependency "
                + describe(n)
                + " requires '"
                + n.req()
                + "' in Cargo.toml but '"
                + o.req()
                + "' in Cargo.toml.orig");
      } else if (!o.packageName().equals(n.packageName())) {
        out.add("dependency " + describe(n) + " points at another package than Cargo.toml.orig");
      }
    }
    for (Map.Entry<String, Dependency> e : origDeps.entrySet()) {
      Dependency o = e.getValue();
      boolean droppedByCargo = o.req().isEmpty() && (o.hasPath() || o.hasGit());
      boolean devOnly = o.kind() == CargoManifest.DependencyKind.DEV;
      if (!normDeps.containsKey(e.getKey()) && !droppedByCargo && !devOnly) {
        out.add("dependency " + describe(o) + " is in Cargo.toml.orig but not in Cargo.toml");
      }
    }
    return out;
  }

  private static boolean sameReq(String a, String b) {
    return stripCaret(a).equals(stripCaret(b));
  }

  private static String stripCaret(String req) {
    String r = req.replace(" ", "");
    return r.startsWith("^") ? r.substring(1) : r;
  }

  private static String normalizePath(String p) {
    String s = p.replace('\\', '/');
    return s.startsWith("./") ? s.substring(2) : s;
  }

  private static Map<String, Dependency> index(List<Dependency> deps) {
    Map<String, Dependency> m = new HashMap<>();
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

  private static void same(List<String> out, String field, String a, String b, boolean required) {
    if (!Objects.equals(a, b) && (required || (a != null && b != null))) {
      out.add(field + " is '" + a + "' in Cargo.toml.orig but '" + b + "' in Cargo.toml");
    }
  }
}
