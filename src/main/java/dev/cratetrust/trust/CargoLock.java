package dev.cratetrust.trust;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.InputText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A parsed {@code Cargo.lock} (formats 1 to 4): every locked package with its source and checksum.
 *
 * <p>Parsing does not prove the lockfile matches a {@code Cargo.toml} or that checksums match the
 * registry; it only reads what the file claims.
 */
public record CargoLock(int format, List<LockedPackage> packages) {
  public static final int MAX_BYTES = 8 * 1024 * 1024;
  public static final int MAX_PACKAGES = 100_000;
  public static final String CRATES_IO_GIT_INDEX =
      "registry+https://github.com/rust-lang/crates.io-index";
  public static final String CRATES_IO_SPARSE_INDEX = "sparse+https://index.crates.io/";

  public CargoLock {
    packages = List.copyOf(packages);
  }

  /** Where a locked package comes from. */
  public enum SourceKind {
    /** crates.io, through its git or sparse index. */
    CRATES_IO,
    /** Another registry ({@code registry+} or {@code sparse+} URL). */
    REGISTRY,
    /** A git repository, pinned to a commit after {@code #}. */
    GIT,
    /** A path dependency or workspace member: no source line. */
    PATH,
    /** A source line of a kind this parser does not know. */
    OTHER
  }

  /** A package's source line, classified. */
  public record Source(SourceKind kind, Optional<String> url, Optional<String> gitCommit) {
    public static Source parse(Optional<String> line) {
      if (line.isEmpty()) {
        return new Source(SourceKind.PATH, Optional.empty(), Optional.empty());
      }
      String s = line.get();
      if (s.equals(CRATES_IO_GIT_INDEX)
          || s.equals(CRATES_IO_SPARSE_INDEX)
          || s.equals("sparse+https://index.crates.io")) {
        return new Source(SourceKind.CRATES_IO, line, Optional.empty());
      }
      if (s.startsWith("registry+") || s.startsWith("sparse+")) {
        return new Source(SourceKind.REGISTRY, line, Optional.empty());
      }
      if (s.startsWith("git+")) {
        int hash = s.lastIndexOf('#');
        Optional<String> commit = hash < 0 ? Optional.empty() : Optional.of(s.substring(hash + 1));
        return new Source(SourceKind.GIT, line, commit);
      }
      return new Source(SourceKind.OTHER, line, Optional.empty());
    }
  }

  /** One {@code [[package]]} entry. */
  public record LockedPackage(
      CrateName name,
      CrateVersion version,
      Source source,
      Optional<String> checksum,
      List<String> dependencies) {
    public LockedPackage {
      dependencies = List.copyOf(dependencies);
    }

    /** True for packages published on crates.io, the only ones advisories and audits describe. */
    public boolean fromCratesIo() {
      return source.kind() == SourceKind.CRATES_IO;
    }
  }

  /** Parses lockfile {@code text}; {@code input} names it in errors. */
  public static CargoLock parse(String input, String text) throws TrustInputException {
    JsonNode root = TomlFields.parse(input, text, MAX_BYTES);
    int format = 0;
    JsonNode version = root.get("version");
    if (version != null) {
      if (!version.isIntegralNumber()) {
        throw bad(input, "field 'version' is not an integer");
      }
      format = version.intValue();
      if (format < 3 || format > 4) {
        throw bad(input, "lockfile format version " + version.asString() + " is not supported");
      }
    }
    Map<String, String> v1Checksums = new HashMap<>();
    Optional<JsonNode> metadata = TomlFields.table(input, root, "metadata");
    if (metadata.isPresent()) {
      for (Map.Entry<String, JsonNode> e : metadata.get().properties()) {
        if (e.getKey().startsWith("checksum ") && e.getValue().isString()) {
          v1Checksums.put(e.getKey().substring("checksum ".length()), e.getValue().stringValue());
        }
      }
    }
    List<JsonNode> entries = new ArrayList<>();
    Optional<JsonNode> legacyRoot = TomlFields.table(input, root, "root");
    legacyRoot.ifPresent(entries::add);
    JsonNode pkgs = root.get("package");
    if (pkgs != null) {
      if (!pkgs.isArray()) {
        throw bad(input, "'package' is not an array of tables");
      }
      if (pkgs.size() > MAX_PACKAGES) {
        throw bad(input, "more than " + MAX_PACKAGES + " packages");
      }
      for (JsonNode p : pkgs.values()) {
        if (!p.isObject()) {
          throw bad(input, "a [[package]] entry is not a table");
        }
        entries.add(p);
      }
    }
    boolean v1Style = !v1Checksums.isEmpty() || legacyRoot.isPresent();
    List<LockedPackage> out = new ArrayList<>(entries.size());
    for (JsonNode p : entries) {
      String name = TomlFields.requiredString(input, p, "name");
      String problem = CrateName.problem(name);
      if (problem != null) {
        throw bad(input, "package name '" + InputText.printable(name) + "' " + problem);
      }
      String ver = TomlFields.requiredString(input, p, "version");
      if (!CrateVersion.isValid(ver)) {
        throw bad(
            input,
            "package " + name + ": version '" + InputText.printable(ver) + "' is not SemVer");
      }
      Optional<String> sourceLine = TomlFields.optionalString(input, p, "source");
      Optional<String> checksum = TomlFields.optionalString(input, p, "checksum");
      if (checksum.isEmpty() && sourceLine.isPresent()) {
        String key = name + " " + ver + " (" + sourceLine.get() + ")";
        checksum = Optional.ofNullable(v1Checksums.get(key));
      }
      if (checksum.isPresent() && !checksum.get().matches("[0-9a-f]{64}")) {
        if (!checksum.get().equals("<none>")) {
          throw bad(
              input,
              "package "
                  + name
                  + " "
                  + ver
                  + ": checksum '"
                  + InputText.printable(checksum.get())
                  + "' is not 64 hex digits");
        }
        checksum = Optional.empty();
      }
      List<String> deps = TomlFields.strings(input, p, "dependencies");
      out.add(
          new LockedPackage(
              CrateName.of(name), CrateVersion.of(ver), Source.parse(sourceLine), checksum, deps));
    }
    if (format == 0) {
      format = v1Style ? 1 : 2;
    }
    return new CargoLock(format, out);
  }

  private static TrustInputException bad(String input, String why) {
    return new TrustInputException("read lockfile " + InputText.printable(input) + ": " + why);
  }
}
