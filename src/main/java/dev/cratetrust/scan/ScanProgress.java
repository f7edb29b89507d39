package dev.cratetrust.scan;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.PackageId;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Reports how far a scan or worker got: a live progress bar on a terminal, plain periodic lines
 * otherwise. Counts only what this process did plus what was already done when it started.
 */
public abstract class ScanProgress implements AutoCloseable {
  protected final AtomicLong total = new AtomicLong();
  protected final AtomicLong done = new AtomicLong();
  protected final AtomicLong retrying = new AtomicLong();
  protected final AtomicLong dead = new AtomicLong();
  protected final AtomicReference<String> current = new AtomicReference<>("");

  /** Sets the number of targets and how many of them were already finished. */
  public void total(long all, long alreadyDone) {
    total.set(all);
    done.set(alreadyDone);
    refresh();
  }

  public void started(PackageId id) {
    current.set(InputText.printable(id.toString()));
    refresh();
  }

  public void verified(PackageId id) {
    done.incrementAndGet();
    refresh();
  }

  public void failedRetryable(PackageId id, String error) {
    retrying.incrementAndGet();
    refresh();
  }

  public void deadLettered(PackageId id, String error) {
    dead.incrementAndGet();
    done.incrementAndGet();
    refresh();
  }

  protected abstract void refresh();

  /** Prints the final state; later calls and {@link #close()} print nothing more. */
  public final void finish() {
    if (!finished.getAndSet(true)) {
      end();
    }
  }

  @Override
  public final void close() {
    finish();
  }

  protected abstract void end();

  private final java.util.concurrent.atomic.AtomicBoolean finished =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** A progress bar on {@code System.err} when the process has a terminal, else log lines. */
  public static ScanProgress forConsole(String task, PrintWriter err, Clock clock) {
    if (System.console() != null && System.console().isTerminal()) {
      return new Bar(task, System.err);
    }
    return new Lines(task, err, clock, Duration.ofSeconds(10));
  }

  /** No output at all. */
  public static ScanProgress silent() {
    return new ScanProgress() {
      @Override
      protected void refresh() {}

      @Override
      protected void end() {}
    };
  }

  /** The live terminal bar: done/total, rate, ETA and the crate being verified. */
  static final class Bar extends ScanProgress {
    private final ProgressBar bar;

    Bar(String task, PrintStream out) {
      this(task, out, -1);
    }

    /** With {@code width} columns; -1 asks the terminal. */
    Bar(String task, PrintStream out, int width) {
      this.bar =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(0)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(500)
              .showSpeed()
              .setUnit(" crates", 1)
              .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out, width))
              .build();
    }

    @Override
    protected synchronized void refresh() {
      bar.maxHint(total.get());
      bar.stepTo(done.get());
      bar.setExtraMessage(
          " "
              + current.get()
              + (retrying.get() + dead.get() > 0
                  ? " (" + retrying.get() + " retrying, " + dead.get() + " failed)"
                  : ""));
    }

    @Override
    protected void end() {
      refresh();
      bar.close();
    }
  }

  /** Plain lines, at most one per interval, plus a final one. */
  static final class Lines extends ScanProgress {
    private final String task;
    private final PrintWriter err;
    private final Clock clock;
    private final Duration interval;
    private final Instant start;
    private volatile Instant lastPrinted;
    private volatile long startDone = -1;

    Lines(String task, PrintWriter err, Clock clock, Duration interval) {
      this.task = task;
      this.err = err;
      this.clock = clock;
      this.interval = interval;
      this.start = clock.instant();
      this.lastPrinted = start;
    }

    @Override
    protected void refresh() {
      if (startDone < 0) {
        startDone = done.get();
      }
      Instant now = clock.instant();
      if (Duration.between(lastPrinted, now).compareTo(interval) >= 0) {
        lastPrinted = now;
        print(now);
      }
    }

    private synchronized void print(Instant now) {
      long d = done.get();
      long t = total.get();
      double secs = Math.max(0.001, Duration.between(start, now).toMillis() / 1000.0);
      double rate = (d - Math.max(startDone, 0)) / secs;
      String eta =
          rate > 0 && t > d ? formatDuration(Duration.ofSeconds((long) ((t - d) / rate))) : "?";
      err.printf(
          "%s: %d/%d done, %d retrying, %d failed, %.1f crates/s, ETA %s, current %s%n",
          task, d, t, retrying.get(), dead.get(), rate, eta, current.get());
      err.flush();
    }

    @Override
    protected void end() {
      print(clock.instant());
    }
  }

  static String formatDuration(Duration d) {
    long s = d.toSeconds();
    return s >= 3600
        ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
        : String.format("%dm%02ds", s / 60, s % 60);
  }
}
