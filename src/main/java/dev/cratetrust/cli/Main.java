package dev.cratetrust.cli;

import dev.cratetrust.crates.BadInputException;
import dev.cratetrust.crates.UnavailableException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the cratetrust command line; maps every failure to an exit code here only. */
@Command(
    name = "cratetrust",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = Main.VersionProvider.class,
    description = "Checks that published Rust crates match their repositories.",
    subcommands = {
      VerifyCommand.class,
      ScanCommand.class,
      WorkerCommand.class,
      ReportCommand.class,
      SyncCommand.class,
      CheckCommand.class,
      InfoCommand.class,
      SignalsCommand.class,
      SyncDumpCommand.class,
      DiffCommand.class,
      ReviewCommand.class,
      ExportCommand.class,
      ServeCommand.class,
      ExportSiteDataCommand.class,
      CheckoutCommand.class,
      PrepublishCommand.class,
      PackageFromGitCommand.class,
      FollowCommand.class,
      StatusCommand.class
    })
public final class Main implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.err);
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams and returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExitCodeExceptionMapper(Main::exitCodeOf);
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          int code = exitCodeOf(e);
          String prefix = code == ExitCode.INTERNAL_ERROR.code() ? "internal error: " : "error: ";
          commandLine.getErr().println("cratetrust: " + prefix + messageOf(e));
          if (code == ExitCode.INTERNAL_ERROR.code()) {
            e.printStackTrace(commandLine.getErr());
          }
          return code;
        });
    cl.setParameterExceptionHandler(
        (e, a) -> {
          e.getCommandLine().getErr().println("cratetrust: usage error: " + e.getMessage());
          e.getCommandLine()
              .getErr()
              .println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return ExitCode.USAGE.code();
        });
    return cl.execute(args);
  }

  static int exitCodeOf(Throwable e) {
    return switch (e) {
      case UsageException u -> ExitCode.USAGE.code();
      case CommandLine.ParameterException p -> ExitCode.USAGE.code();
      case BadInputException b -> ExitCode.BAD_INPUT.code();
      case UnavailableException u -> ExitCode.COULD_NOT_COMPLETE.code();
      default -> ExitCode.INTERNAL_ERROR.code();
    };
  }

  private static String messageOf(Throwable e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  /** Reads the version from the jar manifest. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"cratetrust " + (v == null ? "dev" : v)};
    }
  }
}
