package dev.cratetrust.registry;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.Parsers;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One line of a cargo registry index file: a published version with its dependencies, features,
 * archive checksum and yank flag.
 *
 * <p>The index is the registry's claim; {@link #cksum()} lets a download be checked against it,
 * nothing here is verified against the archive itself.
 *
 * @param cksum lower-case hex SHA-256 of the {@code .crate}
 * @param features2 the {@code features2} map (v2 feature syntax), empty when absent
 * @param v index format version, 1 when absent
 * @param pubtime publication time, present on lines written since 2025
 */
public record IndexEntry(
    CrateName name,
    CrateVersion vers,
    List<Dependency> deps,
    String cksum,
    Map<String, List<String>> features,
    Map<String, List<String>> features2,
    boolean yanked,
    Optional<String> links,
    int v,
    Optional<String> rustVersion,
    Optional<Instant> pubtime) {

  public IndexEntry {
    deps = List.copyOf(deps);
    features = Map.copyOf(features);
    features2 = Map.copyOf(features2);
  }

  /** Which table a dependency comes from. */
  public enum Kind {
    NORMAL,
    DEV,
    BUILD
  }

  /**
   * One dependency of a published version.
   *
   * @param name the name the dependent uses (may be a rename)
   * @param req version requirement
   * @param registry index URL of another registry, absent for the same registry
   * @param packageName the real crate name when renamed
   */
  public record Dependency(
      String name,
      String req,
      List<String> features,
      boolean optional,
      boolean defaultFeatures,
      Optional<String> target,
      Kind kind,
      Optional<String> registry,
      Optional<String> packageName) {
    public Dependency {
      features = List.copyOf(features);
    }

    /** The crate depended on: {@code package} when renamed, else {@code name}. */
    public String crateName() {
      return packageName.orElse(name);
    }
  }

  public PackageId id() {
    return new PackageId(name, vers);
  }

  /**
   * Parses one index line.
   *
   * @throws IllegalArgumentException naming what is wrong with the line
   */
  public static IndexEntry parse(String line) {
    JsonNode n;
    try {
      n = Parsers.json().readTree(line);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    CrateName name = CrateName.of(requiredText(n, "name"));
    CrateVersion vers = CrateVersion.of(requiredText(n, "vers"));
    String cksum = requiredText(n, "cksum");
    if (!VendorChecksums.isSha256(cksum)) {
      throw new IllegalArgumentException(
          "cksum '" + InputText.printable(cksum) + "' is not 64 lower-case hex digits");
    }
    List<Dependency> deps = new ArrayList<>();
    JsonNode d = n.get("deps");
    if (d != null && !d.isNull()) {
      if (!d.isArray()) {
        throw new IllegalArgumentException("deps is not an array");
      }
      for (JsonNode dep : d) {
        deps.add(dependency(dep));
      }
    }
    JsonNode yanked = n.get("yanked");
    Optional<Instant> pubtime = Optional.empty();
    Optional<String> pt = text(n, "pubtime");
    if (pt.isPresent()) {
      try {
        pubtime = Optional.of(Instant.parse(pt.get()));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "pubtime '" + InputText.printable(pt.get()) + "' is not an RFC 3339 time");
      }
    }
    JsonNode v = n.get("v");
    return new IndexEntry(
        name,
        vers,
        deps,
        cksum,
        featureMap(n.get("features"), "features"),
        featureMap(n.get("features2"), "features2"),
        yanked != null && yanked.isBoolean() && yanked.asBoolean(),
        text(n, "links"),
        v != null && v.isIntegralNumber() ? v.asInt() : 1,
        text(n, "rust_version"),
        pubtime);
  }

  private static Dependency dependency(JsonNode dep) {
    if (!dep.isObject()) {
      throw new IllegalArgumentException("a dependency is not an object");
    }
    List<String> features = new ArrayList<>();
    JsonNode f = dep.get("features");
    if (f != null && f.isArray()) {
      for (JsonNode x : f) {
        features.add(x.asString());
      }
    }
    String kind = text(dep, "kind").orElse("normal");
    Kind k =
        switch (kind) {
          case "normal" -> Kind.NORMAL;
          case "dev" -> Kind.DEV;
          case "build" -> Kind.BUILD;
          default ->
              throw new IllegalArgumentException(
                  "dependency kind '" + InputText.printable(kind) + "' is unknown");
        };
    JsonNode df = dep.get("default_features");
    return new Dependency(
        requiredText(dep, "name"),
        requiredText(dep, "req"),
        features,
        dep.path("optional").asBoolean(false),
        df == null || !df.isBoolean() || df.asBoolean(),
        text(dep, "target"),
        k,
        text(dep, "registry"),
        text(dep, "package"));
  }

  private static Map<String, List<String>> featureMap(JsonNode node, String field) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(field + " is not an object");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      List<String> values = new ArrayList<>();
      if (e.getValue().isArray()) {
        for (JsonNode x : e.getValue()) {
          values.add(x.asString());
        }
      }
      out.put(e.getKey(), List.copyOf(values));
    }
    return out;
  }

  private static String requiredText(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isString()) {
      throw new IllegalArgumentException(field + " is missing or not a string");
    }
    return v.asString();
  }

  private static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isString() ? Optional.of(v.asString()) : Optional.empty();
  }
}
