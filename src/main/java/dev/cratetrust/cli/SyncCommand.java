package dev.cratetrust.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cratetrust sync}: not built yet. */
@Command(name = "sync", description = "Import advisories, audits and reviews into the store.")
public final class SyncCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UsageException("'sync' is not available in this build yet");
  }
}
