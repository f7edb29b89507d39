package dev.cratetrust.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cratetrust check}: not built yet. */
@Command(name = "check", description = "Check a Cargo.lock against a policy.")
public final class CheckCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UsageException("'check' is not available in this build yet");
  }
}
