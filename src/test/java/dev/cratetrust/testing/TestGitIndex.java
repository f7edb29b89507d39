package dev.cratetrust.testing;

import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.PackageId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a registry index in the crates.io git format (config.json, one file of JSON lines per
 * crate at {@code 3/s/syn}-style paths) as a real git repository, one commit per call of {@link
 * #commit}, and remembers which versions each commit holds.
 */
public final class TestGitIndex {
  private final Path dir;
  private final TestCrateCommands commands;
  private final Map<String, List<String>> files = new LinkedHashMap<>();
  private final Map<String, Set<PackageId>> versionsAt = new LinkedHashMap<>();
  private final Set<PackageId> current = new HashSet<>();

  private TestGitIndex(Path dir, TestCrateCommands commands) {
    this.dir = dir;
    this.commands = commands;
  }

  /** A new index repository in {@code dir} with its {@code config.json} committed. */
  public static TestGitIndex create(Path dir, TestCrateCommands commands) throws IOException {
    Files.createDirectories(dir);
    commands.git(dir, "init", "-q", "-b", "master");
    Files.writeString(
        dir.resolve("config.json"),
        "{\"dl\":\"http://127.0.0.1:1/api/v1/crates\",\"api\":\"http://127.0.0.1:1\"}\n");
    TestGitIndex index = new TestGitIndex(dir, commands);
    index.commit("config");
    return index;
  }

  /** The spec {@code cratetrust follow --index} takes. */
  public String spec() {
    return "registry+" + dir.toUri();
  }

  public Path dir() {
    return dir;
  }

  /** Appends a version line (not yanked) to its crate's file. */
  public TestGitIndex publish(String name, String version) {
    return publish(name, version, false);
  }

  /** Appends a version line to its crate's file. */
  public TestGitIndex publish(String name, String version, boolean yanked) {
    files
        .computeIfAbsent(path(name), p -> new ArrayList<>())
        .add(line(name, version, yanked) + "\n");
    current.add(PackageId.of(name, version));
    return this;
  }

  /** Rewrites a version's line with the yanked flag set to {@code yanked}. */
  public TestGitIndex yank(String name, String version, boolean yanked) {
    List<String> lines = files.get(path(name));
    lines.replaceAll(
        l ->
            l.equals(line(name, version, !yanked) + "\n") ? line(name, version, yanked) + "\n" : l);
    return this;
  }

  /** Removes a crate's whole file. */
  public TestGitIndex delete(String name) {
    files.put(path(name), null);
    current.removeIf(id -> id.name().value().equals(name));
    return this;
  }

  /**
   * Appends text as is to the file at {@code path}: a malformed line (ending in a newline) or a
   * truncated last line (without).
   */
  public TestGitIndex appendRaw(String path, String text) {
    files.computeIfAbsent(path, p -> new ArrayList<>()).add(text);
    return this;
  }

  /** Replaces raw text {@code from} in the file at {@code path} with a valid version line. */
  public TestGitIndex replaceRaw(String path, String from, String name, String version) {
    files.get(path).replaceAll(l -> l.equals(from) ? line(name, version, false) + "\n" : l);
    current.add(PackageId.of(name, version));
    return this;
  }

  /** Writes the files and commits them with the next fixed date; returns the commit id. */
  public String commit(String message) throws IOException {
    for (Map.Entry<String, List<String>> f : files.entrySet()) {
      Path p = dir.resolve(f.getKey());
      if (f.getValue() == null) {
        Files.deleteIfExists(p);
        continue;
      }
      Files.createDirectories(p.getParent());
      Files.writeString(p, String.join("", f.getValue()), StandardCharsets.UTF_8);
    }
    files.values().removeIf(v -> v == null);
    commands.git(dir, "add", "-A");
    commands.gitDated(dir, "commit", "-q", "--allow-empty", "-m", message);
    String id = commands.git(dir, "rev-parse", "HEAD");
    versionsAt.put(id, Set.copyOf(current));
    return id;
  }

  /** The valid versions in the index at commit {@code id} (made by this builder). */
  public Set<PackageId> versionsAt(String id) {
    Set<PackageId> v = versionsAt.get(id);
    if (v == null) {
      throw new IllegalArgumentException("no commit " + id + " made by this builder");
    }
    return v;
  }

  /** The crates.io index path of {@code name}. */
  public static String path(String name) {
    String n = new CrateName(name).lowercase();
    return switch (n.length()) {
      case 1 -> "1/" + n;
      case 2 -> "2/" + n;
      case 3 -> "3/" + n.charAt(0) + "/" + n;
      default -> n.substring(0, 2) + "/" + n.substring(2, 4) + "/" + n;
    };
  }

  /** The index line of a version, with a checksum derived from its name and version. */
  public static String line(String name, String version, boolean yanked) {
    return "{\"name\":\""
        + name
        + "\",\"vers\":\""
        + version
        + "\",\"deps\":[],\"cksum\":\""
        + sha256(name + "@" + version)
        + "\",\"features\":{},\"yanked\":"
        + yanked
        + "}";
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
