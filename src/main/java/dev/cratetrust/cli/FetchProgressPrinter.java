package dev.cratetrust.cli;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.git.FetchProgress;
import java.io.PrintWriter;
import java.util.Locale;

/** Draws git fetch progress on one terminal line of stderr, at most a few times a second. */
final class FetchProgressPrinter implements FetchProgress {
  private final PrintWriter err;
  private long lastPrint;
  private boolean drawn;

  FetchProgressPrinter(PrintWriter err) {
    this.err = err;
  }

  /** A printer when stderr is a terminal, else one that ignores progress. */
  static FetchProgress forTerminal(PrintWriter err) {
    return System.console() != null ? new FetchProgressPrinter(err) : FetchProgress.none();
  }

  @Override
  public synchronized void onProgress(Event e) {
    long now = System.nanoTime();
    boolean done = e.objectsTotal() > 0 && e.objectsDone() >= e.objectsTotal();
    if (!done && now - lastPrint < 200_000_000L) {
      return;
    }
    lastPrint = now;
    String count =
        e.objectsTotal() > 0
            ? String.format(
                Locale.ROOT,
                "%d%% (%d/%d)",
                (int) (100L * e.objectsDone() / e.objectsTotal()),
                e.objectsDone(),
                e.objectsTotal())
            : String.valueOf(e.objectsDone());
    String line =
        String.format(
            Locale.ROOT,
            "fetching %s: %s %s, %.1f MiB at %.1f MiB/s",
            InputText.printable(e.url()),
            e.task(),
            count,
            e.bytesReceived() / 1048576.0,
            e.bytesPerSecond() / 1048576.0);
    err.print("\r\u001b[2K" + (line.length() > 160 ? line.substring(0, 160) : line));
    if (done) {
      err.println();
      drawn = false;
    } else {
      drawn = true;
    }
    err.flush();
  }

  synchronized void finish() {
    if (drawn) {
      err.println();
      err.flush();
      drawn = false;
    }
  }
}
