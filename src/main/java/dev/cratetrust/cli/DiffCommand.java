package dev.cratetrust.cli;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.diff.CrateDiff;
import dev.cratetrust.diff.CrateDiffer;
import dev.cratetrust.diff.FileChange;
import dev.cratetrust.diff.ManifestChanges;
import dev.cratetrust.diff.RepositorySides;
import dev.cratetrust.git.FetchProgress;
import dev.cratetrust.git.Repositories;
import dev.cratetrust.git.RepositoryCache;
import dev.cratetrust.git.UrlRewrites;
import dev.cratetrust.registry.ArchiveLimits;
import dev.cratetrust.registry.CrateArchiveReader;
import dev.cratetrust.signals.CrateSignals;
import dev.cratetrust.verify.CrateRepositoryDiff;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code cratetrust diff}: compares two crate versions from the registry ({@code NAME OLD NEW}) or
 * from directories, or one crate with its repository at the commit it claims ({@code --repo}).
 */
@Command(
    name = "diff",
    description = {
      "Compare two crate versions, or a crate with its repository.",
      "With --repo: exit 0 when compared, 10 when the crate names no usable commit or repository,",
      "11 when the claimed commit is not in the repository, 3 on network failure."
    })
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

  @Option(
      names = "--repo",
      description =
          "Compare the crate (NAME@VERSION, --crate-file or one --crate-dir) with its repository"
              + " at the commit in .cargo_vcs_info.json.")
  boolean repo;

  @Option(names = "--crate-file", paramLabel = "FILE", description = "A .crate file (with --repo).")
  Path crateFile;

  @Option(
      names = "--repo-url",
      paramLabel = "URL_OR_PATH",
      description = "With --repo: use this repository instead of the crate's own link (trusted).")
  String repoUrl;

  @Option(
      names = "--git-rewrite",
      paramLabel = "FROM=TO",
      description = "Rewrite repository URL prefixes like git's url.<TO>.insteadOf=<FROM>.")
  List<String> rewrites = new ArrayList<>();

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description = "Where fetched repositories are cached (default under the user's cache dir).")
  Path cacheDir;

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
      return againstRepository();
    }
    if (crateFile != null || repoUrl != null || !rewrites.isEmpty()) {
      throw new UsageException("--crate-file, --repo-url and --git-rewrite go with --repo");
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

  private int againstRepository() throws BadInputException, UnavailableException {
    int sources =
        (positional.isEmpty() ? 0 : 1)
            + (crateFile != null ? 1 : 0)
            + (crateDirs.isEmpty() ? 0 : 1);
    if (sources != 1 || positional.size() > 1 || crateDirs.size() > 1) {
      throw new UsageException(
          "diff --repo takes exactly one of NAME@VERSION, --crate-file FILE or --crate-dir DIR");
    }
    CrateContents crate;
    if (crateFile != null) {
      crate = readArchive(crateFile);
    } else if (!crateDirs.isEmpty()) {
      crate = CrateDirLoader.load(crateDirs.get(0));
    } else {
      crate =
          RegistryCrates.load(registry.open(), RegistryCrates.id(positional.get(0)), false)
              .contents();
    }
    RepositoryCache cache =
        cacheDir != null ? new RepositoryCache(cacheDir) : RepositoryCache.atDefaultLocation();
    FetchProgress progress = FetchProgressPrinter.forTerminal(spec.commandLine().getErr());
    Repositories repositories =
        Repositories.withDefaults(cache, UrlRewrites.parse(rewrites), progress);
    CrateRepositoryDiff.Outcome outcome =
        new CrateRepositoryDiff(repositories, new CrateDiffer(new CrateSignals(Clock.systemUTC())))
            .compare(crate, Optional.ofNullable(repoUrl));
    if (progress instanceof FetchProgressPrinter p) {
      p.finish();
    }
    PrintWriter out = spec.commandLine().getOut();
    switch (outcome) {
      case CrateRepositoryDiff.Compared c -> {
        if (format == SignalsCommand.OutputFormat.json) {
          ObjectNode root = json(c.diff());
          root.put("old", c.sides().repository().origin());
          root.put("compared", true);
          ObjectNode r = root.putObject("repository");
          r.put("url", c.sides().url());
          r.put("commit", c.sides().commit().hex());
          r.put("path_in_vcs", c.sides().pathInVcs());
          skipped(root.putArray("expected"), c.sides().expected());
          skipped(root.putArray("not_compared"), c.sides().notCompared());
          ArrayNode np = root.putArray("not_packaged");
          c.sides().notPackaged().forEach(np::add);
          out.println(SignalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
          out.println(
              "repository "
                  + InputText.printable(c.sides().url())
                  + " at "
                  + c.sides().commit().hex()
                  + (c.sides().pathInVcs().isEmpty()
                      ? ""
                      : " in " + InputText.printable(c.sides().pathInVcs()))
                  + " -> crate "
                  + crate.id());
          for (RepositorySides.Skipped x : c.sides().expected()) {
            out.println("  expected " + x.path() + ": " + x.why());
          }
          for (RepositorySides.Skipped x : c.sides().notCompared()) {
            out.println("  not compared " + x.path() + ": " + x.why());
          }
          if (!c.sides().notPackaged().isEmpty()) {
            out.println(
                "  "
                    + c.sides().notPackaged().size()
                    + " file(s) of the repository folder are not in the crate (excluded from"
                    + " packaging)");
          }
          text(c.diff(), "repository -> crate", out);
        }
        out.flush();
        return ExitCode.OK.code();
      }
      case CrateRepositoryDiff.NotCompared n -> {
        if (format == SignalsCommand.OutputFormat.json) {
          ObjectNode root = SignalJson.MAPPER.createObjectNode();
          root.put("new", crate.id().toString());
          root.put("compared", false);
          root.put("reason", n.reason().code());
          root.put("message", n.message());
          out.println(SignalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
          out.println("not compared (" + n.reason().code() + "): " + n.message());
        }
        out.flush();
        return n.reason() == CrateRepositoryDiff.Reason.COMMIT_NOT_IN_REPOSITORY
            ? ExitCode.LOOKS_SKETCHY.code()
            : ExitCode.NEEDS_IMPROVEMENT.code();
      }
    }
  }

  private static void skipped(ArrayNode arr, List<RepositorySides.Skipped> list) {
    for (RepositorySides.Skipped x : list) {
      arr.addObject().put("path", x.path()).put("why", x.why());
    }
  }

  private static CrateContents readArchive(Path file) throws BadInputException {
    try (InputStream in = Files.newInputStream(file)) {
      return CrateArchiveReader.read(
          in, file.toString(), Optional.empty(), ArchiveLimits.defaults());
    } catch (NoSuchFileException e) {
      throw new BadInputException(
          "read crate " + InputText.printable(file.toString()) + ": no such file");
    } catch (IOException e) {
      throw new BadInputException(
          "read crate " + InputText.printable(file.toString()) + ": " + e.getMessage(), e);
    }
  }

  /** Prints a computed diff in the chosen format; the registry and repo forms reuse it. */
  void print(CrateDiff d) {
    PrintWriter out = spec.commandLine().getOut();
    if (format == SignalsCommand.OutputFormat.json) {
      out.println(SignalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json(d)));
    } else {
      text(d, d.oldId() + " -> " + d.newId(), out);
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

  private void text(CrateDiff d, String label, PrintWriter out) {
    out.println(
        label
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
