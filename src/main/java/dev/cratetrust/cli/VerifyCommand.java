package dev.cratetrust.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cratetrust verify}: checks one crate version against its repository. */
@Command(name = "verify", description = "Verify that a crate version matches its repository.")
public final class VerifyCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UsageException("verify is being built");
  }
}
