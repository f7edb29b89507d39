package dev.cratetrust.cli;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.diff.CrateDiff;
import dev.cratetrust.diff.CrateDiffer;
import dev.cratetrust.diff.FileChange;
import dev.cratetrust.diff.ManifestChanges;
import dev.cratetrust.signals.CrateSignals;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code cratetrust diff}: compares two crate versions from the registry ({@code NAME OLD NEW}) or
 * from directories; the repository form ({@code NAME@VERSION --repo}) needs only a loader.
 */
@Command(name = "diff", description = "Compare two crate versions, or a crate with its repository.")
public final class DiffCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "0..3",
      paramLabel = "CRATE",
      description = "NAME OLD NEW (from the registry), or NAME@VERSION with --repo.")
  List<String> positional = List.of();

  @Option(
      names = "--crate-dir",
      paramLabel = "DIR",
      description = "An unpacked crate folder; give it twice: old, then new.")
  List<Path> crateDirs = List.of();

  @Option(names = "--repo", description = "Compare the crate with its repository at the commit.")
  boolean repo;

  @Option(names = "--no-content", description = "List changed files without unified diffs.")
  boolean noContent;

  @picocli.CommandLine.Mixin RegistryCrates registry = new RegistryCrates();

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  SignalsCommand.OutputFormat format;

  @Override
  public Integer call() throws BadInputException, UnavailableException {
    if (repo) {
      throw new UsageException(
          "diff NAME@VERSION --repo needs the git integration, which this build lacks;"
              + " use --crate-dir OLD --crate-dir NEW");
    }
    CrateContents oldCrate;
    CrateContents newCrate;
    if (!positional.isEmpty()) {
      if (positional.size() != 3 || !crateDirs.isEmpty()) {
        throw new UsageException(
            "diff takes NAME OLD NEW, or --crate-dir OLD --crate-dir NEW; got "
                + positional.size()
                + " argument(s)"
                + (crateDirs.isEmpty() ? "" : " and --crate-dir"));
      }
      PackageId oldId = RegistryCrates.id(positional.get(0), positional.get(1));
      PackageId newId = RegistryCrates.id(positional.get(0), positional.get(2));
      var reg = registry.open();
      oldCrate = RegistryCrates.load(reg, oldId, false).contents();
      newCrate = RegistryCrates.load(reg, newId, false).contents();
    } else {
      if (crateDirs.size() != 2) {
        throw new UsageException(
            "diff needs NAME OLD NEW or --crate-dir twice (old, then new), got "
                + crateDirs.size()
                + " --crate-dir");
      }
      oldCrate = CrateDirLoader.load(crateDirs.get(0));
      newCrate = CrateDirLoader.load(crateDirs.get(1));
    }
    print(new CrateDiffer(new CrateSignals(Clock.systemUTC())).diff(oldCrate, newCrate));
    return ExitCode.OK.code();
  }

  /** Prints a computed diff in the chosen format; the registry and repo forms reuse it. */
  void print(CrateDiff d) {
    PrintWriter out = spec.commandLine().getOut();
    if (format == SignalsCommand.OutputFormat.json) {
      out.println(SignalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json(d)));
    } else {
      text(d, out);
    }
    out.flush();
  }

  ObjectNode json(CrateDiff d) {
    ObjectNode root = SignalJson.MAPPER.createObjectNode();
    root.put("old", d.oldId().toString());
    root.put("new", d.newId().toString());
    for (FileChange.Status s : FileChange.Status.values()) {
      ArrayNode paths = root.putArray(s.label());
      d.withStatus(s).forEach(f -> paths.add(f.path()));
    }
    root.put("unchanged", d.unchanged());
    if (d.manifest().isPresent()) {
      ManifestChanges m = d.manifest().get();
      ObjectNode mj = root.putObject("manifest");
      ArrayNode deps = mj.putArray("dependencies");
      for (ManifestChanges.DependencyChange c : m.dependencies()) {
        ObjectNode o = deps.addObject();
        o.put("name", c.name());
        o.put("kind", c.kind());
        if (!c.target().isEmpty()) {
          o.put("target", c.target());
        }
        o.put("change", c.change().label());
        o.put("old", c.oldSpec());
        o.put("new", c.newSpec());
      }
      ArrayNode fa = mj.putArray("features_added");
      m.featuresAdded().forEach(fa::add);
      ArrayNode fr = mj.putArray("features_removed");
      m.featuresRemoved().forEach(fr::add);
      ArrayNode fields = mj.putArray("fields");
      for (ManifestChanges.FieldChange c : m.fields()) {
        fields.addObject().put("field", c.field()).put("old", c.before()).put("new", c.after());
      }
    } else {
      root.putNull("manifest");
    }
    ObjectNode sig = root.putObject("signals");
    sig.set("appeared", SignalJson.signals(d.signalsAppeared()));
    sig.set("disappeared", SignalJson.signals(d.signalsDisappeared()));
    ArrayNode files = root.putArray("files");
    for (FileChange f : d.files()) {
      ObjectNode o = files.addObject();
      o.put("path", f.path());
      o.put("status", f.status().label());
      o.put("binary", f.binary());
      o.put("old_size", f.oldSize());
      o.put("new_size", f.newSize());
      o.put("lines_added", f.linesAdded());
      o.put("lines_removed", f.linesRemoved());
      f.note().ifPresent(n -> o.put("note", n));
      if (!noContent) {
        f.unifiedDiff().ifPresent(u -> o.put("diff", u));
      }
    }
    return root;
  }

  private void text(CrateDiff d, PrintWriter out) {
    out.println(
        d.oldId()
            + " -> "
            + d.newId()
            + ": "
            + d.withStatus(FileChange.Status.ADDED).size()
            + " added, "
            + d.withStatus(FileChange.Status.REMOVED).size()
            + " removed, "
            + d.withStatus(FileChange.Status.CHANGED).size()
            + " changed, "
            + d.unchanged()
            + " unchanged");
    d.manifest()
        .ifPresentOrElse(
            m -> {
              out.println("manifest:" + (m.isEmpty() ? " no changes" : ""));
              for (ManifestChanges.DependencyChange c : m.dependencies()) {
                out.println(
                    "  dependency "
                        + c.change().label()
                        + ": "
                        + c.name()
                        + " ("
                        + c.kind()
                        + (c.target().isEmpty() ? "" : ", " + c.target())
                        + ") "
                        + (c.oldSpec().isEmpty() ? "" : c.oldSpec())
                        + (c.change() == ManifestChanges.Change.CHANGED ? " -> " : "")
                        + (c.newSpec().isEmpty() ? "" : c.newSpec()));
              }
              m.featuresAdded().forEach(f -> out.println("  feature added: " + f));
              m.featuresRemoved().forEach(f -> out.println("  feature removed: " + f));
              for (ManifestChanges.FieldChange c : m.fields()) {
                out.println("  " + c.field() + ": '" + c.before() + "' -> '" + c.after() + "'");
              }
            },
            () -> out.println("manifest: not compared (Cargo.toml missing or unreadable)"));
    if (!d.signalsAppeared().isEmpty()) {
      out.println("signals appeared:");
      SignalJson.text(d.signalsAppeared(), out);
    }
    if (!d.signalsDisappeared().isEmpty()) {
      out.println("signals disappeared:");
      SignalJson.text(d.signalsDisappeared(), out);
    }
    out.println("files:");
    for (FileChange f : d.files()) {
      out.println(
          "  "
              + f.status().label()
              + " "
              + f.path()
              + (f.binary()
                  ? " (binary, " + f.oldSize() + " -> " + f.newSize() + " bytes)"
                  : " (+" + f.linesAdded() + " -" + f.linesRemoved() + ")")
              + f.note().filter(n -> !f.binary()).map(n -> " [" + n + "]").orElse(""));
    }
    if (!noContent) {
      for (FileChange f : d.files()) {
        f.unifiedDiff().ifPresent(out::print);
      }
    }
  }
}
