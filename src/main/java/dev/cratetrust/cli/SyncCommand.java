package dev.cratetrust.cli;

import dev.cratetrust.advisory.AdvisoryDatabaseReader;
import dev.cratetrust.advisory.AdvisoryImport;
import dev.cratetrust.advisory.GitSourceCheckout;
import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.review.crev.CrevRepositoryReader;
import dev.cratetrust.review.vet.VetAuditsParser;
import dev.cratetrust.review.vet.VetSourceReader;
import dev.cratetrust.scan.ScanTarget;
import dev.cratetrust.store.AdvisoryRechecks;
import dev.cratetrust.store.AdvisoryRepository;
import dev.cratetrust.store.AuditFileRepository;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.ReviewCrevRepository;
import dev.cratetrust.store.ReviewOwnRepository;
import dev.cratetrust.trust.CrevProof;
import dev.cratetrust.trust.SourceProblem;
import dev.cratetrust.trust.SourceRef;
import dev.cratetrust.trust.TrustInputException;
import dev.cratetrust.trust.VetAudits;
import dev.cratetrust.verify.CrateVerifier;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cratetrust sync}: reads trust sources into the store, recording where and when. */
@Command(
    name = "sync",
    description = "Bring trust sources (RustSec, cargo-vet audits, crev proofs) into the store.")
public final class SyncCommand implements Callable<Integer> {
  static final String DEFAULT_ADVISORY_DB = "https://github.com/rustsec/advisory-db";
  private static final int SHOWN_PROBLEMS = 20;

  @Option(
      names = "--advisory-db",
      paramLabel = "DIR_OR_URL",
      description =
          "RustSec advisory-db checkout or git URL (default when no source is given: "
              + DEFAULT_ADVISORY_DB
              + ").")
  String advisoryDb;

  @Option(
      names = "--vet-audits",
      paramLabel = "[NAME=]FILE_OR_URL",
      description = "A cargo-vet audits.toml; repeatable.")
  List<String> vetAudits = new ArrayList<>();

  @Option(
      names = "--vet-registry",
      paramLabel = "FILE_OR_URL",
      description = "A cargo-vet registry.toml: every audit source it lists is read.")
  String vetRegistry;

  @Option(
      names = "--crev-proofs",
      paramLabel = "DIR_OR_URL",
      description = "A crev proof repository (folder or git URL); repeatable.")
  List<String> crevProofs = new ArrayList<>();

  @Option(names = "--db", paramLabel = "PATH", description = "Store (file path or postgresql://).")
  String db;

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "Where git sources are cloned.")
  Path cacheDir;

  @Spec CommandSpec spec;

  private final Clock clock;
  private final Supplier<HttpClient> http;

  /**
   * The HTTP client is built on first use: picocli creates every subcommand for every command line,
   * and building a client (TLS context included) costs about 0.1 s.
   */
  public SyncCommand() {
    this.clock = Clock.systemUTC();
    this.http =
        new Supplier<>() {
          private HttpClient client;

          @Override
          public synchronized HttpClient get() {
            if (client == null) {
              client =
                  HttpClient.newBuilder()
                      .followRedirects(HttpClient.Redirect.NEVER)
                      .connectTimeout(Duration.ofSeconds(20))
                      .build();
            }
            return client;
          }
        };
  }

  SyncCommand(Clock clock, HttpClient http) {
    this.clock = clock;
    this.http = () -> http;
  }

  @Override
  public Integer call() throws BadInputException, UnavailableException {
    PrintWriter out = spec.commandLine().getOut();
    if (advisoryDb == null && vetAudits.isEmpty() && vetRegistry == null && crevProofs.isEmpty()) {
      advisoryDb = DEFAULT_ADVISORY_DB;
    }
    for (String v : vetAudits) {
      if (v.startsWith(ReviewOwnRepository.SOURCE_NAME + "=")) {
        throw new UsageException(
            "--vet-audits "
                + InputText.printable(v)
                + ": the source name '"
                + ReviewOwnRepository.SOURCE_NAME
                + "' is reserved for the reviews made with cratetrust review add");
      }
    }
    Path cache = cacheDir != null ? cacheDir : Database.defaultPath().resolveSibling("cache");
    try (Database store = Database.open(db != null ? db : Database.defaultPath().toString())) {
      if (advisoryDb != null) {
        syncAdvisories(store, cache, out);
      }
      Map<String, String> vet = new LinkedHashMap<>();
      VetSourceReader reader = new VetSourceReader(http.get(), Duration.ofSeconds(120));
      if (vetRegistry != null) {
        vet.putAll(VetAuditsParser.parseRegistry(vetRegistry, reader.read(vetRegistry)));
      }
      for (String v : vetAudits) {
        int eq = v.indexOf('=');
        boolean named =
            eq > 0 && !v.substring(0, eq).contains("/") && !v.substring(0, eq).contains(":");
        String location = named ? v.substring(eq + 1) : v;
        vet.put(named ? v.substring(0, eq) : defaultName(location), location);
      }
      for (Map.Entry<String, String> e : vet.entrySet()) {
        syncVet(store, reader, e.getKey(), e.getValue(), out);
      }
      for (String location : crevProofs) {
        syncCrev(store, cache, location, out);
      }
    }
    return ExitCode.OK.code();
  }

  private void syncAdvisories(Database store, Path cache, PrintWriter out)
      throws BadInputException, UnavailableException {
    String location = advisoryDb;
    Path dir;
    Optional<String> revision = Optional.empty();
    if (GitSourceCheckout.isGitUrl(location)) {
      GitSourceCheckout.Checkout co = GitSourceCheckout.cloneInto(location, cache.resolve("git"));
      dir = co.directory();
      revision = Optional.of(co.revision());
    } else {
      dir = Path.of(location);
      location = dir.toAbsolutePath().normalize().toString();
    }
    AdvisoryImport imported = AdvisoryDatabaseReader.read(dir, location, revision);
    String name = location.equals(DEFAULT_ADVISORY_DB) ? "rustsec" : defaultName(location);
    AdvisoryRechecks rechecks = new AdvisoryRechecks(store);
    java.util.Set<String> known = rechecks.storedIds();
    new AdvisoryRepository(store, TrustFormats.PARSERS.advisory())
        .replace(imported, name, clock.instant());
    List<dev.cratetrust.trust.Advisory> fresh =
        imported.advisories().stream()
            .filter(e -> e.collection() == AdvisoryImport.Collection.CRATES)
            .map(AdvisoryImport.Entry::advisory)
            .filter(a -> !known.contains(a.id()))
            .toList();
    AdvisoryRechecks.Outcome queued =
        rechecks.recheck(fresh, CrateVerifier.VERIFIER_VERSION, ScanTarget.RECHECK_PRIORITY);
    out.printf(
        "advisory-db %s: %d advisories, %d problems (%d crate advisories; %d toolchain advisories"
            + " from rust/, about cargo, rustdoc and std, matched against no crate)%n",
        InputText.printable(location),
        imported.advisories().size(),
        imported.problems().size(),
        imported.count(AdvisoryImport.Collection.CRATES),
        imported.count(AdvisoryImport.Collection.TOOLCHAIN));
    printProblems(out, imported.problems());
    out.printf(
        "advisory-db: %d new advisories affect %d stored versions: %d queued again for a re-check,"
            + " %d newly queued, %d already waiting%n",
        fresh.size(),
        queued.affected(),
        queued.requeued(),
        queued.added(),
        queued.alreadyPending());
  }

  private void syncVet(
      Database store, VetSourceReader reader, String name, String location, PrintWriter out)
      throws UnavailableException, BadInputException {
    String where =
        VetSourceReader.isUrl(location)
            ? location
            : Path.of(location).toAbsolutePath().normalize().toString();
    SourceRef ref =
        new SourceRef(SourceRef.VET_AUDITS, name, where, Optional.empty(), clock.instant());
    AuditFileRepository repo = new AuditFileRepository(store, TrustFormats.PARSERS.vet());
    String text;
    VetAudits parsed;
    try {
      text = reader.read(location);
      parsed = VetAuditsParser.parse(location, text);
    } catch (TrustInputException e) {
      repo.recordFailure(ref, List.of(new SourceProblem(where, e.getMessage())));
      out.printf(
          "vet-audits %s (%s): skipped: %s%n", name, InputText.printable(where), e.getMessage());
      return;
    } catch (UnavailableException e) {
      if (vetRegistry == null) {
        throw e;
      }
      repo.recordFailure(ref, List.of(new SourceProblem(where, e.getMessage())));
      out.printf(
          "vet-audits %s (%s): skipped: %s%n", name, InputText.printable(where), e.getMessage());
      return;
    }
    repo.replace(ref, text, parsed, parsed.problems());
    int audits = parsed.audits().values().stream().mapToInt(List::size).sum();
    out.printf(
        "vet-audits %s (%s): %d audits, %d criteria, %d wildcard, %d trusted crates%n",
        name,
        InputText.printable(where),
        audits,
        parsed.criteria().size(),
        parsed.wildcardAudits().size(),
        parsed.trusted().size());
    printProblems(out, parsed.problems());
  }

  private void syncCrev(Database store, Path cache, String location, PrintWriter out)
      throws BadInputException, UnavailableException {
    Path dir;
    Optional<String> revision = Optional.empty();
    String where = location;
    if (GitSourceCheckout.isGitUrl(location)) {
      GitSourceCheckout.Checkout co = GitSourceCheckout.cloneInto(location, cache.resolve("git"));
      dir = co.directory();
      revision = Optional.of(co.revision());
    } else {
      dir = Path.of(location);
      where = dir.toAbsolutePath().normalize().toString();
    }
    CrevRepositoryReader.Result r = CrevRepositoryReader.read(dir, where);
    SourceRef ref =
        new SourceRef(SourceRef.CREV_PROOFS, defaultName(where), where, revision, clock.instant());
    new ReviewCrevRepository(store, TrustFormats.PARSERS.crev())
        .replace(ref, r.proofs(), r.problems());
    long trust = r.proofs().stream().filter(p -> p instanceof CrevProof.Trust).count();
    out.printf(
        "crev-proofs %s: %d package reviews, %d trust proofs, %d problems%n",
        InputText.printable(where), r.proofs().size() - trust, trust, r.problems().size());
    printProblems(out, r.problems());
  }

  static void printProblems(PrintWriter out, List<SourceProblem> problems) {
    for (int i = 0; i < problems.size() && i < SHOWN_PROBLEMS; i++) {
      out.printf(
          "  skipped %s: %s%n",
          InputText.printable(problems.get(i).item()),
          InputText.printable(problems.get(i).message()));
    }
    if (problems.size() > SHOWN_PROBLEMS) {
      out.printf("  ... and %d more%n", problems.size() - SHOWN_PROBLEMS);
    }
  }

  static String defaultName(String location) {
    String s = location;
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    int slash = s.lastIndexOf('/');
    String last = slash < 0 ? s : s.substring(slash + 1);
    if (last.equals("audits.toml") && slash > 0) {
      String parent = s.substring(0, slash);
      return defaultName(parent) + "/audits.toml";
    }
    return last.isEmpty() ? location : last;
  }
}
