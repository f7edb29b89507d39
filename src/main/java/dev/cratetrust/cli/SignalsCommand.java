package dev.cratetrust.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cratetrust signals}: not built yet. */
@Command(name = "signals", description = "List automatic signals for a crate version.")
public final class SignalsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UsageException("'signals' is not available in this build yet");
  }
}
