package dev.cratetrust.cli;

import dev.cratetrust.scan.FakeVerifier;
import dev.cratetrust.scan.JobVerifierFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine;

/**
 * Test-only entry point: the real command line with {@code scan} and {@code worker} using {@link
 * FakeVerifier} (system properties {@code fake.stateDir}, {@code fake.sleepMillis}, {@code
 * fake.callLog}), so tests can run scans and workers as separate processes and kill them.
 */
public final class FakeVerifierCli {
  private FakeVerifierCli() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    String dir = System.getProperty("fake.stateDir");
    FakeVerifier verifier =
        new FakeVerifier(dir == null ? null : Path.of(dir), Long.getLong("fake.sleepMillis", 0L));
    String callLog = System.getProperty("fake.callLog");
    if (callLog != null) {
      verifier.logCallsTo(Path.of(callLog));
    }
    return run(args, out, err, verifier);
  }

  /** Runs the CLI with {@code verifier} behind scan and worker; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err, FakeVerifier verifier) {
    return run(args, out, err, s -> verifier);
  }

  /** Runs the CLI with {@code verifiers} behind scan and worker; returns the exit code. */
  public static int run(
      String[] args, PrintWriter out, PrintWriter err, JobVerifierFactory verifiers) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> cls) throws Exception {
            if (cls == ScanCommand.class) {
              return cls.cast(new ScanCommand(verifiers, Clock.systemUTC()));
            }
            if (cls == WorkerCommand.class) {
              return cls.cast(new WorkerCommand(verifiers, Clock.systemUTC()));
            }
            return defaults.create(cls);
          }
        };
    CommandLine cl = new CommandLine(new Main(), factory);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExitCodeExceptionMapper(Main::exitCodeOf);
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("cratetrust: error: " + e.getMessage());
          return Main.exitCodeOf(e);
        });
    cl.setParameterExceptionHandler(
        (e, a) -> {
          e.getCommandLine().getErr().println("cratetrust: usage error: " + e.getMessage());
          return ExitCode.USAGE.code();
        });
    return cl.execute(args);
  }
}
