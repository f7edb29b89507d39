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
      QueueWorker.Stats stats =
          worker.run(exitWhenEmpty ? QueueWorker.Mode.DRAIN : QueueWorker.Mode.FOREVER);
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
}
