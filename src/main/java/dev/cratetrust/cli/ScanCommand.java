package dev.cratetrust.cli;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.CrateName;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.registry.DbDumpDownload;
import dev.cratetrust.registry.DbDumpSelection;
import dev.cratetrust.registry.DbDumpSummary;
import dev.cratetrust.scan.DefaultVerifierFactory;
import dev.cratetrust.scan.GitRewrite;
import dev.cratetrust.scan.JobVerifier;
import dev.cratetrust.scan.JobVerifierFactory;
import dev.cratetrust.scan.ScanProgress;
import dev.cratetrust.scan.ScanTarget;
import dev.cratetrust.scan.ScanTargets;
import dev.cratetrust.scan.Scanner;
import dev.cratetrust.scan.VerifierSettings;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.JobState;
import dev.cratetrust.store.ScanJob;
import dev.cratetrust.store.ScanJobs;
import dev.cratetrust.store.ScanRuns;
import dev.cratetrust.store.VerificationResults;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cratetrust scan}: verifies many crates into the store, resumably. */
@Command(
    mixinStandardHelpOptions = true,
    name = "scan",
    description = {
      "Verify many crates (top N of a crates.io dump, a crate list, a Cargo.lock or a vendor"
          + " folder) into the store.",
      "Interrupted scans resume when rerun; nothing verified is redone."
    })
public final class ScanCommand implements Callable<Integer> {
  /** Options shared by {@code scan} and {@code worker}: store, verifier settings, queue tuning. */
  public static final class StoreAndVerifierOptions {
    @Option(
        names = "--db",
        paramLabel = "PATH|postgresql://...",
        description = "Store: an embedded store file (default ${DEFAULT-VALUE}) or PostgreSQL URL.")
    String db = Database.defaultPath().toString();

    @Option(
        names = "--index",
        paramLabel = "sparse+URL",
        description =
            "Registry index: sparse+http(s)://... (default crates.io) or a local registry.")
    String index;

    @Option(
        names = "--git-rewrite",
        paramLabel = "FROM=TO",
        description = "Fetch repository URLs starting with FROM from TO instead (repeatable).")
    List<String> gitRewrites = new ArrayList<>();

    @Option(
        names = "--cache-dir",
        paramLabel = "DIR",
        description = "Cache for downloads and repositories (default ~/.cache/cratetrust).")
    Path cacheDir;

    @Option(
        names = "--jobs",
        paramLabel = "N",
        description = "Crates verified in parallel (default ${DEFAULT-VALUE}).")
    int jobs = 4;

    @Option(names = "--lease-seconds", hidden = true)
    long leaseSeconds = ScanJobs.Policy.defaults().lease().toSeconds();

    @Option(names = "--retry-delay-seconds", hidden = true)
    long retryDelaySeconds = ScanJobs.Policy.defaults().backoffBase().toSeconds();

    VerifierSettings settings() {
      List<GitRewrite> rewrites = new ArrayList<>();
      for (String r : gitRewrites) {
        try {
          rewrites.add(GitRewrite.parse(r));
        } catch (IllegalArgumentException e) {
          throw new UsageException(e.getMessage());
        }
      }
      if (index != null
          && !index.startsWith("sparse+http://")
          && !index.startsWith("sparse+https://")
          && !java.nio.file.Files.isDirectory(Path.of(index))) {
        throw new UsageException(
            "--index '"
                + InputText.printable(index)
                + "': expected sparse+http(s)://HOST/PATH/ or a local registry folder");
      }
      if (jobs < 1 || jobs > 256) {
        throw new UsageException("--jobs must be between 1 and 256, got " + jobs);
      }
      return new VerifierSettings(
          Optional.ofNullable(index), rewrites, cacheDir == null ? defaultCache() : cacheDir, jobs);
    }

    ScanJobs.Policy policy() {
      if (leaseSeconds < 1 || retryDelaySeconds < 0) {
        throw new UsageException("--lease-seconds must be positive");
      }
      return ScanJobs.Policy.defaults()
          .withLease(Duration.ofSeconds(leaseSeconds))
          .withBackoff(Duration.ofSeconds(retryDelaySeconds));
    }

    private static Path defaultCache() {
      String xdg = System.getenv("XDG_CACHE_HOME");
      Path base =
          xdg != null && !xdg.isBlank()
              ? Path.of(xdg)
              : Path.of(System.getProperty("user.home"), ".cache");
      return base.resolve("cratetrust");
    }
  }

  @Spec CommandSpec spec;

  @Mixin StoreAndVerifierOptions common = new StoreAndVerifierOptions();

  @Option(
      names = "--db-dump",
      paramLabel = "FILE",
      description =
          "A crates.io db-dump.tar.gz (default with --top, --all-versions or --since: download"
              + " today's dump into the cache folder).")
  Path dbDump;

  @Option(names = "--db-dump-url", hidden = true)
  java.net.URI dbDumpUrl = DbDumpDownload.CRATES_IO;

  @Option(
      names = "--top",
      paramLabel = "N",
      description = "With --db-dump: the N crates with the most all-time downloads.")
  Integer top;

  @Option(
      names = "--all",
      description = "With --db-dump: the current version of every crate in the dump.")
  boolean all;

  @Option(
      names = "--all-versions",
      description = "With --db-dump: every version instead of the current one.")
  boolean allVersions;

  @Option(
      names = "--since",
      paramLabel = "DATE",
      description = "With --db-dump: only versions published on or after DATE (YYYY-MM-DD).")
  String since;

  @Option(
      names = "--crates",
      paramLabel = "FILE",
      description =
          "Crates to scan, one NAME or NAME@VERSION per line (NAME alone needs --db-dump).")
  Path cratesFile;

  @Option(
      names = "--lockfile",
      paramLabel = "Cargo.lock",
      description = "Scan every registry dependency of this lockfile.")
  Path lockfile;

  @Option(
      names = "--vendor-dir",
      paramLabel = "DIR",
      description = "Scan every crate folder of a cargo vendor tree.")
  Path vendorDir;

  @Option(
      names = "--enqueue-only",
      description = "Only queue the jobs (for 'cratetrust worker' processes); verify nothing.")
  boolean enqueueOnly;

  @Option(names = "--retry-failed", description = "Queue again jobs that failed permanently.")
  boolean retryFailed;

  private final JobVerifierFactory factory;
  private final Clock clock;

  public ScanCommand() {
    this(new DefaultVerifierFactory(), Clock.systemUTC());
  }

  public ScanCommand(JobVerifierFactory factory, Clock clock) {
    this.factory = factory;
    this.clock = clock;
  }

  @Override
  public Integer call() throws BadInputException, UnavailableException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (top != null && top < 1) {
      throw new UsageException("--top must be at least 1, got " + top);
    }
    if (all && top != null) {
      throw new UsageException("--all and --top N both choose crates: give one of them");
    }
    boolean dumpMode = dbDump != null || top != null || all || allVersions || since != null;
    if (!dumpMode && cratesFile == null && lockfile == null && vendorDir == null) {
      throw new UsageException(
          "nothing to scan: give --db-dump FILE (with --top N), --crates FILE, --lockfile FILE"
              + " or --vendor-dir DIR");
    }
    if (dumpMode && top == null && cratesFile == null && !all && !allVersions && since == null) {
      throw new UsageException(
          "--db-dump needs a selection: --top N, --all, --crates FILE, --all-versions or --since"
              + " DATE");
    }
    if (vendorDir != null && enqueueOnly) {
      throw new UsageException(
          "--vendor-dir with --enqueue-only: the queue holds each vendored folder's path, not its"
              + " files, so workers on other machines could not read them; scan vendored crates"
              + " without --enqueue-only (this process verifies them)");
    }
    VerifierSettings settings = common.settings();
    ScanJobs.Policy policy = common.policy();
    Optional<Instant> sinceInstant = Optional.ofNullable(since).map(ScanCommand::parseDate);

    List<ScanTargets.ListedCrate> listed =
        cratesFile == null ? List.of() : ScanTargets.readCrateList(cratesFile);
    List<ScanTarget> direct = new ArrayList<>();
    Set<CrateName> namesForDump = new HashSet<>();
    for (ScanTargets.ListedCrate c : listed) {
      if (c.version().isPresent()) {
        direct.add(ScanTarget.registry(new PackageId(c.name(), c.version().get())));
      } else if (dumpMode) {
        namesForDump.add(c.name());
      } else {
        throw new UsageException(
            "crate list "
                + cratesFile
                + ": '"
                + c.name()
                + "' has no version; write NAME@VERSION or pass --db-dump FILE");
      }
    }
    if (lockfile != null) {
      direct.addAll(ScanTargets.fromLockfile(lockfile));
    }
    if (vendorDir != null) {
      direct.addAll(ScanTargets.fromVendorDir(vendorDir));
    }

    if (dumpMode && dbDump == null) {
      dbDump = DbDumpDownload.withDefaults().fetch(dbDumpUrl, settings.cacheDir());
    }
    try (Database db = Database.open(common.db);
        JobVerifier verifier = factory.open(settings);
        ScanProgress progress =
            enqueueOnly ? ScanProgress.silent() : ScanProgress.forConsole("scan", err, clock)) {
      ScanJobs jobs = new ScanJobs(db, policy);
      if (retryFailed) {
        int n = jobs.requeueDead();
        out.println("scan: queued again " + n + " job(s) that had failed");
      }
      Scanner scanner = new Scanner(jobs, new VerificationResults(db), verifier);
      Scanner.Enqueuer enqueuer = scanner.enqueuer(new ScanRuns(db), description());
      direct.forEach(enqueuer::accept);
      if (dumpMode
          && (top != null || all || allVersions || since != null || !namesForDump.isEmpty())) {
        DbDumpSelection selection =
            new DbDumpSelection(
                top == null ? OptionalInt.empty() : OptionalInt.of(top),
                allVersions,
                sinceInstant,
                namesForDump.isEmpty() ? Optional.empty() : Optional.of(namesForDump));
        DbDumpSummary summary = ScanTargets.fromDump(dbDump, selection, enqueuer::accept);
        out.println(
            "scan: db-dump "
                + summary.metadata().topDirectory()
                + ": "
                + summary.crates()
                + " crates, "
                + summary.versions()
                + " versions, "
                + summary.selected()
                + " selected"
                + (summary.skippedRows() > 0
                    ? ", " + summary.skippedRows() + " invalid rows skipped"
                    : ""));
      }
      Scanner.Outcome o = scanner.run(enqueuer, enqueueOnly, settings.jobs(), progress);
      progress.finish();
      out.println(
          "scan: "
              + o.enqueued().added()
              + " queued, "
              + o.enqueued().alreadyQueued()
              + " were already queued, "
              + o.enqueued().alreadyVerified()
              + " already verified by verifier "
              + verifier.version());
      if (enqueueOnly) {
        out.println("scan: run 'cratetrust worker --db ...' to verify the queued crates");
        return ExitCode.OK.code();
      }
      out.println(
          "scan: verified "
              + o.work().verified()
              + " in this run; "
              + o.waiting()
              + " waiting for a retry; "
              + o.dead()
              + " failed permanently");
      if (enqueuer.run().isEmpty()) {
        for (ScanJob j : jobs.list(JobState.DEAD, Integer.MAX_VALUE)) {
          out.println(
              "  failed: " + j.target() + ": " + InputText.printable(j.lastError().orElse("")));
        }
      }
      if (enqueuer.run().isPresent()) {
        ScanRuns runs = new ScanRuns(db);
        List<ScanRuns.MemberOutcome> outcomes = runs.outcomes(enqueuer.run().get());
        for (ScanRuns.MemberOutcome m : outcomes) {
          if (m.result().isEmpty() && m.jobState().orElse(null) == JobState.DEAD) {
            out.println(
                "  failed: "
                    + m.id()
                    + " ("
                    + m.origin()
                    + "): "
                    + InputText.printable(m.lastError().orElse("")));
          }
        }
        long stored = outcomes.stream().filter(m -> m.result().isPresent()).count();
        out.println(
            "scan "
                + enqueuer.run().get().id()
                + ": "
                + outcomes.size()
                + " input crate(s): "
                + stored
                + " with a stored verdict, "
                + (outcomes.size() - stored)
                + " could not be verified");
      }
      out.println(
          "scan: summary with 'cratetrust report --db "
              + common.db
              + enqueuer.run().map(r -> " --scan " + r.id()).orElse("")
              + "'");
      if (o.waiting() > 0) {
        err.println(
            "cratetrust: "
                + o.waiting()
                + " crate(s) could not be verified yet because of infrastructure failures;"
                + " rerun the same command later to retry them");
        return ExitCode.COULD_NOT_COMPLETE.code();
      }
      return ExitCode.OK.code();
    }
  }

  /** What this scan was asked to verify, as recorded with it. */
  private String description() {
    List<String> parts = new ArrayList<>();
    if (top != null) {
      parts.add("--top " + top);
    }
    if (all) {
      parts.add("--all");
    }
    if (allVersions) {
      parts.add("--all-versions");
    }
    if (since != null) {
      parts.add("--since " + since);
    }
    if (dbDump != null) {
      parts.add("--db-dump " + dbDump);
    }
    if (cratesFile != null) {
      parts.add("--crates " + cratesFile);
    }
    if (lockfile != null) {
      parts.add("--lockfile " + lockfile);
    }
    if (vendorDir != null) {
      parts.add("--vendor-dir " + vendorDir.toAbsolutePath());
    }
    return InputText.printable(String.join(" ", parts));
  }

  static Instant parseDate(String s) {
    try {
      return s.length() == 10
          ? LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC)
          : Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new UsageException(
          "--since '" + InputText.printable(s) + "': expected YYYY-MM-DD or an ISO instant");
    }
  }
}
