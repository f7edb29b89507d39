package dev.cratetrust.signals;

import static dev.cratetrust.signals.BuildCodeVocabulary.BUILD_TOOLS;
import static dev.cratetrust.signals.BuildCodeVocabulary.COMPILER_PROGRAMS;
import static dev.cratetrust.signals.BuildCodeVocabulary.DOWNLOADERS;
import static dev.cratetrust.signals.BuildCodeVocabulary.SHELLS;
import static dev.cratetrust.signals.BuildCodeVocabulary.SYSTEM_PROBES;

import dev.cratetrust.signals.RustTokens.Kind;
import dev.cratetrust.signals.RustTokens.Token;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Classifies the program a build script starts (compiler probe, native build tool, system probe,
 * shell, downloader) from the literal or the variables that name it; a program computed any other
 * way stays {@link Capability#SPAWNS_COMPUTED_PROGRAM}.
 */
final class ProgramClassifier {
  private ProgramClassifier() {}

  /**
   * Classifies a program given by variables: by the variables' names, then by the strings and names
   * in the statements that bind them earlier in the file (one step of data flow).
   */
  static Capability resolveComputed(List<Token> t, List<Token> args, int at) {
    Set<String> vars = new java.util.LinkedHashSet<>();
    for (Token a : args) {
      if (a.kind() == Kind.IDENT) {
        vars.add(a.text());
      }
    }
    Capability routine = null;
    Set<String> seen = new java.util.HashSet<>();
    for (int round = 0; round < 3 && !vars.isEmpty(); round++) {
      Set<String> next = new java.util.LinkedHashSet<>();
      for (int j = Math.max(0, at - 800); j < at; j++) {
        Token k = t.get(j);
        if (k.kind() != Kind.IDENT || !vars.contains(k.text())) {
          continue;
        }
        int end = j;
        while (end < at && end < j + 60 && !t.get(end).is(";") && !t.get(end).is("{")) {
          end++;
        }
        int start = j;
        while (start > 0
            && start > j - 30
            && !t.get(start - 1).is(";")
            && !t.get(start - 1).is("}")) {
          start--;
        }
        for (int q = start; q < end; q++) {
          Token v = t.get(q);
          if (v.kind() == Kind.STRING) {
            String base = programBase(v.text());
            if (SHELLS.contains(base)) {
              return Capability.SPAWNS_SHELL;
            }
            if (DOWNLOADERS.contains(base)) {
              return Capability.NETWORK;
            }
            Capability c = byLiteral(v.text());
            routine = routine == null ? c : routine;
          } else if (v.kind() == Kind.IDENT && seen.add(v.text()) && next.size() < 20) {
            next.add(v.text());
          }
        }
      }
      for (String v : vars) {
        Capability c = byName(v);
        routine = routine == null ? c : routine;
      }
      vars = next;
    }
    return routine == null ? Capability.SPAWNS_COMPUTED_PROGRAM : routine;
  }

  static String programBase(String program) {
    String base = program.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    return base.endsWith(".exe") ? base.substring(0, base.length() - 4) : base;
  }

  static Capability byName(String ident) {
    String l = ident.toLowerCase(Locale.ROOT);
    if (l.contains("rustc") || l.equals("cargo")) {
      return Capability.PROBES_COMPILER;
    }
    return null;
  }

  /** Routine programs and their environment variable names; other literals give null. */
  static Capability byLiteral(String s) {
    String u = s.toUpperCase(Locale.ROOT);
    String l = s.toLowerCase(Locale.ROOT);
    if (u.equals("RUSTC")
        || u.equals("RUSTC_WRAPPER")
        || u.equals("CARGO")
        || COMPILER_PROGRAMS.contains(l)) {
      return Capability.PROBES_COMPILER;
    }
    if (Set.of("CC", "CXX", "AR", "PKG_CONFIG", "CMAKE", "NASM", "PROTOC", "LD").contains(u)
        || BUILD_TOOLS.contains(l)) {
      return Capability.NATIVE_BUILD;
    }
    if (SYSTEM_PROBES.contains(l) || l.endsWith("-config")) {
      return Capability.PROBES_SYSTEM;
    }
    return null;
  }
}
