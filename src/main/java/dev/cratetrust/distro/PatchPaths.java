package dev.cratetrust.distro;

/** Checks that a path named by a series or a patch stays inside its folder. */
final class PatchPaths {
  private PatchPaths() {}

  /** Why {@code path} cannot be used as a relative path inside a folder, or null when it can. */
  static String problem(String path) {
    if (path.isEmpty()) {
      return "is empty";
    }
    if (path.startsWith("/")) {
      return "is absolute: it escapes the folder";
    }
    if (path.indexOf('\\') >= 0) {
      return "contains a backslash";
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "contains a control character";
      }
    }
    for (String part : path.split("/", -1)) {
      if (part.equals("..")) {
        return "has a '..' component: it escapes the folder";
      }
      if (part.isEmpty() || part.equals(".")) {
        return "has an empty or '.' component";
      }
    }
    return null;
  }
}
