package dev.cratetrust.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cratetrust diff}: not built yet. */
@Command(name = "diff", description = "Compare two crate versions, or a crate with its repository.")
public final class DiffCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UsageException("'diff' is not available in this build yet");
  }
}
