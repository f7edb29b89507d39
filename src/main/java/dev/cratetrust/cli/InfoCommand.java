package dev.cratetrust.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cratetrust info}: not built yet. */
@Command(name = "info", description = "Show everything known about one crate version.")
public final class InfoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UsageException("'info' is not available in this build yet");
  }
}
