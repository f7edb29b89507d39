package dev.cratetrust.cli;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.registry.GitIndex;
import dev.cratetrust.scan.QueueWorker;
import dev.cratetrust.scan.RegistryFollower;
import dev.cratetrust.scan.VerifierSettings;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.RegistryFollow;
import dev.cratetrust.store.WorkerHeartbeats;
import dev.cratetrust.verify.CrateVerifier;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cratetrust follow}: queues every version a registry's git index publishes. */
@Command(
    mixinStandardHelpOptions = true,
    name = "follow",
    description = {
      "Queue every crate version a registry's git index publishes, newest first and ahead of"
          + " background scans, for 'cratetrust worker' processes; record yanks.",
      "The first run queues every version in the index; later runs queue what was added since"
          + " the cursor stored in the store (a restart resumes where the last run stopped)."
    })
public final class FollowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--index",
      required = true,
      paramLabel = "registry+file:///PATH",
      description = "The registry's git index (a local clone, bare or not).")
  String index;

  @Option(
      names = "--db",
      paramLabel = "PATH|postgresql://...",
      description = "Store: an embedded store file (default ${DEFAULT-VALUE}) or PostgreSQL URL.")
  String db = Database.defaultPath().toString();

  @Option(names = "--once", description = "Read the index once, queue what is new, and exit.")
  boolean once;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Time between two reads of the index without --once (default 60s).")
  Duration interval = Duration.ofSeconds(60);

  @Option(
      names = "--worker-index",
      paramLabel = "sparse+URL|DIR",
      description =
          "The --index the workers download from (default crates.io): jobs are queued for workers"
              + " of that registry.")
  String workerIndex;

  @Option(
      names = "--metrics-port",
      paramLabel = "N",
      description = "Serve Prometheus metrics at http://ADDRESS:N/metrics (0: any free port).")
  Integer metricsPort;

  @Option(
      names = "--metrics-address",
      paramLabel = "ADDRESS",
      description = "Address the metrics endpoint listens on (default ${DEFAULT-VALUE}).")
  String metricsAddress = "127.0.0.1";

  @Option(names = "--step-versions", hidden = true)
  int stepVersions = 5000;

  private final Clock clock;

  public FollowCommand() {
    this(Clock.systemUTC());
  }

  public FollowCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() throws BadInputException, UnavailableException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (stepVersions < 1) {
      throw new UsageException("--step-versions must be positive, got " + stepVersions);
    }
    String origin = VerifierSettings.originOf(Optional.ofNullable(workerIndex));
    try (GitIndex git = GitIndex.open(index);
        Database store = Database.open(db)) {
      RegistryFollower follower =
          new RegistryFollower(
              git,
              new RegistryFollow(store),
              CrateVerifier.VERIFIER_VERSION,
              origin,
              stepVersions,
              clock,
              line -> err.println("cratetrust: follow: " + line));
      WorkerHeartbeats heartbeats = new WorkerHeartbeats(store);
      String owner = QueueWorker.newOwnerId();
      MetricsEndpoint metrics = metrics(store, err);
      try {
        if (once) {
          RegistryFollower.Outcome o = follower.once();
          queued.addAndGet(o.added());
          print(out, o);
          heartbeats.beat(owner, "follow", queued.get(), failedPolls.get());
          heartbeats.stopped(owner);
          return ExitCode.OK.code();
        }
        while (!Thread.currentThread().isInterrupted()) {
          try {
            RegistryFollower.Outcome o = follower.once();
            queued.addAndGet(o.added());
            lastSuccess.set(clock.instant().getEpochSecond());
            print(out, o);
          } catch (UnavailableException e) {
            failedPolls.incrementAndGet();
            err.println(
                "cratetrust: follow: "
                    + InputText.printable(e.getMessage())
                    + "; trying again in "
                    + interval);
          }
          try {
            heartbeats.beat(owner, "follow", queued.get(), failedPolls.get());
          } catch (UnavailableException e) {
            err.println("cratetrust: follow: " + InputText.printable(e.getMessage()));
          }
          try {
            Thread.sleep(interval);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return ExitCode.OK.code();
      } finally {
        if (metrics != null) {
          metrics.close();
        }
      }
    }
  }

  private final AtomicLong queued = new AtomicLong();
  private final AtomicLong failedPolls = new AtomicLong();
  private final AtomicLong lastSuccess = new AtomicLong();

  /** The metrics endpoint when {@code --metrics-port} was given, else null. */
  private MetricsEndpoint metrics(Database store, PrintWriter err) {
    if (metricsPort == null) {
      return null;
    }
    MetricsEndpoint m =
        MetricsEndpoint.start(
            metricsAddress,
            metricsPort,
            store,
            sb -> {
              MetricsEndpoint.header(
                  sb,
                  "cratetrust_follow_versions_queued_total",
                  "counter",
                  "Versions this follower queued.");
              MetricsEndpoint.line(
                  sb, "cratetrust_follow_versions_queued_total", Map.of(), queued.get());
              MetricsEndpoint.header(
                  sb,
                  "cratetrust_follow_failed_polls_total",
                  "counter",
                  "Reads of the index or store that failed (retried at the next interval).");
              MetricsEndpoint.line(
                  sb, "cratetrust_follow_failed_polls_total", Map.of(), failedPolls.get());
              MetricsEndpoint.header(
                  sb,
                  "cratetrust_follow_last_success_timestamp_seconds",
                  "gauge",
                  "When the index was last read completely (0: not yet).");
              MetricsEndpoint.line(
                  sb,
                  "cratetrust_follow_last_success_timestamp_seconds",
                  Map.of(),
                  lastSuccess.get());
            });
    err.println(
        "cratetrust: follow: metrics at http://" + metricsAddress + ":" + m.port() + "/metrics");
    err.flush();
    return m;
  }

  private void print(PrintWriter out, RegistryFollower.Outcome o) {
    out.println(
        "follow: "
            + o.commits()
            + " index commit(s) read; "
            + o.added()
            + " version(s) queued, "
            + o.alreadyQueued()
            + " already queued, "
            + o.alreadyVerified()
            + " already verified; "
            + o.yanks()
            + " yank flag(s) recorded; "
            + o.removed()
            + " version(s) removed from the index; "
            + o.malformed()
            + " malformed line(s) skipped; cursor "
            + o.cursor().map(c -> c.hex()).orElse("(none)"));
    out.flush();
  }
}
