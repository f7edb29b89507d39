package dev.cratetrust.signals;

import dev.cratetrust.crates.CargoManifest;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.CrateFile;
import dev.cratetrust.crates.InputText;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Computes the automatic signals of one crate version: build-time code and what it reaches for,
 * opaque content, provenance findings and registry metadata, compared with the previous version
 * when one is given.
 *
 * <p>Signals are facts for a reviewer, not a verdict: the static scan reads tokens and can be
 * evaded, so a crate without warnings is not shown to be harmless.
 */
public final class CrateSignals {
  /**
   * Stored with each set of signals; bump it when codes, severities or detection change, so stored
   * results of an older scan are told apart.
   */
  public static final String SIGNALS_VERSION = "signals-1";

  static final int MAX_BUILD_FILES = 200;
  private static final String NEW_SUFFIX = "; new in this version";

  private final Clock clock;

  public CrateSignals(Clock clock) {
    this.clock = clock;
  }

  /** All signals for the input, most severe first, each code at most once. */
  public List<Signal> signals(SignalInput input) {
    Analysis current = analyze(input.crate());
    List<Signal> out = new ArrayList<>();
    Optional<Analysis> previous = input.previous().map(CrateSignals::analyze);
    out.addAll(buildTime(current, previous));
    List<Signal> content = new ArrayList<>(current.contentSignals);
    if (previous.isPresent()) {
      Set<String> before = new HashSet<>();
      previous.get().contentSignals.forEach(s -> before.add(s.code()));
      content.replaceAll(
          s ->
              before.contains(s.code())
                  ? s
                  : new Signal(s.code(), s.severity(), s.message() + NEW_SUFFIX, s.evidence()));
    }
    out.addAll(content);
    input.provenance().ifPresent(p -> out.addAll(ProvenanceSignals.signals(p)));
    input
        .registry()
        .ifPresent(
            r -> {
              Set<String> deps = dependencyNames(current.manifest);
              previous.ifPresent(p -> deps.removeAll(dependencyNames(p.manifest)));
              out.addAll(
                  RegistrySignals.signals(
                      r,
                      input.crate().id().name().value(),
                      input.crate().id().version().value(),
                      deps,
                      previous.isPresent(),
                      clock));
            });
    out.sort(Comparator.comparing(Signal::severity).reversed());
    return List.copyOf(out);
  }

  /** What one crate version's files show, before comparison with another version. */
  private static final class Analysis {
    CargoManifest manifest = CargoManifest.empty();
    final List<Signal> manifestProblems = new ArrayList<>();
    Optional<String> buildScript = Optional.empty();
    final Map<String, String> buildFiles = new LinkedHashMap<>();
    Map<Capability, List<Evidence>> buildCaps = Map.of();
    final Map<String, String> macroFiles = new LinkedHashMap<>();
    Map<Capability, List<Evidence>> macroCaps = Map.of();
    List<Signal> contentSignals = List.of();
  }

  private static Analysis analyze(CrateContents crate) {
    Analysis a = new Analysis();
    Map<String, CrateFile> files = crate.byPath();
    CrateFile manifestFile = files.get("Cargo.toml");
    if (manifestFile == null) {
      a.manifestProblems.add(
          Signal.of(
              "manifest-missing",
              Severity.NOTICE,
              "crate has no Cargo.toml, so its build script and dependencies are not known",
              Evidence.ofFile("Cargo.toml")));
    } else {
      try {
        a.manifest = CargoManifest.parse(manifestFile.content());
      } catch (CargoManifest.InvalidManifestException e) {
        a.manifestProblems.add(
            Signal.of(
                "manifest-unreadable",
                Severity.NOTICE,
                "Cargo.toml could not be read: " + InputText.printable(e.getMessage()),
                Evidence.ofFile("Cargo.toml")));
      }
    }
    a.buildScript = a.manifest.buildScript(files::containsKey);
    a.buildScript.ifPresent(
        script -> {
          collectBuildFiles(script, files, a.buildFiles);
          a.buildCaps = BuildCodeScanner.scan(a.buildFiles, a.manifest, true);
        });
    if (a.manifest.procMacro()) {
      for (CrateFile f : crate.files()) {
        if (f.path().startsWith("src/")
            && f.path().endsWith(".rs")
            && a.macroFiles.size() < MAX_BUILD_FILES) {
          a.macroFiles.put(f.path(), text(f));
        }
      }
      a.macroCaps = BuildCodeScanner.scan(a.macroFiles, a.manifest, false);
    }
    a.contentSignals = OpaqueContentScanner.scan(crate.files());
    return a;
  }

  private static void collectBuildFiles(
      String script, Map<String, CrateFile> files, Map<String, String> out) {
    Deque<String> todo = new ArrayDeque<>();
    todo.add(script);
    int slash = script.lastIndexOf('/');
    if (slash > 0) {
      String dir = script.substring(0, slash + 1);
      files.keySet().stream()
          .filter(p -> p.startsWith(dir) && p.endsWith(".rs"))
          .forEach(todo::add);
    }
    while (!todo.isEmpty() && out.size() < MAX_BUILD_FILES) {
      String p = todo.poll();
      CrateFile f = files.get(p);
      if (f == null || out.containsKey(p)) {
        continue;
      }
      String text = text(f);
      out.put(p, text);
      if (p.endsWith(".rs")) {
        todo.addAll(RustModuleReferences.referencedFiles(p, text));
      }
    }
  }

  private List<Signal> buildTime(Analysis cur, Optional<Analysis> prev) {
    List<Signal> out = new ArrayList<>(cur.manifestProblems);
    if (cur.buildScript.isPresent()) {
      String script = cur.buildScript.get();
      Optional<Analysis> prevWithScript = prev.filter(p -> p.buildScript.isPresent());
      if (prev.isPresent() && prevWithScript.isEmpty()) {
        out.add(
            Signal.of(
                "build-script-added",
                Severity.NOTICE,
                "build script added in this version" + summary(cur.buildCaps),
                Evidence.ofFile(script)));
      } else {
        out.add(
            Signal.of(
                "build-script",
                Severity.INFO,
                "crate has a build script ("
                    + InputText.printable(script)
                    + ") that cargo compiles and runs before building the crate",
                Evidence.ofFile(script)));
        prevWithScript.ifPresent(
            p -> {
              if (!p.buildFiles.equals(cur.buildFiles)) {
                List<Evidence> ev = new ArrayList<>();
                for (String f : cur.buildFiles.keySet()) {
                  if (!cur.buildFiles.get(f).equals(p.buildFiles.get(f))) {
                    ev.add(Evidence.ofFile(f));
                  }
                }
                out.add(
                    new Signal(
                        "build-script-changed",
                        Severity.NOTICE,
                        "build script changed in this version" + summary(cur.buildCaps),
                        ev));
              }
            });
      }
      out.addAll(
          capabilities("build-script", "build script", cur.buildCaps, prev.map(p -> p.buildCaps)));
    }
    if (cur.manifest.procMacro()) {
      if (prev.isPresent() && !prev.get().manifest.procMacro()) {
        out.add(
            Signal.of(
                "proc-macro-added",
                Severity.NOTICE,
                "crate became a proc-macro in this version" + summary(cur.macroCaps),
                Evidence.ofField("lib.proc-macro", "true")));
      } else {
        out.add(
            Signal.of(
                "proc-macro",
                Severity.INFO,
                "crate is a proc-macro: its code runs inside the compiler when dependents build",
                Evidence.ofField("lib.proc-macro", "true")));
      }
      out.addAll(
          capabilities(
              "proc-macro",
              "proc-macro code",
              cur.macroCaps,
              prev.filter(p -> p.manifest.procMacro()).map(p -> p.macroCaps)));
    }
    return out;
  }

  private static List<Signal> capabilities(
      String prefix,
      String subject,
      Map<Capability, List<Evidence>> caps,
      Optional<Map<Capability, List<Evidence>>> before) {
    List<Signal> out = new ArrayList<>();
    for (Map.Entry<Capability, List<Evidence>> e : caps.entrySet()) {
      Capability c = e.getKey();
      boolean added = before.isPresent() && !before.get().containsKey(c);
      out.add(
          new Signal(
              prefix + "-" + c.suffix(),
              c.severity(),
              subject + " " + c.phrase() + (added ? NEW_SUFFIX : ""),
              e.getValue()));
    }
    return out;
  }

  /** "; it spawns a shell, uses the network" for capabilities above INFO, else "". */
  private static String summary(Map<Capability, List<Evidence>> caps) {
    List<String> phrases = new ArrayList<>();
    for (Capability c : caps.keySet()) {
      if (c.severity() != Severity.INFO) {
        phrases.add(c.phrase());
      }
    }
    return phrases.isEmpty() ? "" : "; it " + String.join(", ", phrases);
  }

  private static Set<String> dependencyNames(CargoManifest m) {
    Set<String> names = new LinkedHashSet<>();
    for (CargoManifest.Dependency d : m.dependencies()) {
      if (d.kind() != CargoManifest.DependencyKind.DEV) {
        names.add(d.packageName());
      }
    }
    return names;
  }

  private static String text(CrateFile f) {
    return new String(f.content(), StandardCharsets.UTF_8);
  }
}
