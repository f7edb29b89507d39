package dev.cratetrust.signals;

import dev.cratetrust.signals.RustTokens.Kind;
import dev.cratetrust.signals.RustTokens.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the files a Rust source file pulls in ({@code mod x;}, {@code #[path]}, {@code include!}),
 * so a build script's scan follows its modules. Macros that build paths at compile time are not
 * followed.
 */
final class RustModuleReferences {
  private RustModuleReferences() {}

  /** Names of modules and included files that a Rust file pulls in, resolved relative to it. */
  static List<String> referencedFiles(String path, String text) {
    List<Token> t = RustTokens.tokenize(text);
    String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "";
    String stem = path.substring(dir.length()).replaceAll("\\.rs$", "");
    boolean rootLike =
        stem.equals("mod") || stem.equals("main") || stem.equals("lib") || stem.equals("build");
    List<String> out = new ArrayList<>();
    String pendingPath = null;
    for (int i = 0; i < t.size(); i++) {
      Token k = t.get(i);
      if (k.isIdent("path")
          && i + 2 < t.size()
          && t.get(i + 1).is("=")
          && t.get(i + 2).kind() == Kind.STRING) {
        pendingPath = t.get(i + 2).text();
      } else if (k.isIdent("mod")
          && i + 2 < t.size()
          && t.get(i + 1).kind() == Kind.IDENT
          && t.get(i + 2).is(";")) {
        String name = t.get(i + 1).text();
        if (pendingPath != null) {
          out.add(normalize(dir + pendingPath));
        } else {
          String base = rootLike ? dir : dir + stem + "/";
          out.add(base + name + ".rs");
          out.add(base + name + "/mod.rs");
        }
        pendingPath = null;
      } else if ((k.isIdent("include") || k.isIdent("include_str"))
          && i + 3 < t.size()
          && t.get(i + 1).is("!")
          && t.get(i + 3).kind() == Kind.STRING) {
        out.add(normalize(dir + t.get(i + 3).text()));
      } else if (k.is(";") || k.is("{")) {
        pendingPath = null;
      }
    }
    return out;
  }

  private static String normalize(String p) {
    List<String> parts = new ArrayList<>();
    for (String s : p.replace('\\', '/').split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        if (!parts.isEmpty()) {
          parts.removeLast();
        }
      } else {
        parts.add(s);
      }
    }
    return String.join("/", parts);
  }
}
