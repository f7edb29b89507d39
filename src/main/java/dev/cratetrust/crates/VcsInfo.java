package dev.cratetrust.crates;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What a crate's {@code .cargo_vcs_info.json} says about its origin: absent, unreadable, or a
 * commit with its dirty flag and the package's folder within the repository.
 *
 * <p>This only records the publisher's claim; cargo itself states that "the provenance of the
 * package is not verified".
 */
public sealed interface VcsInfo {
  /** The file name cargo writes at the package root. */
  String FILE_NAME = ".cargo_vcs_info.json";

  int MAX_BYTES = 64 * 1024;

  /** The crate has no {@code .cargo_vcs_info.json}. */
  record Absent() implements VcsInfo {}

  /** The file exists but cannot be used; {@code reason} says why. */
  record Malformed(String reason) implements VcsInfo {}

  /** The file has no {@code git} section (another VCS or none recorded), only perhaps a path. */
  record NoGit(String pathInVcs) implements VcsInfo {}

  /**
   * A git commit claim.
   *
   * @param pathInVcs the package folder relative to the repository root ("" at the root); empty
   *     when the file predates {@code path_in_vcs} (cargo before 1.57)
   */
  record Git(CommitId sha1, boolean dirty, java.util.Optional<String> pathInVcs)
      implements VcsInfo {}

  /** Parses the file's bytes; never throws for bad content, returns {@link Malformed} instead. */
  static VcsInfo parse(byte[] bytes) {
    if (bytes.length == 0) {
      return new Malformed("is empty");
    }
    if (bytes.length > MAX_BYTES) {
      return new Malformed("larger than " + MAX_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = Parsers.json().readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (JacksonException e) {
      return new Malformed("not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      return new Malformed("not a JSON object");
    }
    String path = null;
    JsonNode p = root.get("path_in_vcs");
    if (p != null && !p.isNull()) {
      if (!p.isString()) {
        return new Malformed("path_in_vcs is not a string");
      }
      path = p.asString();
      String problem = pathProblem(path);
      if (problem != null) {
        return new Malformed("path_in_vcs '" + InputText.printable(path) + "' " + problem);
      }
    }
    JsonNode git = root.get("git");
    if (git == null || git.isNull()) {
      return new NoGit(path == null ? "" : path);
    }
    if (!git.isObject()) {
      return new Malformed("git is not an object");
    }
    JsonNode sha = git.get("sha1");
    if (sha == null || !sha.isString()) {
      return new Malformed("git.sha1 is missing or not a string");
    }
    if (!CommitId.isValid(sha.asString())) {
      return new Malformed(
          "git.sha1 '" + InputText.printable(sha.asString()) + "' is not 40 or 64 hex digits");
    }
    JsonNode dirty = git.get("dirty");
    if (dirty != null && !dirty.isNull() && !dirty.isBoolean()) {
      return new Malformed("git.dirty is not a boolean");
    }
    return new Git(
        CommitId.of(sha.asString()),
        dirty != null && dirty.asBoolean(),
        java.util.Optional.ofNullable(path));
  }

  /** Null when {@code path} is a safe relative {@code /} path (or empty), else the problem. */
  static String pathProblem(String path) {
    if (path.isEmpty()) {
      return null;
    }
    if (path.length() > 4096) {
      return "is longer than 4096 characters";
    }
    if (path.startsWith("/")) {
      return "is absolute";
    }
    if (path.indexOf('\\') >= 0) {
      return "contains a backslash";
    }
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) < 0x20) {
        return "contains a control character";
      }
    }
    for (String c : path.split("/", -1)) {
      if (c.isEmpty() || c.equals(".") || c.equals("..")) {
        return "has an empty, '.' or '..' component";
      }
    }
    return null;
  }
}
