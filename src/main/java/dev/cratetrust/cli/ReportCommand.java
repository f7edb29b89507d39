package dev.cratetrust.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cratetrust report}: not built yet. */
@Command(name = "report", description = "Summarize scan results from the store.")
public final class ReportCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UsageException("'report' is not available in this build yet");
  }
}
