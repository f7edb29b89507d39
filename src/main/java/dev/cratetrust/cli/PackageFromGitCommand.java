package dev.cratetrust.cli;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.git.FetchProgress;
import dev.cratetrust.git.Repositories;
import dev.cratetrust.git.RepositoryCache;
import dev.cratetrust.git.UrlRewrites;
import dev.cratetrust.maintainer.PackageFromGit;
import dev.cratetrust.maintainer.Tools;
import dev.cratetrust.provenance.Category;
import dev.cratetrust.provenance.ProvenanceChecker;
import dev.cratetrust.verify.CrateVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cratetrust package-from-git}: packages a tagged release from a clean clone. */
@Command(
    name = "package-from-git",
    description = {
      "Clone the repository at TAG into a clean folder, run cargo package there, verify the"
          + " package against the repository and print the cargo publish command (--publish runs"
          + " it).",
      "Exit codes: 0 gold star (ready to publish), 10 needs improvement, 11 looks sketchy,"
          + " 2 usage, 3 could not complete, 4 invalid input (no such tag, output folder not"
          + " empty, cargo package fails)."
    })
public final class PackageFromGitCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TAG", description = "The release tag to package.")
  String tag;

  @Option(
      names = "--repo",
      paramLabel = "URL_OR_PATH",
      description =
          "The repository to clone (default: the remote of the work tree given by --work-tree,"
              + " as git's insteadOf rules there rewrite it).")
  String repo;

  @Option(
      names = "--work-tree",
      paramLabel = "DIR",
      description = "Take the repository from this work tree's remote (default: current folder).")
  Path workTree = Path.of(".");

  @Option(names = "--remote", paramLabel = "NAME", description = "The remote (default: origin).")
  String remote = "origin";

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Where the clean clone goes (absent or empty; default: a new temporary folder).")
  Path out;

  @Option(names = "--package", paramLabel = "NAME", description = "The package, in a workspace.")
  String packageName;

  @Option(names = "--no-verify", description = "Pass --no-verify to cargo package (no build).")
  boolean noVerify;

  @Option(names = "--publish", description = "Run the cargo publish command when gold star.")
  boolean publish;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description = "Where fetched repositories are cached (default under the user's cache dir).")
  Path cacheDir;

  @Override
  public Integer call() throws BadInputException, UnavailableException {
    Tools tools = Tools.system();
    String repository = repo;
    if (repository == null) {
      Tools.Result r = tools.git(workTree, "config", "--get", "remote." + remote + ".url");
      if (!r.ok() || r.line().isEmpty()) {
        throw new BadInputException(
            "package-from-git: "
                + workTree
                + " has no remote "
                + remote
                + " (give the repository with --repo)");
      }
      repository = tools.gitOk("read remote " + remote, workTree, "ls-remote", "--get-url", remote);
    }
    Path dest = out;
    if (dest == null) {
      try {
        dest = Files.createTempDirectory("cratetrust-release-").resolve("repo");
      } catch (IOException e) {
        throw new UnavailableException("create a temporary folder: " + e.getMessage(), e);
      }
    }
    RepositoryCache cache =
        cacheDir != null ? new RepositoryCache(cacheDir) : RepositoryCache.atDefaultLocation();
    Repositories repositories =
        Repositories.withDefaults(cache, UrlRewrites.none(), FetchProgress.none());
    CrateVerifier verifier =
        new CrateVerifier(
            Optional.empty(), repositories, new ProvenanceChecker(), Clock.systemUTC(), false);
    PackageFromGit.Packaged p =
        new PackageFromGit(tools)
            .run(
                repository,
                tag,
                dest,
                Optional.ofNullable(packageName),
                !noVerify,
                (crate, url) -> verifier.verifyArchive(crate, Optional.of(url)).report());
    PrintWriter o = spec.commandLine().getOut();
    o.println("clean clone of " + p.repository() + " at " + tag + ": " + p.cleanClone());
    o.println("package: " + p.crateFile());
    o.println(
        "verified against "
            + p.repository()
            + ": "
            + p.report().category().code()
            + (p.report().reasonCodes().isEmpty()
                ? ""
                : " (" + String.join(", ", p.report().reasonCodes()) + ")"));
    if (p.report().category() != Category.GOLD_STAR) {
      o.println(
          "not ready to publish: cratetrust verify --crate-file "
              + p.crateFile()
              + " --repo "
              + p.repository()
              + " shows why");
      o.flush();
      return p.report().category() == Category.NEEDS_IMPROVEMENT
          ? ExitCode.NEEDS_IMPROVEMENT.code()
          : ExitCode.LOOKS_SKETCHY.code();
    }
    o.println("publish with: " + p.publishCommand());
    o.flush();
    if (publish) {
      Tools.Result r = tools.cargo(p.packageFolder(), Map.of(), "publish", "--package", p.name());
      o.print(r.out());
      spec.commandLine().getErr().print(r.err());
      if (!r.ok()) {
        throw new UnavailableException(
            "cargo publish in " + p.packageFolder() + " failed (exit " + r.exit() + ")");
      }
    }
    return ExitCode.OK.code();
  }
}
