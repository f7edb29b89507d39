package dev.cratetrust.scan;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.PackageId;
import dev.cratetrust.registry.GitIndex;
import dev.cratetrust.registry.IndexEntry;
import dev.cratetrust.registry.RegistryUnavailableException;
import dev.cratetrust.store.RegistryFollow;
import dev.cratetrust.store.ScanJobs.NewJob;
import dev.cratetrust.store.StoreException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows a registry's git index: queues every version published after the stored cursor (all of
 * them the first time) for the workers, newest first and ahead of background scans, records yank
 * flags, and moves the cursor in the same transaction, so a follower killed at any point resumes
 * without gaps or repeats.
 *
 * <p>It reads what the index says; it does not check that a version's archive exists or matches its
 * checksum (the worker does, when it verifies the job).
 */
public final class RegistryFollower {
  /** What one {@link #once()} did. */
  public record Outcome(
      int commits,
      long added,
      long alreadyQueued,
      long alreadyVerified,
      long yanks,
      long removed,
      long malformed,
      Optional<CommitId> cursor,
      boolean rewritten) {}

  private final GitIndex index;
  private final RegistryFollow store;
  private final String verifierVersion;
  private final String registryOrigin;
  private final int stepVersions;
  private final Clock clock;
  private final Consumer<String> notices;

  /**
   * @param registryOrigin the origin of the workers' registry ({@link
   *     VerifierSettings#registryOrigin()}): jobs are queued for workers of that registry
   * @param stepVersions how many new versions (at least) one transaction holds, except that a
   *     commit is never split
   * @param notices receives one line per malformed index line, removed version or rewritten history
   */
  public RegistryFollower(
      GitIndex index,
      RegistryFollow store,
      String verifierVersion,
      String registryOrigin,
      int stepVersions,
      Clock clock,
      Consumer<String> notices) {
    if (stepVersions < 1) {
      throw new IllegalArgumentException("step size must be positive, got " + stepVersions);
    }
    this.index = index;
    this.store = store;
    this.verifierVersion = verifierVersion;
    this.registryOrigin = registryOrigin;
    this.stepVersions = stepVersions;
    this.clock = clock;
    this.notices = notices;
  }

  /** Reads the index up to its current {@code HEAD} and queues what is new. */
  public Outcome once() throws StoreException, RegistryUnavailableException {
    Optional<CommitId> cursor = store.cursor(index.spec()).map(CommitId::of);
    GitIndex.Pending pending = index.pending(cursor);
    if (pending.rewritten()) {
      notices.accept(
          "git index "
              + index.spec()
              + ": the stored cursor "
              + cursor.map(CommitId::abbreviated).orElse("")
              + " is not an ancestor of HEAD (history rewritten); comparing HEAD with "
              + (pending.commits().getFirst().base().isPresent()
                  ? "the cursor's tree"
                  : "nothing: every version is offered again, already queued ones are skipped"));
    }
    Counter total = new Counter();
    RegistryFollow.Step step = null;
    long inStep = 0;
    try {
      var commits = pending.commits();
      for (int i = 0; i < commits.size(); i++) {
        GitIndex.IndexCommit commit = commits.get(i);
        if (step == null) {
          step = store.begin(index.spec(), cursor.map(CommitId::hex));
        }
        Counter c = new Counter();
        read(commit, step, c);
        total.removed += c.removed;
        total.malformed += c.malformed;
        inStep += c.offered;
        if (inStep >= stepVersions || i == commits.size() - 1) {
          RegistryFollow.StepResult r = step.commit(commit.id().hex(), clock.instant());
          step.close();
          step = null;
          inStep = 0;
          cursor = Optional.of(commit.id());
          total.added += r.added();
          total.queued += r.alreadyQueued();
          total.verified += r.alreadyVerified();
          total.yanks += r.yanks();
        }
      }
    } finally {
      if (step != null) {
        step.close();
      }
    }
    return new Outcome(
        pending.commits().size(),
        total.added,
        total.queued,
        total.verified,
        total.yanks,
        total.removed,
        total.malformed,
        cursor,
        pending.rewritten());
  }

  private static final class Counter {
    long offered;
    long added;
    long queued;
    long verified;
    long yanks;
    long removed;
    long malformed;
  }

  /** Carries a store failure out of the change callbacks. */
  private static final class StoreFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreFailure(StoreException cause) {
      super(cause);
    }
  }

  private void read(GitIndex.IndexCommit commit, RegistryFollow.Step step, Counter counter)
      throws StoreException, RegistryUnavailableException {
    String at = " (git index " + index.spec() + ", commit " + commit.id().abbreviated() + ")";
    try {
      index.changes(
          commit,
          new GitIndex.Changes() {
            @Override
            public void added(IndexEntry e, String path, int line) {
              int priority = ScanTarget.followPriority(e.pubtime().orElse(commit.time()));
              try {
                step.enqueue(
                    new NewJob(
                        e.id(),
                        verifierVersion,
                        new ScanSource.Registry().encode(),
                        "",
                        priority,
                        registryOrigin,
                        "",
                        Optional.empty()));
                if (e.yanked()) {
                  step.yanked(e.id(), true, clock.instant());
                }
              } catch (StoreException ex) {
                throw new StoreFailure(ex);
              }
              counter.offered++;
            }

            @Override
            public void yankChanged(IndexEntry e, String path) {
              try {
                step.yanked(e.id(), e.yanked(), clock.instant());
              } catch (StoreException ex) {
                throw new StoreFailure(ex);
              }
            }

            @Override
            public void removed(PackageId id, String path) {
              counter.removed++;
              notices.accept(
                  "index file "
                      + path
                      + ": "
                      + id
                      + " was removed from the index"
                      + at
                      + "; its queued job and stored results are kept");
            }

            @Override
            public void malformed(String path, int line, String reason) {
              counter.malformed++;
              notices.accept(
                  "index file "
                      + path
                      + " line "
                      + line
                      + ": "
                      + reason
                      + at
                      + "; the line is skipped, the file's other lines are queued");
            }
          });
    } catch (StoreFailure f) {
      throw (StoreException) f.getCause();
    }
  }
}
