package dev.cratetrust.cli;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.scan.DefaultVerifierFactory;
import dev.cratetrust.scan.JobVerifier;
import dev.cratetrust.scan.JobVerifierFactory;
import dev.cratetrust.scan.QueueWorker;
import dev.cratetrust.scan.ScanProgress;
import dev.cratetrust.store.Database;
import dev.cratetrust.store.ScanJobs;
import dev.cratetrust.store.VerificationResults;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cratetrust worker}: verifies jobs from a shared queue until stopped. */
@Command(
    mixinStandardHelpOptions = true,
    name = "worker",
    description = {
      "Verify queued scan jobs (from 'cratetrust scan --enqueue-only') from a shared store.",
      "Run any number of workers against one PostgreSQL store; stop with Ctrl-C or SIGTERM."
    })
public final class WorkerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ScanCommand.StoreAndVerifierOptions common = new ScanCommand.StoreAndVerifierOptions();

  @Option(names = "--exit-when-empty", description = "Stop once no job is left to run.")
  boolean exitWhenEmpty;

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

  private final JobVerifierFactory factory;
  private final Clock clock;

  public WorkerCommand() {
    this(new DefaultVerifierFactory(), Clock.systemUTC());
  }

  public WorkerCommand(JobVerifierFactory factory, Clock clock) {
    this.factory = factory;
    this.clock = clock;
  }

  @Override
  public Integer call() throws BadInputException, UnavailableException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    var settings = common.settings();
    ScanJobs.Policy policy = common.policy();
    try (Database db = Database.open(common.db);
        JobVerifier verifier = factory.open(settings);
        ScanProgress progress = ScanProgress.forConsole("worker", err, clock)) {
      ScanJobs jobs = new ScanJobs(db, policy);
      QueueWorker worker =
          new QueueWorker(jobs, new VerificationResults(db), verifier, settings.jobs(), progress);
      Thread hook =
          new Thread(() -> worker.stopAndWait(Duration.ofSeconds(10)), "cratetrust-worker-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      QueueWorker.Stats stats;
      MetricsEndpoint metrics = metrics(db, worker, err);
      try {
        stats = worker.run(exitWhenEmpty ? QueueWorker.Mode.DRAIN : QueueWorker.Mode.FOREVER);
      } finally {
        if (metrics != null) {
          metrics.close();
        }
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down
      }
      out.println(
          "worker "
              + worker.owner()
              + ": verified "
              + stats.verified()
              + ", "
              + stats.retryLater()
              + " to retry, "
              + stats.deadLettered()
              + " failed permanently");
      return ExitCode.OK.code();
    }
  }

  /** The metrics endpoint when {@code --metrics-port} was given, else null. */
  private MetricsEndpoint metrics(Database db, QueueWorker worker, PrintWriter err) {
    if (metricsPort == null) {
      return null;
    }
    MetricsEndpoint m =
        MetricsEndpoint.start(
            metricsAddress,
            metricsPort,
            db,
            sb -> {
              QueueWorker.Stats s = worker.stats();
              MetricsEndpoint.header(
                  sb,
                  "cratetrust_worker_jobs_total",
                  "counter",
                  "Jobs this worker ended, by outcome.");
              MetricsEndpoint.line(
                  sb,
                  "cratetrust_worker_jobs_total",
                  java.util.Map.of("outcome", "verified"),
                  s.verified());
              MetricsEndpoint.line(
                  sb,
                  "cratetrust_worker_jobs_total",
                  java.util.Map.of("outcome", "retry"),
                  s.retryLater());
              MetricsEndpoint.line(
                  sb,
                  "cratetrust_worker_jobs_total",
                  java.util.Map.of("outcome", "dead"),
                  s.deadLettered());
              MetricsEndpoint.line(
                  sb,
                  "cratetrust_worker_jobs_total",
                  java.util.Map.of("outcome", "lease-lost"),
                  s.leaseLost());
            });
    err.println(
        "cratetrust: worker: metrics at http://" + metricsAddress + ":" + m.port() + "/metrics");
    err.flush();
    return m;
  }
}
