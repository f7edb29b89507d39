package dev.cratetrust.git;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.git.FetchOutcome.Failed;
import dev.cratetrust.git.FetchOutcome.Fetched;
import dev.cratetrust.git.FetchOutcome.Reason;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.RemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SubmoduleConfig.FetchRecurseSubmodulesMode;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.URIish;

/**
 * Runs one JGit network operation for {@link GitFetcher} on a virtual thread under the wall-clock
 * and size limits, reports its progress, and turns its failure into a {@link FetchOutcome} (or a
 * {@link GitStorageException} when the local cache is at fault).
 */
final class FetchRunner {
  static final CredentialsProvider NO_CREDENTIALS =
      new CredentialsProvider() {
        @Override
        public boolean isInteractive() {
          return false;
        }

        @Override
        public boolean supports(CredentialItem... items) {
          return false;
        }

        @Override
        public boolean get(URIish uri, CredentialItem... items) {
          return false;
        }
      };

  private final GitFetcher.Limits limits;
  private final FetchProgress progress;

  FetchRunner(GitFetcher.Limits limits, FetchProgress progress) {
    this.limits = limits;
    this.progress = progress;
  }

  /** A fetch command for {@code url} that never prompts, follows tags or recurses. */
  FetchCommand fetch(Repository repo, String url, ProgressMonitor monitor) {
    return Git.wrap(repo)
        .fetch()
        .setRemote(url)
        .setTagOpt(TagOpt.NO_TAGS)
        .setRecurseSubmodules(FetchRecurseSubmodulesMode.NO)
        .setRemoveDeletedRefs(false)
        .setCredentialsProvider(NO_CREDENTIALS)
        .setTimeout(stallSeconds())
        .setProgressMonitor(monitor);
  }

  /** The stall timeout in whole seconds, as JGit wants it. */
  int stallSeconds() {
    return (int)
        Math.max(1, Math.min(limits.stallTimeout().toSeconds(), limits.timeout().toSeconds()));
  }

  @FunctionalInterface
  interface Operation {
    void run(ProgressMonitor monitor) throws GitAPIException, IOException;
  }

  /** Runs {@code op} on a virtual thread, watching the clock and the pack folder's growth. */
  FetchOutcome run(Repository repo, String url, String what, Operation op)
      throws GitStorageException {
    Path packs = repo.getDirectory().toPath().resolve("objects").resolve("pack");
    long baseline = sizeOf(packs);
    Watch watch = new Watch(packs, baseline, limits.maxBytes());
    AtomicReference<Throwable> error = new AtomicReference<>();
    Thread worker =
        Thread.ofVirtual()
            .name("cratetrust-fetch")
            .start(
                () -> {
                  try {
                    op.run(watch);
                  } catch (Throwable t) {
                    error.set(t);
                  }
                });
    long start = System.nanoTime();
    long deadline = start + limits.timeout().toNanos();
    Reason aborted = null;
    try {
      while (!worker.join(Duration.ofMillis(100))) {
        long received = Math.max(0, sizeOf(packs) - baseline);
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - start) / 1e9);
        progress.onProgress(
            new FetchProgress.Event(
                url, watch.task, watch.done, watch.total, received, received / seconds));
        if (aborted == null && received > limits.maxBytes()) {
          aborted = Reason.TOO_LARGE;
        } else if (aborted == null && now > deadline) {
          aborted = Reason.TIMEOUT;
        }
        if (aborted != null) {
          watch.cancelled = true;
          worker.interrupt();
          if (!worker.join(Duration.ofSeconds(10))) {
            break;
          }
        }
      }
    } catch (InterruptedException e) {
      watch.cancelled = true;
      worker.interrupt();
      Thread.currentThread().interrupt();
      throw new GitStorageException(what + " from " + shown(url) + ": interrupted", e);
    }
    if (aborted == null
        && (watch.tooLarge || Math.max(0, sizeOf(packs) - baseline) > limits.maxBytes())) {
      aborted = Reason.TOO_LARGE;
    }
    if (aborted == Reason.TOO_LARGE) {
      return new Failed(
          aborted,
          what + " from " + shown(url) + ": more than " + limits.maxBytes() + " bytes received");
    }
    if (aborted == Reason.TIMEOUT) {
      return new Failed(
          aborted,
          what + " from " + shown(url) + ": not done after " + limits.timeout().toSeconds() + " s");
    }
    Throwable t = error.get();
    if (t == null) {
      return new Fetched();
    }
    return classify(repo, url, what, t);
  }

  private static FetchOutcome classify(Repository repo, String url, String what, Throwable t)
      throws GitStorageException {
    String prefix = what + " from " + shown(url) + ": ";
    boolean transport = false;
    for (Throwable c = t; c != null; c = c.getCause()) {
      String msg = c.getMessage() == null ? "" : c.getMessage();
      if (c instanceof java.nio.file.FileSystemException
          || c instanceof org.eclipse.jgit.errors.LockFailedException
          || msg.contains(repo.getDirectory().getPath())
          || msg.contains("No space left on device")
          || msg.contains("Read-only file system")) {
        throw new GitStorageException(
            prefix + "failed in the local cache " + repo.getDirectory() + ": " + msg, t);
      }
      if (c instanceof NoRemoteRepositoryException) {
        return new Failed(Reason.REPOSITORY_NOT_FOUND, prefix + "repository not found");
      }
      if (c instanceof RemoteRepositoryException) {
        if (msg.contains("not our ref")
            || msg.contains("not valid")
            || msg.contains("unadvertised")
            || msg.contains("want ")) {
          return new Failed(Reason.COMMIT_NOT_FOUND, prefix + shown(msg));
        }
        return new Failed(Reason.SERVER_ERROR, prefix + shown(msg));
      }
      if (msg.contains("not authorized")
          || msg.contains("not permitted")
          || msg.contains("Authentication is required")
          || msg.contains("authentication not supported")) {
        return new Failed(
            Reason.AUTH_REQUIRED, prefix + "authentication required (" + shown(msg) + ")");
      }
      if (msg.contains("Cannot redirect") || msg.contains("Too many redirects")) {
        return new Failed(Reason.REDIRECTED, prefix + "redirect not followed (" + shown(msg) + ")");
      }
      if (c instanceof UnknownHostException) {
        return new Failed(Reason.NETWORK, prefix + "unknown host " + shown(msg));
      }
      if (c instanceof SSLException) {
        return new Failed(Reason.NETWORK, prefix + "TLS failed: " + shown(msg));
      }
      if (c instanceof SocketTimeoutException) {
        return new Failed(Reason.TIMEOUT, prefix + "network read timed out");
      }
      if (c instanceof ConnectException || c instanceof NoRouteToHostException) {
        return new Failed(Reason.NETWORK, prefix + "connection failed: " + shown(msg));
      }
      if (c instanceof SocketException || c instanceof InterruptedIOException) {
        return new Failed(Reason.NETWORK, prefix + shown(msg));
      }
      if (c instanceof TransportException
          || c instanceof org.eclipse.jgit.api.errors.TransportException) {
        transport = true;
      }
    }
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    if (transport) {
      // An error status (5xx, unexpected 4xx) or a protocol error from the server.
      return new Failed(Reason.SERVER_ERROR, prefix + shown(msg));
    }
    throw new GitStorageException(
        prefix + "failed in the local cache " + repo.getDirectory() + ": " + msg, t);
  }

  static String shown(String s) {
    return InputText.printable(s);
  }

  private static long sizeOf(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      long total = 0;
      for (Path p : files.toList()) {
        try {
          total += Files.size(p);
        } catch (NoSuchFileException e) {
          // Renamed or deleted while listing.
        }
      }
      return total;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Tracks JGit's progress and answers its cancellation polls. */
  private static final class Watch implements ProgressMonitor {
    private final Path packs;
    private final long baseline;
    private final long maxBytes;
    private long lastCheck;
    volatile boolean cancelled;
    volatile boolean tooLarge;
    volatile String task = "";
    volatile int done;
    volatile int total;

    Watch(Path packs, long baseline, long maxBytes) {
      this.packs = packs;
      this.baseline = baseline;
      this.maxBytes = maxBytes;
    }

    /** Checks the size now and then from JGit's own thread, so fast transfers are caught too. */
    private void checkSize() {
      long now = System.nanoTime();
      if (now - lastCheck > 20_000_000L) {
        lastCheck = now;
        if (sizeOf(packs) - baseline > maxBytes) {
          tooLarge = true;
          cancelled = true;
        }
      }
    }

    @Override
    public void start(int totalTasks) {}

    @Override
    public void beginTask(String title, int totalWork) {
      task = title;
      done = 0;
      total = totalWork == UNKNOWN ? 0 : totalWork;
    }

    @Override
    public void update(int completed) {
      done += completed;
      checkSize();
    }

    @Override
    public void endTask() {}

    @Override
    public boolean isCancelled() {
      checkSize();
      return cancelled;
    }

    @Override
    public void showDuration(boolean enabled) {}
  }
}
