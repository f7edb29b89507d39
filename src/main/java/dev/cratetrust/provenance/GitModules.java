package dev.cratetrust.provenance;

import java.util.Optional;

/** Reads the submodule URL for a path from the text of a {@code .gitmodules} file. */
final class GitModules {
  private GitModules() {}

  /** The {@code url} of the submodule whose {@code path} equals {@code modulePath}. */
  static Optional<String> urlForPath(String gitmodules, String modulePath) {
    String path = null;
    String url = null;
    for (String raw : (gitmodules + "\n[end]").split("\n")) {
      String line = raw.strip();
      if (line.startsWith("[")) {
        if (modulePath.equals(path) && url != null) {
          return Optional.of(url);
        }
        path = null;
        url = null;
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0 || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      String key = line.substring(0, eq).strip();
      String value = unquote(line.substring(eq + 1).strip());
      if (key.equals("path")) {
        path = value;
      } else if (key.equals("url")) {
        url = value;
      }
    }
    return Optional.empty();
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
        ? v.substring(1, v.length() - 1)
        : v;
  }
}
