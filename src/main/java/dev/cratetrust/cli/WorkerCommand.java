package dev.cratetrust.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cratetrust worker}: not built yet. */
@Command(name = "worker", description = "Run scan jobs from a shared PostgreSQL queue.")
public final class WorkerCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UsageException("'worker' is not available in this build yet");
  }
}
