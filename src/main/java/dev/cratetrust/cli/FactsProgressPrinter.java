package dev.cratetrust.cli;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.trust.ProvenanceFact;
import dev.cratetrust.verify.LockfileFactsCompleter;
import java.io.PrintWriter;

/** Prints on stderr what {@code check --online} verifies and learns, one line a crate version. */
final class FactsProgressPrinter implements LockfileFactsCompleter.Progress {
  private final PrintWriter err;

  FactsProgressPrinter(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void verifying(long count, String verifierVersion, int jobs) {
    err.println(
        "cratetrust: verifying "
            + count
            + " crate version(s) with no stored result of the locked archive by "
            + verifierVersion
            + ", "
            + jobs
            + " at a time");
    err.flush();
  }

  @Override
  public void learned(PackageId id, ProvenanceFact p) {
    err.println(
        "cratetrust: "
            + id
            + ": "
            + p.category().code()
            + p.problem().map(x -> " (" + InputText.printable(x) + ")").orElse(""));
    err.flush();
  }

  @Override
  public void internalError(PackageId id, Throwable e) {
    synchronized (err) {
      err.println("cratetrust: internal error while verifying " + id + " (a bug):");
      e.printStackTrace(err);
      err.flush();
    }
  }
}
