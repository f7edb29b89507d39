package dev.cratetrust.cli;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.git.FetchProgress;
import dev.cratetrust.git.Repositories;
import dev.cratetrust.git.RepositoryCache;
import dev.cratetrust.git.UrlRewrites;
import dev.cratetrust.provenance.ProvenanceChecker;
import dev.cratetrust.registry.Registry;
import dev.cratetrust.registry.RegistryChoice;
import dev.cratetrust.scan.VerifierSettings;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.TrustFactsRepository;
import dev.cratetrust.trust.CargoLock;
import dev.cratetrust.trust.CargoLock.LockedPackage;
import dev.cratetrust.trust.CheckReport;
import dev.cratetrust.trust.CheckReportFormat;
import dev.cratetrust.trust.Policy;
import dev.cratetrust.trust.PolicyEvaluator;
import dev.cratetrust.trust.PolicyEvaluator.PackageFacts;
import dev.cratetrust.trust.TrustInputException;
import dev.cratetrust.verify.CrateVerifier;
import dev.cratetrust.verify.LockfileFactsCompleter;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

/**
 * {@code cratetrust check}: checks every package of a {@code Cargo.lock} against a policy using the
 * facts in the store, completed online (unless {@code --offline}) with each version's yanked flag
 * and an on-demand verification of versions with no stored result of the locked archive by this
 * verifier version; exits 0 only when the policy passes.
 */
@Command(name = "check", description = "Check a Cargo.lock against a policy.")
public final class CheckCommand implements Callable<Integer> {
  private static final int MAX_JOBS = 64;

  /** Output formats of {@code check}. */
  enum Format {
    text,
    json,
    sarif
  }

  @Parameters(index = "0", paramLabel = "CARGO_LOCK", description = "The lockfile to check.")
  Path lockfile;

  @Option(names = "--db", paramLabel = "PATH", description = "Store (file path or postgresql://).")
  String db;

  @Option(
      names = "--offline",
      description =
          "Use only the store: no network, no on-demand verification; unknown provenance stays unknown.")
  boolean offline;

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description = "Verify up to N crates at a time when online (default 2).")
  int jobs = 2;

  @Option(
      names = "--index",
      paramLabel = "URL_OR_DIR",
      description =
          "Registry index for crates.io packages: sparse+https://... (default crates.io) or a cargo"
              + " local-registry directory.")
  String index;

  @Option(
      names = "--no-api",
      description = "Do not ask the registry's web API for trusted-publishing data.")
  boolean noApi;

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

  @Option(names = "--format", paramLabel = "FORMAT", description = "text (default), json or sarif.")
  Format format = Format.text;

  @Option(names = "--policy", paramLabel = "FILE", description = "A cratetrust.toml policy file.")
  Path policyFile;

  @Spec CommandSpec spec;

  private final Clock clock;

  public CheckCommand() {
    this(Clock.systemUTC());
  }

  CheckCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() throws BadInputException, UnavailableException {
    PrintWriter out = spec.commandLine().getOut();
    if (jobs < 1 || jobs > MAX_JOBS) {
      throw new UsageException("--jobs must be between 1 and " + MAX_JOBS + ", not " + jobs);
    }
    UrlRewrites urlRewrites = UrlRewrites.parse(rewrites);
    String lockText = readText(lockfile, "lockfile", CargoLock.MAX_BYTES);
    CargoLock lock = CargoLock.parse(lockfile.toString(), lockText);
    Policy policy =
        policyFile == null
            ? Policy.defaults()
            : Policy.parse(policyFile.toString(), readText(policyFile, "policy", Policy.MAX_BYTES));
    CheckReport report;
    try (Database store = Database.open(db != null ? db : Database.defaultPath().toString())) {
      TrustFactsRepository facts = new TrustFactsRepository(store, TrustFormats.PARSERS);
      List<PackageFacts> known = facts.factsFor(lock.packages(), policy.auditSources());
      if (!offline && lock.packages().stream().anyMatch(LockedPackage::fromCratesIo)) {
        known = online(store, urlRewrites).complete(known);
      }
      report =
          new PolicyEvaluator(policy, clock)
              .evaluate(
                  lockfile.toString(),
                  known,
                  policy.crevRoots().isEmpty() ? List.of() : facts.trustProofs());
    }
    switch (format) {
      case json -> out.println(CheckReportFormat.json(report));
      case sarif -> out.println(CheckReportFormat.sarif(report, lockText, sarifUri(lockfile)));
      case text -> {
        out.print(CheckReportFormat.text(report));
        if (offline) {
          out.println(
              "note: offline: provenance and yanked state come from the store only;"
                  + " what was never recorded shows as unknown");
        }
      }
    }
    out.flush();
    return report.outcome() == CheckReport.Outcome.PASS
        ? ExitCode.OK.code()
        : ExitCode.POLICY_FAILED.code();
  }

  private LockfileFactsCompleter online(Database store, UrlRewrites urlRewrites)
      throws BadInputException {
    RegistryChoice choice = RegistryChoice.of(index, null, noApi);
    Registry registry = choice.open();
    String registryName = choice.name();
    RepositoryCache cache =
        cacheDir != null ? new RepositoryCache(cacheDir) : RepositoryCache.atDefaultLocation();
    Repositories repositories = Repositories.withDefaults(cache, urlRewrites, FetchProgress.none());
    CrateVerifier verifier =
        new CrateVerifier(
                Optional.of(registry),
                repositories,
                new ProvenanceChecker(),
                clock,
                !noApi && registry.api().isPresent())
            .withRegistryOrigin(VerifierSettings.originOf(Optional.ofNullable(index)));
    return new LockfileFactsCompleter(
        registry,
        registryName,
        id -> verifier.verifyPublished(id, Optional.empty()).toRecord(),
        CrateVerifier.VERIFIER_VERSION,
        store,
        clock,
        jobs,
        new FactsProgressPrinter(spec.commandLine().getErr()));
  }

  static String readText(Path file, String what, int maxBytes) throws TrustInputException {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new TrustInputException(
            "read " + what + " " + InputText.printable(file.toString()) + ": not a regular file");
      }
      if (Files.size(file) > maxBytes) {
        throw new TrustInputException(
            "read "
                + what
                + " "
                + InputText.printable(file.toString())
                + ": larger than "
                + maxBytes
                + " bytes");
      }
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new TrustInputException(
          "read " + what + " " + InputText.printable(file.toString()) + ": not valid UTF-8");
    } catch (IOException e) {
      throw new TrustInputException(
          "read " + what + " " + InputText.printable(file.toString()) + ": " + e.getMessage(), e);
    }
  }

  /**
   * The lockfile as a SARIF artifact URI: relative to the root of the git work tree that holds it
   * (the folder with {@code .git}), as code-scanning services resolve it; an absolute {@code file:}
   * URI when it is in no work tree.
   */
  static String sarifUri(Path lockfile) {
    Path abs = lockfile.toAbsolutePath().normalize();
    for (Path dir = abs.getParent(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(".git"))) {
        StringBuilder b = new StringBuilder();
        for (Path part : dir.relativize(abs)) {
          b.append(b.isEmpty() ? "" : "/")
              .append(
                  URLEncoder.encode(part.toString(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return b.toString();
      }
    }
    return abs.toUri().toString();
  }
}
