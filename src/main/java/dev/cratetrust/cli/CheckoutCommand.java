package dev.cratetrust.cli;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.CrateContents;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.git.FetchProgress;
import dev.cratetrust.git.Repositories;
import dev.cratetrust.git.RepositoryCache;
import dev.cratetrust.git.UrlRewrites;
import dev.cratetrust.maintainer.ReleaseCheckout;
import dev.cratetrust.maintainer.Tools;
import dev.cratetrust.provenance.FileResult;
import dev.cratetrust.provenance.ProvenanceChecker;
import dev.cratetrust.provenance.ProvenanceReport;
import dev.cratetrust.store.VerificationRecord;
import dev.cratetrust.trust.CargoLock;
import dev.cratetrust.verify.CrateVerifier;
import dev.cratetrust.verify.Verification;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cratetrust checkout}: a work tree of a crate's repository at its release commit. */
@Command(
    name = "checkout",
    description = {
      "Make TARGET a git work tree of the crate's repository at the commit the published crate"
          + " was verified against, and summarise what differs from the crate.",
      "When the crate's commit is unknown, checks out the best candidate and says it is a guess.",
      "Exit codes as for verify: 0 gold star, 10 needs improvement, 11 looks sketchy (the work"
          + " tree is made in every case where a commit was found), 2 usage, 3 could not"
          + " complete, 4 invalid input."
    })
public final class CheckoutCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      arity = "0..2",
      paramLabel = "CRATE_OR_TARGET",
      description =
          "NAME@VERSION (NAME with --lockfile), then TARGET (default ./NAME-VERSION); only TARGET"
              + " with --crate-file or --crate-dir.")
  List<String> positional = new ArrayList<>();

  @Option(names = "--crate-file", paramLabel = "FILE", description = "A .crate file.")
  Path crateFile;

  @Option(names = "--crate-dir", paramLabel = "DIR", description = "An unpacked crate folder.")
  Path crateDir;

  @Option(
      names = "--lockfile",
      paramLabel = "Cargo.lock",
      description = "Take the version of CRATE (a NAME) from this lockfile.")
  Path lockfile;

  @Option(
      names = "--repo",
      paramLabel = "URL_OR_PATH",
      description = "Use this repository instead of the crate's own link (trusted: may be local).")
  String repo;

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

  @Mixin RegistryCrates registry = new RegistryCrates();

  @Override
  public Integer call() throws BadInputException, UnavailableException {
    boolean local = crateFile != null || crateDir != null;
    if (crateFile != null && crateDir != null) {
      throw new UsageException("give one of NAME@VERSION, --crate-file FILE or --crate-dir DIR");
    }
    if (local && lockfile != null) {
      throw new UsageException("--lockfile goes with a crate NAME, not --crate-file/--crate-dir");
    }
    if (local ? positional.size() > 1 : positional.isEmpty()) {
      throw new UsageException(
          local
              ? "with --crate-file or --crate-dir, the only argument is TARGET"
              : "give NAME@VERSION (or NAME with --lockfile), --crate-file FILE or --crate-dir"
                  + " DIR");
    }
    Optional<String> targetArg =
        local
            ? positional.stream().findFirst()
            : positional.size() > 1 ? Optional.of(positional.get(1)) : Optional.empty();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CrateContents crate;
    String origin;
    if (crateFile != null) {
      crate = readArchive(crateFile);
      origin = VerificationRecord.CRATE_FILE;
    } else if (crateDir != null) {
      crate = CrateDirLoader.load(crateDir);
      origin = VerificationRecord.CRATE_DIR;
    } else {
      PackageId id = lockfile != null ? fromLockfile(positional.get(0)) : requireVersion();
      crate = RegistryCrates.load(registry.open(), id, false).contents();
      origin = VerificationRecord.CRATES_IO;
    }
    Path target = Path.of(targetArg.orElse(crate.id().dirName()));
    RepositoryCache cache =
        cacheDir != null ? new RepositoryCache(cacheDir) : RepositoryCache.atDefaultLocation();
    FetchProgress progress = FetchProgressPrinter.forTerminal(err);
    Repositories repositories =
        Repositories.withDefaults(cache, UrlRewrites.parse(rewrites), progress);
    Optional<String> override = Optional.ofNullable(repo);
    Verification v =
        new CrateVerifier(
                Optional.empty(), repositories, new ProvenanceChecker(), Clock.systemUTC(), false)
            .verify(crate, crate.origin(), origin, override, Optional.empty(), Optional.empty());
    ReleaseCheckout.Outcome outcome =
        new ReleaseCheckout(repositories, Tools.system())
            .checkout(crate, v.report(), override, target);
    if (progress instanceof FetchProgressPrinter p) {
      p.finish();
    }
    print(v.report(), outcome, out);
    out.flush();
    return switch (v.report().category()) {
      case GOLD_STAR -> ExitCode.OK.code();
      case NEEDS_IMPROVEMENT -> ExitCode.NEEDS_IMPROVEMENT.code();
      case LOOKS_SKETCHY -> ExitCode.LOOKS_SKETCHY.code();
    };
  }

  private PackageId requireVersion() {
    String s = positional.get(0);
    if (s.lastIndexOf('@') <= 0) {
      throw new UsageException(
          "checkout needs NAME@VERSION, not '"
              + InputText.printable(s)
              + "' (or NAME with --lockfile Cargo.lock)");
    }
    return RegistryCrates.id(s);
  }

  private PackageId fromLockfile(String spec) throws BadInputException {
    String text = CheckCommand.readText(lockfile, "lockfile", CargoLock.MAX_BYTES);
    CargoLock lock = CargoLock.parse(lockfile.toString(), text);
    String name = spec.contains("@") ? spec.substring(0, spec.lastIndexOf('@')) : spec;
    String version = spec.contains("@") ? spec.substring(spec.lastIndexOf('@') + 1) : null;
    List<CargoLock.LockedPackage> found =
        lock.packages().stream()
            .filter(p -> p.name().value().equals(name))
            .filter(p -> version == null || p.version().value().equals(version))
            .filter(CargoLock.LockedPackage::fromCratesIo)
            .toList();
    if (found.size() != 1) {
      throw new BadInputException(
          "find "
              + InputText.printable(spec)
              + " in lockfile "
              + InputText.printable(lockfile.toString())
              + ": "
              + (found.isEmpty()
                  ? "no crates.io package of that name"
                  : found.size()
                      + " versions are locked ("
                      + String.join(", ", found.stream().map(p -> p.version().value()).toList())
                      + "); give NAME@VERSION"));
    }
    return new PackageId(found.getFirst().name(), found.getFirst().version());
  }

  private static CrateContents readArchive(Path file) throws BadInputException {
    try (InputStream in = Files.newInputStream(file)) {
      return dev.cratetrust.registry.CrateArchiveReader.read(
          in, file.toString(), Optional.empty(), dev.cratetrust.registry.ArchiveLimits.defaults());
    } catch (NoSuchFileException e) {
      throw new BadInputException(
          "read crate " + InputText.printable(file.toString()) + ": no such file");
    } catch (IOException e) {
      throw new BadInputException(
          "read crate " + InputText.printable(file.toString()) + ": " + e.getMessage(), e);
    }
  }

  static void print(ProvenanceReport r, ReleaseCheckout.Outcome outcome, PrintWriter out) {
    out.println(
        r.crate()
            + ": "
            + r.category().code()
            + (r.reasonCodes().isEmpty() ? "" : " (" + String.join(", ", r.reasonCodes()) + ")"));
    switch (outcome) {
      case ReleaseCheckout.NotCheckedOut n -> out.println("nothing checked out: " + n.why());
      case ReleaseCheckout.CheckedOut c -> {
        out.println(
            "work tree: " + c.workTree() + " (repository " + InputText.printable(c.url()) + ")");
        out.println("package folder: " + c.packageFolder());
        switch (c.how()) {
          case VERIFIED ->
              out.println(
                  "HEAD: "
                      + c.commit().hex()
                      + ", the commit recorded in .cargo_vcs_info.json"
                      + c.tag().map(t -> ", release tag " + InputText.printable(t)).orElse(""));
          case GUESS_TAG, GUESS_BEST_MATCH ->
              out.println(
                  "HEAD: "
                      + c.commit().hex()
                      + " is a GUESS: "
                      + (c.how() == ReleaseCheckout.How.GUESS_TAG
                          ? "tag " + InputText.printable(c.tag().orElse("")) + " names this version"
                          : "the commit whose package folder matches most of the crate's files")
                      + "; "
                      + c.matching()
                      + " of "
                      + c.compared()
                      + " compared files are identical there (the crate records no commit the"
                      + " repository has)");
        }
        if (c.how() == ReleaseCheckout.How.VERIFIED) {
          List<FileResult> differ = r.mismatches();
          List<FileResult> unverified =
              r.files().stream().filter(f -> f.status() == FileResult.Status.UNVERIFIED).toList();
          if (differ.isEmpty() && unverified.isEmpty()) {
            out.println(
                "differences from the published crate: none ("
                    + r.files().size()
                    + " files; "
                    + r.explained().size()
                    + " explained by packaging)");
          } else {
            out.println("differences from the published crate:");
            int shown = 0;
            for (FileResult f : differ) {
              if (shown++ < 15) {
                out.println("  " + f.status().code() + " " + InputText.printable(f.path()));
              }
            }
            for (FileResult f : unverified) {
              if (shown++ < 15) {
                out.println("  unverified " + InputText.printable(f.path()));
              }
            }
            if (shown > 15) {
              out.println("  ... " + (shown - 15) + " more (cratetrust verify lists them)");
            }
          }
        }
        c.submoduleProblem().ifPresent(p -> out.println("submodules not checked out: " + p));
        c.defaultBranch()
            .ifPresentOrElse(
                d ->
                    out.println(
                        "default branch "
                            + InputText.printable(d.name())
                            + (d.contains() ? " contains HEAD" : " does not contain HEAD")
                            + "; it has "
                            + d.commitsSince()
                            + " commit(s) since, "
                            + d.touchingPackage()
                            + " touching the package folder (tip "
                            + d.tip().hex()
                            + ")"),
                () -> out.println("default branch: unknown (the remote names no HEAD)"));
      }
    }
  }
}
