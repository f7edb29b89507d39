package dev.cratetrust.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cratetrust scan}: not built yet. */
@Command(name = "scan", description = "Scan many crates into the store.")
public final class ScanCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UsageException("'scan' is not available in this build yet");
  }
}
