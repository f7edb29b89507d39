package dev.cratetrust.signals;

import static dev.cratetrust.signals.BuildCodeVocabulary.BASE64_RUN;
import static dev.cratetrust.signals.BuildCodeVocabulary.BUILD_TOOLS;
import static dev.cratetrust.signals.BuildCodeVocabulary.COMPILER_CRATES;
import static dev.cratetrust.signals.BuildCodeVocabulary.COMPILER_PROGRAMS;
import static dev.cratetrust.signals.BuildCodeVocabulary.DECODE_CONTEXT;
import static dev.cratetrust.signals.BuildCodeVocabulary.DECODE_FNS;
import static dev.cratetrust.signals.BuildCodeVocabulary.DIRECT_DECODE_FNS;
import static dev.cratetrust.signals.BuildCodeVocabulary.DOWNLOADERS;
import static dev.cratetrust.signals.BuildCodeVocabulary.HOME_ENV;
import static dev.cratetrust.signals.BuildCodeVocabulary.HOME_FNS;
import static dev.cratetrust.signals.BuildCodeVocabulary.NATIVE_CRATES;
import static dev.cratetrust.signals.BuildCodeVocabulary.NETWORK_CRATES;
import static dev.cratetrust.signals.BuildCodeVocabulary.NET_TYPES;
import static dev.cratetrust.signals.BuildCodeVocabulary.NORMAL_ENV;
import static dev.cratetrust.signals.BuildCodeVocabulary.NORMAL_ENV_PREFIXES;
import static dev.cratetrust.signals.BuildCodeVocabulary.RAW_SPAWN_FNS;
import static dev.cratetrust.signals.BuildCodeVocabulary.RAW_SPAWN_QUALIFIERS;
import static dev.cratetrust.signals.BuildCodeVocabulary.READ_FNS;
import static dev.cratetrust.signals.BuildCodeVocabulary.SECRET_ENV;
import static dev.cratetrust.signals.BuildCodeVocabulary.SENSITIVE_FRAGMENTS;
import static dev.cratetrust.signals.BuildCodeVocabulary.SHELLS;
import static dev.cratetrust.signals.BuildCodeVocabulary.SOURCE_EXTENSIONS;
import static dev.cratetrust.signals.BuildCodeVocabulary.SYSTEM_PROBES;
import static dev.cratetrust.signals.BuildCodeVocabulary.WRITE_FNS;

import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.signals.RustTokens.Kind;
import dev.cratetrust.signals.RustTokens.Token;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Static scan of build-time Rust code (a build script and its modules, or a proc-macro's sources)
 * for what it reaches for: processes, network, files outside {@code OUT_DIR}, environment, embedded
 * files and decoded data.
 *
 * <p>It reads tokens, not types: code that builds names at run time, calls through aliases or hides
 * behaviour in dependencies is not seen, so an empty result does not prove the code is harmless.
 */
final class BuildCodeScanner {
  static final int MAX_FILE_CHARS = 2 * 1024 * 1024;

  private BuildCodeScanner() {}

  /** What one build-time context uses, with evidence per capability in discovery order. */
  static Map<Capability, List<Evidence>> scan(
      Map<String, String> files, CargoManifest manifest, boolean buildScript) {
    Scan s = new Scan();
    for (Map.Entry<String, String> f : files.entrySet()) {
      s.file(f.getKey(), f.getValue());
    }
    s.manifest(manifest, buildScript);
    return s.finish();
  }

  /** Accumulates findings over the files of one context. */
  private static final class Scan {
    private final Map<Capability, List<Evidence>> found = new EnumMap<>(Capability.class);
    private final List<Evidence> decodes = new ArrayList<>();
    private final List<Evidence> sinks = new ArrayList<>();
    private final List<Evidence> embedded = new ArrayList<>();
    private String[] lines = new String[0];
    private String file = "";
    private final Set<String> commandNames = new java.util.HashSet<>();

    void file(String path, String text) {
      if (text.length() > MAX_FILE_CHARS) {
        return;
      }
      file = path;
      lines = text.split("\n", -1);
      List<Token> t = RustTokens.tokenize(text);
      commandNames.clear();
      commandNames.add("Command");
      for (int i = 0; i + 2 < t.size(); i++) {
        if (t.get(i).isIdent("Command")
            && t.get(i + 1).isIdent("as")
            && t.get(i + 2).kind() == Kind.IDENT) {
          commandNames.add(t.get(i + 2).text());
        }
      }
      for (int i = 0; i < t.size(); i++) {
        Token k = t.get(i);
        if (k.kind() == Kind.STRING) {
          string(k);
        } else if (k.kind() == Kind.IDENT) {
          ident(t, i);
        }
      }
    }

    private void ident(List<Token> t, int i) {
      Token k = t.get(i);
      String name = k.text();
      Token prev = i > 0 ? t.get(i - 1) : null;
      Token next = i + 1 < t.size() ? t.get(i + 1) : null;
      String qualifier = i >= 2 && prev.is("::") ? t.get(i - 2).text() : "";
      boolean call = next != null && next.is("(");
      boolean macro = next != null && next.is("!");
      boolean pathRoot = (prev == null || !prev.is("::")) && next != null && next.is("::");
      boolean externCrate =
          prev != null && prev.isIdent("crate") && i >= 2 && t.get(i - 2).isIdent("extern");
      if (name.equals("new") && call && commandNames.contains(qualifier)) {
        spawn(t, i + 1, k);
      } else if (call && RAW_SPAWN_FNS.contains(name) && RAW_SPAWN_QUALIFIERS.contains(qualifier)) {
        add(Capability.SPAWNS_PROCESS, k);
        sinks.add(ev(k));
      } else if (call && name.equals("new") && qualifier.equals("Socket")) {
        add(Capability.NETWORK, k);
      } else if (pathRoot || externCrate) {
        if (COMPILER_CRATES.contains(name)) {
          add(Capability.PROBES_COMPILER, k);
        } else if (NATIVE_CRATES.contains(name)) {
          add(Capability.NATIVE_BUILD, k);
        } else if (NETWORK_CRATES.contains(name)) {
          add(Capability.NETWORK, k);
        }
      }
      if (NET_TYPES.contains(name)) {
        add(Capability.NETWORK, k);
      } else if (call && WRITE_FNS.contains(qualifier + "." + name)) {
        write(t, i + 1, k);
      } else if (call
          && name.equals("open")
          && prev != null
          && prev.is(".")
          && seenBefore(t, i, "OpenOptions", 40)) {
        write(t, i + 1, k);
      } else if (call && (name.equals("set_permissions") || name.equals("from_mode"))) {
        sinks.add(ev(k));
      } else if (call
          && HOME_FNS.contains(name)
          && (qualifier.isEmpty()
              || Set.of("env", "dirs", "dirs_next", "home", "BaseDirs", "UserDirs", "directories")
                  .contains(qualifier))) {
        if (name.equals("home_dir") || !qualifier.isEmpty()) {
          add(Capability.READS_HOME_DIR, k);
        }
      } else if (call
          && (name.equals("var") || name.equals("var_os"))
          && (qualifier.equals("env")
              || (qualifier.isEmpty() && (prev == null || !prev.is("."))))) {
        envRead(t, i + 1, k);
      } else if (call
          && (name.equals("vars") || name.equals("vars_os"))
          && qualifier.equals("env")) {
        add(Capability.READS_ENV, k);
      } else if (macro && (name.equals("env") || name.equals("option_env"))) {
        envRead(t, i + 2, k);
      } else if (macro && (name.equals("include_bytes") || name.equals("include_str"))) {
        include(t, i + 2, k);
      } else if (call
          && READ_FNS.contains(qualifier + "." + name)
          && i + 2 < t.size()
          && t.get(i + 2).kind() == Kind.STRING) {
        embedded.add(ev(k));
      } else if (call && DIRECT_DECODE_FNS.contains(name)) {
        decodes.add(ev(k));
      } else if (call && DECODE_FNS.contains(name) && decodeContext(t, i)) {
        decodes.add(ev(k));
      }
    }

    private void string(Token k) {
      String v = k.text().toLowerCase(Locale.ROOT);
      for (String frag : SENSITIVE_FRAGMENTS) {
        if (v.contains(frag)) {
          add(Capability.SENSITIVE_PATH, k);
          break;
        }
      }
      if (v.startsWith("~/")) {
        add(Capability.READS_HOME_DIR, k);
      }
      if (k.text().length() >= 200 && BASE64_RUN.matcher(k.text()).find()) {
        embedded.add(ev(k));
      }
    }

    private void spawn(List<Token> t, int open, Token at) {
      List<Token> args = args(t, open);
      String program = null;
      for (Token a : args) {
        if (a.kind() == Kind.STRING) {
          program = a.text();
          break;
        }
      }
      if (program == null) {
        Capability resolved = ProgramClassifier.resolveComputed(t, args, open - 1);
        add(resolved, at);
        if (resolved == Capability.NETWORK) {
          add(Capability.SPAWNS_PROCESS, at);
        }
        if (resolved.severity() != Severity.INFO) {
          sinks.add(ev(at));
        }
        return;
      }
      String base = ProgramClassifier.programBase(program);
      String envName = program.toUpperCase(Locale.ROOT);
      if (COMPILER_PROGRAMS.contains(base)
          || envName.equals("RUSTC")
          || envName.equals("CARGO")
          || envName.equals("RUSTC_WRAPPER")) {
        add(Capability.PROBES_COMPILER, at);
      } else if (BUILD_TOOLS.contains(base)
          || Set.of("CC", "CXX", "AR", "PKG_CONFIG", "CMAKE", "NASM", "PROTOC", "LD")
              .contains(envName)) {
        add(Capability.NATIVE_BUILD, at);
      } else if (SYSTEM_PROBES.contains(base) || base.endsWith("-config")) {
        add(Capability.PROBES_SYSTEM, at);
      } else if (base.equals("git") || base.equals("hg")) {
        add(Capability.SPAWNS_GIT, at);
      } else if (SHELLS.contains(base)) {
        add(Capability.SPAWNS_SHELL, at);
        sinks.add(ev(at));
      } else {
        if (DOWNLOADERS.contains(base)) {
          add(Capability.NETWORK, at);
        }
        add(Capability.SPAWNS_PROCESS, at);
        sinks.add(ev(at));
      }
    }

    private void write(List<Token> t, int open, Token at) {
      List<Token> args = args(t, open);
      sinks.add(ev(at));
      boolean outDir = false;
      boolean outside = false;
      for (Token a : args) {
        String v = a.text();
        if (a.kind() == Kind.STRING) {
          if (v.equals("OUT_DIR")) {
            outDir = true;
          } else if (isAbsolute(v) || v.startsWith("~")) {
            outside = true;
          } else if (HOME_ENV.contains(v)) {
            outside = true;
          }
        } else if (a.kind() == Kind.IDENT) {
          String l = v.toLowerCase(Locale.ROOT);
          if (l.contains("out_dir")
              || l.equals("out")
              || l.equals("out_path")
              || l.equals("dst")
              || l.equals("dest")) {
            outDir = true;
          } else if (HOME_FNS.contains(v) || l.contains("home")) {
            outside = true;
          }
        }
      }
      if (outside && !outDir) {
        add(Capability.WRITES_OUTSIDE_OUT_DIR, at);
      }
    }

    private void envRead(List<Token> t, int open, Token at) {
      List<Token> args = args(t, open);
      if (args.isEmpty() || args.getFirst().kind() != Kind.STRING) {
        return;
      }
      String name = args.getFirst().text();
      if (SECRET_ENV.matcher(name).matches()) {
        add(Capability.READS_SECRET_ENV, at);
      } else if (HOME_ENV.contains(name)) {
        add(Capability.READS_HOME_DIR, at);
      } else if (!normalEnv(name)) {
        add(Capability.READS_ENV, at);
      }
    }

    private void include(List<Token> t, int open, Token at) {
      List<Token> args = args(t, open);
      if (args.isEmpty() || args.getFirst().kind() != Kind.STRING) {
        return;
      }
      String p = args.getFirst().text();
      String name = p.substring(p.lastIndexOf('/') + 1);
      int dot = name.lastIndexOf('.');
      String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
      if (!SOURCE_EXTENSIONS.contains(ext)) {
        add(Capability.INCLUDES_NON_SOURCE_FILE, at);
        embedded.add(ev(at));
      }
    }

    private static boolean decodeContext(List<Token> t, int i) {
      for (int j = Math.max(0, i - 8); j < i; j++) {
        if (t.get(j).kind() == Kind.IDENT && DECODE_CONTEXT.contains(t.get(j).text())) {
          return true;
        }
      }
      return false;
    }

    private static boolean seenBefore(List<Token> t, int i, String ident, int window) {
      for (int j = Math.max(0, i - window); j < i; j++) {
        if (t.get(j).isIdent(ident)) {
          return true;
        }
      }
      return false;
    }

    /** Tokens between the parenthesis at {@code open} and its match, at most 200. */
    private static List<Token> args(List<Token> t, int open) {
      if (open >= t.size() || !t.get(open).is("(")) {
        return List.of();
      }
      int depth = 0;
      int end = Math.min(t.size(), open + 200);
      for (int j = open; j < end; j++) {
        Token k = t.get(j);
        if (k.is("(")) {
          depth++;
        } else if (k.is(")")) {
          depth--;
          if (depth == 0) {
            return t.subList(open + 1, j);
          }
        }
      }
      return t.subList(open + 1, end);
    }

    private void add(Capability c, Token at) {
      List<Evidence> l = found.computeIfAbsent(c, x -> new ArrayList<>());
      Evidence e = ev(at);
      boolean sameLine = l.stream().anyMatch(x -> file.equals(x.file()) && x.line() == e.line());
      if (l.size() < 10 && !sameLine) {
        l.add(e);
      }
    }

    private Evidence ev(Token at) {
      int ln = at.line();
      String text = ln - 1 < lines.length ? lines[ln - 1] : at.text();
      return Evidence.at(file, ln, text);
    }

    void manifest(CargoManifest m, boolean buildScript) {
      for (CargoManifest.Dependency d : m.dependencies()) {
        boolean relevant =
            buildScript
                ? d.kind() == CargoManifest.DependencyKind.BUILD
                : d.kind() == CargoManifest.DependencyKind.NORMAL;
        if (!relevant) {
          continue;
        }
        String crate = d.packageName().toLowerCase(Locale.ROOT).replace('-', '_');
        String field = (buildScript ? "build-dependencies." : "dependencies.") + d.name();
        Capability c =
            COMPILER_CRATES.contains(crate)
                ? Capability.PROBES_COMPILER
                : NATIVE_CRATES.contains(crate)
                    ? Capability.NATIVE_BUILD
                    : NETWORK_CRATES.contains(crate) ? Capability.NETWORK : null;
        if (c != null) {
          found
              .computeIfAbsent(c, x -> new ArrayList<>())
              .add(Evidence.ofField(field, d.req().isEmpty() ? "*" : d.req()));
        }
      }
    }

    Map<Capability, List<Evidence>> finish() {
      if (!decodes.isEmpty()) {
        boolean payload = !embedded.isEmpty() && !sinks.isEmpty();
        List<Evidence> l = new ArrayList<>(decodes.subList(0, Math.min(5, decodes.size())));
        if (payload) {
          l.addAll(embedded.subList(0, Math.min(3, embedded.size())));
          l.addAll(sinks.subList(0, Math.min(3, sinks.size())));
        }
        found.put(payload ? Capability.DECODES_PAYLOAD : Capability.DECODES_DATA, l);
      }
      return found;
    }
  }

  static boolean normalEnv(String name) {
    if (NORMAL_ENV.contains(name)) {
      return true;
    }
    for (String p : NORMAL_ENV_PREFIXES) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  static boolean isAbsolute(String p) {
    return p.startsWith("/")
        || p.startsWith("\\\\")
        || (p.length() > 2
            && Character.isLetter(p.charAt(0))
            && p.charAt(1) == ':'
            && (p.charAt(2) == '\\' || p.charAt(2) == '/'));
  }
}
