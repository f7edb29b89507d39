package dev.cratetrust.cli;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.CrateVersion;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.git.FetchProgress;
import dev.cratetrust.git.Repositories;
import dev.cratetrust.git.RepositoryCache;
import dev.cratetrust.git.UrlRewrites;
import dev.cratetrust.provenance.ProvenanceChecker;
import dev.cratetrust.registry.NotInRegistryException;
import dev.cratetrust.registry.Registry;
import dev.cratetrust.registry.RegistryChoice;
import dev.cratetrust.scan.VerifierSettings;
import dev.cratetrust.signals.CrateSignals;
import dev.cratetrust.signals.Severity;
import dev.cratetrust.signals.Signal;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.SignalRecord;
import dev.cratetrust.store.SignalResults;
import dev.cratetrust.store.StoreException;
import dev.cratetrust.store.VerificationResults;
import dev.cratetrust.verify.CrateVerifier;
import dev.cratetrust.verify.Verification;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cratetrust verify}: checks one crate version against its repository. */
@Command(
    name = "verify",
    description = {
      "Verify that a published crate version matches its repository.",
      "Exit codes: 0 gold star, 10 needs improvement, 11 looks sketchy, 2 usage error,",
      "3 could not complete (network, store), 4 invalid input."
    })
public final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      arity = "0..1",
      paramLabel = "CRATE",
      description = "NAME or NAME@VERSION to download from the registry (latest version if none).")
  String crate;

  @Option(names = "--crate-file", paramLabel = "FILE", description = "Verify a .crate file.")
  Path crateFile;

  @Option(
      names = "--crate-dir",
      paramLabel = "DIR",
      description = "Verify an unpacked crate (vendored, distro or extracted directory).")
  Path crateDir;

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
      names = "--index",
      paramLabel = "URL_OR_DIR",
      description =
          "Registry index: sparse+https://... (default crates.io) or a cargo local-registry"
              + " directory.")
  String index;

  @Option(
      names = "--api",
      paramLabel = "URL",
      description =
          "Registry web API for trusted-publishing data (default: crates.io's with the"
              + " default index, none otherwise).")
  String api;

  @Option(names = "--no-api", description = "Do not ask the registry's web API.")
  boolean noApi;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json (json prints only the JSON document on stdout).")
  String format;

  @Option(
      names = "--db",
      paramLabel = "PATH_OR_URL",
      description =
          "Store for the result: an embedded file (default under the user's data dir)"
              + " or postgresql://...")
  String db;

  @Option(names = "--no-store", description = "Do not record the result.")
  boolean noStore;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description = "Where fetched repositories are cached (default under the user's cache dir).")
  Path cacheDir;

  @Override
  public Integer call() throws BadInputException, UnavailableException {
    int sources =
        (crate != null ? 1 : 0) + (crateFile != null ? 1 : 0) + (crateDir != null ? 1 : 0);
    if (sources != 1) {
      throw new UsageException("give exactly one of CRATE, --crate-file FILE or --crate-dir DIR");
    }
    if (!format.equals("text") && !format.equals("json")) {
      throw new UsageException("--format must be text or json, not '" + format + "'");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    UrlRewrites urlRewrites = UrlRewrites.parse(rewrites);
    RepositoryCache cache =
        cacheDir != null ? new RepositoryCache(cacheDir) : RepositoryCache.atDefaultLocation();
    FetchProgress progress = FetchProgressPrinter.forTerminal(err);
    Repositories repositories = Repositories.withDefaults(cache, urlRewrites, progress);
    Optional<Registry> registry = crate != null ? Optional.of(registry()) : Optional.empty();
    boolean useApi = !noApi && registry.flatMap(Registry::api).isPresent();
    CrateVerifier verifier =
        new CrateVerifier(
                registry, repositories, new ProvenanceChecker(), Clock.systemUTC(), useApi)
            .withRegistryOrigin(VerifierSettings.originOf(Optional.ofNullable(index)));
    Optional<String> override = Optional.ofNullable(repo);
    Optional<Database> facts =
        noStore && db == null
            ? Optional.empty()
            : StoredRegistryFacts.openIfPresent(
                db != null ? db : Database.defaultPath().toString());
    Verification v;
    try {
      if (facts.isPresent()) {
        Database d = facts.get();
        verifier = verifier.withRegistryFacts(c -> StoredRegistryFacts.of(d, c));
      }
      if (crateFile != null) {
        v = verifier.verifyArchive(crateFile, override);
      } else if (crateDir != null) {
        v = verifier.verifyDirectory(crateDir, override);
      } else {
        v = verifier.verifyPublished(resolve(registry.get()), override);
      }
    } finally {
      facts.ifPresent(Database::close);
    }
    if (progress instanceof FetchProgressPrinter p) {
      p.finish();
    }
    if (format.equals("json")) {
      out.println(v.toJson().toPrettyString());
    } else {
      ProvenanceText.print(v, out);
      printSignals(v, out);
    }
    out.flush();
    if (!noStore) {
      store(v);
    }
    return switch (v.report().category()) {
      case GOLD_STAR -> ExitCode.OK.code();
      case NEEDS_IMPROVEMENT -> ExitCode.NEEDS_IMPROVEMENT.code();
      case LOOKS_SKETCHY -> ExitCode.LOOKS_SKETCHY.code();
    };
  }

  private void store(Verification v) throws StoreException {
    String target = db != null ? db : Database.defaultPath().toString();
    try (Database database = Database.open(target)) {
      new VerificationResults(database).upsert(v.toRecord());
      new SignalResults(database)
          .upsert(
              new SignalRecord(
                  v.report().crate(), CrateSignals.SIGNALS_VERSION, v.signals(), v.verifiedAt()));
    } catch (StoreException e) {
      throw new StoreException(
          "record the result of " + v.report().crate() + " (shown above): " + e.getMessage(), e);
    }
  }

  private static void printSignals(Verification v, PrintWriter out) {
    List<Signal> shown = v.signals().stream().filter(x -> x.severity() != Severity.INFO).toList();
    long infos = v.signals().size() - shown.size();
    out.println();
    out.println(
        "Signals: "
            + (shown.isEmpty() ? "no warnings or notices" : shown.size() + " warning(s)/notice(s)")
            + (infos > 0 ? ", " + infos + " info (cratetrust signals lists them)" : ""));
    SignalJson.text(shown, out);
  }

  private Registry registry() throws BadInputException {
    return RegistryChoice.of(index, api, noApi).open();
  }

  private PackageId resolve(Registry registry) throws BadInputException, UnavailableException {
    int at = crate.lastIndexOf('@');
    if (at > 0) {
      try {
        return PackageId.parse(crate);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    CrateName name;
    try {
      name = CrateName.of(crate);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Optional<CrateVersion> latest = registry.latestVersion(name);
    if (latest.isEmpty()) {
      throw new NotInRegistryException("verify " + name + ": the registry index has no such crate");
    }
    return new PackageId(name, latest.get());
  }
}
