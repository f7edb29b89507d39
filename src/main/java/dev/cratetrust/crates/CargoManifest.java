package dev.cratetrust.crates;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;

/**
 * The fields of a {@code Cargo.toml} that cratetrust reasons about: identity, repository link,
 * files copied from outside the package, build script, proc-macro flag, dependencies and the {@code
 * [features]} table ({@code featureTable}: feature to what it enables).
 *
 * <p>Values are as written: a field inherited with {@code workspace = true} appears as absent and
 * its key is listed in {@code inherited}, since resolving it needs the workspace root.
 */
public record CargoManifest(
    Optional<String> name,
    Optional<String> version,
    Optional<String> repository,
    Optional<String> readme,
    Optional<String> licenseFile,
    Optional<String> build,
    boolean buildDisabled,
    Optional<String> links,
    Optional<String> edition,
    boolean procMacro,
    List<Dependency> dependencies,
    List<String> features,
    Map<String, List<String>> featureTable,
    Set<String> inherited) {

  public static final int MAX_BYTES = 4 * 1024 * 1024;

  public CargoManifest {
    dependencies = List.copyOf(dependencies);
    features = List.copyOf(features);
    featureTable = Map.copyOf(featureTable);
    inherited = Set.copyOf(inherited);
  }

  /** A manifest that declares nothing (for a crate whose manifest could not be read). */
  public static CargoManifest empty() {
    return new CargoManifest(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        Optional.empty(),
        Optional.empty(),
        false,
        List.of(),
        List.of(),
        Map.of(),
        Set.of());
  }

  /** Which table a dependency was declared in. */
  public enum DependencyKind {
    NORMAL,
    DEV,
    BUILD
  }

  /**
   * One dependency entry.
   *
   * @param name the key in the table (the name the code uses)
   * @param packageName the crate actually depended on ({@code package = "..."} or the key)
   * @param req the version requirement, "" when none (path or git only)
   * @param target the {@code cfg(...)} or triple, "" when unconditional
   * @param features the features enabled, as written
   * @param defaultFeatures false when {@code default-features} (or {@code default_features}) is
   *     false
   * @param fromWorkspace declared with {@code workspace = true}: version, features and default
   *     features also come from the workspace root
   */
  public record Dependency(
      String name,
      String packageName,
      String req,
      DependencyKind kind,
      String target,
      boolean optional,
      boolean hasPath,
      boolean hasGit,
      List<String> features,
      boolean defaultFeatures,
      boolean fromWorkspace) {
    public Dependency {
      features = List.copyOf(features);
    }
  }

  /** The manifest is unreadable; the message says why. */
  public static final class InvalidManifestException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidManifestException(String message) {
      super(message);
    }
  }

  /** Parses the bytes of a {@code Cargo.toml}. */
  public static CargoManifest parse(byte[] bytes) throws InvalidManifestException {
    if (bytes.length > MAX_BYTES) {
      throw new InvalidManifestException("Cargo.toml is larger than " + MAX_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = Parsers.toml().readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (StreamConstraintsException e) {
      throw new InvalidManifestException(
          "Cargo.toml exceeds a parser limit (nesting depth "
              + Parsers.MAX_DEPTH
              + ", string or name length): "
              + e.getOriginalMessage());
    } catch (JacksonException e) {
      String where =
          e.getLocation() != null && e.getLocation().getLineNr() > 0
              ? " at line " + e.getLocation().getLineNr()
              : "";
      throw new InvalidManifestException(
          "Cargo.toml is not valid TOML" + where + ": " + e.getOriginalMessage());
    } catch (StackOverflowError e) {
      throw new InvalidManifestException("Cargo.toml is nested too deeply");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidManifestException("Cargo.toml is not a TOML table");
    }
    JsonNode pkg = root.path("package");
    if (pkg.isMissingNode()) {
      pkg = root.path("project");
    }
    JsonNode buildNode = pkg.get("build");
    boolean buildDisabled = buildNode != null && buildNode.isBoolean() && !buildNode.asBoolean();
    Optional<String> build = text(pkg, "build");
    if (buildNode != null && !buildNode.isString() && !buildNode.isBoolean()) {
      // Several build scripts (an unstable cargo feature) or a value cargo rejects: kept as
      // written so that any difference between two manifests shows.
      build = Optional.of(buildNode.toString());
    }
    Set<String> inherited = new TreeSet<>();
    if (pkg.isObject()) {
      for (Map.Entry<String, JsonNode> field : pkg.properties()) {
        if (field.getValue().isObject() && field.getValue().path("workspace").asBoolean(false)) {
          inherited.add(field.getKey());
        }
      }
    }
    List<Dependency> deps = new ArrayList<>();
    collect(root, "", deps);
    JsonNode targets = root.get("target");
    if (targets != null && targets.isObject()) {
      for (Map.Entry<String, JsonNode> t : targets.properties()) {
        collect(t.getValue(), t.getKey(), deps);
      }
    }
    List<String> features = new ArrayList<>();
    Map<String, List<String>> featureTable = new TreeMap<>();
    JsonNode f = root.get("features");
    if (f != null && f.isObject()) {
      features.addAll(f.propertyNames());
      for (Map.Entry<String, JsonNode> e : f.properties()) {
        List<String> enables = new ArrayList<>();
        if (e.getValue().isArray()) {
          for (JsonNode x : e.getValue()) {
            enables.add(x.isString() ? x.asString() : x.toString());
          }
        } else {
          enables.add(e.getValue().toString());
        }
        featureTable.put(e.getKey(), List.copyOf(enables));
      }
    }
    JsonNode lib = root.path("lib");
    JsonNode pm = lib.has("proc-macro") ? lib.get("proc-macro") : lib.get("proc_macro");
    return new CargoManifest(
        text(pkg, "name"),
        text(pkg, "version"),
        text(pkg, "repository"),
        text(pkg, "readme"),
        text(pkg, "license-file"),
        build,
        buildDisabled,
        text(pkg, "links"),
        text(pkg, "edition"),
        pm != null && pm.isBoolean() && pm.asBoolean(),
        deps,
        features,
        featureTable,
        inherited);
  }

  private static void collect(JsonNode table, String target, List<Dependency> out) {
    if (table == null || !table.isObject()) {
      return;
    }
    addAll(table.get("dependencies"), DependencyKind.NORMAL, target, out);
    addAll(table.get("dev-dependencies"), DependencyKind.DEV, target, out);
    addAll(table.get("dev_dependencies"), DependencyKind.DEV, target, out);
    addAll(table.get("build-dependencies"), DependencyKind.BUILD, target, out);
    addAll(table.get("build_dependencies"), DependencyKind.BUILD, target, out);
  }

  private static void addAll(
      JsonNode deps, DependencyKind kind, String target, List<Dependency> out) {
    if (deps == null || !deps.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> d : deps.properties()) {
      JsonNode v = d.getValue();
      if (v.isString()) {
        out.add(
            new Dependency(
                d.getKey(),
                d.getKey(),
                v.asString(),
                kind,
                target,
                false,
                false,
                false,
                List.of(),
                true,
                false));
      } else if (v.isObject()) {
        String pkgName =
            v.has("package") && v.get("package").isString()
                ? v.get("package").asString()
                : d.getKey();
        String req =
            v.has("version") && v.get("version").isString() ? v.get("version").asString() : "";
        List<String> features = new ArrayList<>();
        JsonNode f = v.get("features");
        if (f != null && f.isArray()) {
          for (JsonNode x : f) {
            features.add(x.isString() ? x.asString() : x.toString());
          }
        }
        JsonNode df =
            v.has("default-features") ? v.get("default-features") : v.get("default_features");
        out.add(
            new Dependency(
                d.getKey(),
                pkgName,
                req,
                kind,
                target,
                v.path("optional").asBoolean(false),
                v.has("path"),
                v.has("git"),
                features,
                df == null || !df.isBoolean() || df.asBoolean(),
                v.path("workspace").asBoolean(false)));
      }
    }
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isString() ? Optional.of(v.asString()) : Optional.empty();
  }

  /** The build script path: explicit {@code build}, else {@code build.rs} when present. */
  public Optional<String> buildScript(java.util.function.Predicate<String> fileExists) {
    if (buildDisabled) {
      return Optional.empty();
    }
    if (build.isPresent()) {
      return build;
    }
    return fileExists.test("build.rs") ? Optional.of("build.rs") : Optional.empty();
  }
}
