package dev.cratetrust.cli;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.git.FetchProgress;
import dev.cratetrust.git.Repositories;
import dev.cratetrust.git.RepositoryCache;
import dev.cratetrust.git.UrlRewrites;
import dev.cratetrust.maintainer.Prepublish;
import dev.cratetrust.maintainer.PrepublishFormat;
import dev.cratetrust.maintainer.PrepublishReport;
import dev.cratetrust.maintainer.Tools;
import dev.cratetrust.provenance.ProvenanceChecker;
import dev.cratetrust.verify.CrateVerifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cratetrust prepublish}: predicts the verdict a publish from this work tree would get. */
@Command(
    name = "prepublish",
    description = {
      "Run in a crate's work tree before cargo publish: predicts the verdict the published crate"
          + " would get and says how to fix each problem.",
      "Exit codes: 0 gold star predicted, 10 needs improvement, 11 looks sketchy, 2 usage,"
          + " 3 could not complete (remote, git, cargo), 4 invalid input (not a work tree, bare"
          + " repository, no Cargo.toml, no remote)."
    })
public final class PrepublishCommand implements Callable<Integer> {
  /** The output formats. */
  enum Format {
    text,
    json,
    sarif
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "0..1",
      paramLabel = "PATH",
      description = "The package folder (default: the current folder).")
  Path path = Path.of(".");

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--full",
      description =
          "Also build the package (cargo package, into a temporary folder) and verify it against"
              + " the local repository as verify does.")
  boolean full;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description = "Cache folder for repositories (only --full uses it).")
  Path cacheDir;

  @Override
  public Integer call() throws BadInputException, UnavailableException {
    Optional<Prepublish.PackageVerifier> verifier = Optional.empty();
    if (full) {
      verifier =
          Optional.of(
              (crate, repository) -> {
                RepositoryCache cache =
                    cacheDir != null
                        ? new RepositoryCache(cacheDir)
                        : RepositoryCache.atDefaultLocation();
                Repositories repositories =
                    Repositories.withDefaults(cache, UrlRewrites.none(), FetchProgress.none());
                return new CrateVerifier(
                        Optional.empty(),
                        repositories,
                        new ProvenanceChecker(),
                        Clock.systemUTC(),
                        false)
                    .verifyArchive(crate, Optional.of(repository))
                    .report();
              });
    }
    PrepublishReport report = new Prepublish(Tools.system()).check(path, verifier);
    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case text -> PrepublishFormat.text(report, out);
      case json -> out.println(PrepublishFormat.json(report));
      case sarif -> out.println(PrepublishFormat.sarif(report));
    }
    out.flush();
    return switch (report.predicted()) {
      case GOLD_STAR -> ExitCode.OK.code();
      case NEEDS_IMPROVEMENT -> ExitCode.NEEDS_IMPROVEMENT.code();
      case LOOKS_SKETCHY -> ExitCode.LOOKS_SKETCHY.code();
    };
  }
}
