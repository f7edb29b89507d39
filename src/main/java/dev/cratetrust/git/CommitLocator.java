package dev.cratetrust.git;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.git.FetchOutcome.Failed;
import dev.cratetrust.git.Repositories.LockedWork;
import dev.cratetrust.git.Repositories.Target;
import dev.cratetrust.provenance.RepositorySnapshot.Containment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.ReachabilityChecker;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Decides from a repository's own refs (branches, tags, then pull-request heads) whether they
 * contain a commit, reading a local repository in place and a remote's commit history (no files)
 * from a separate cached repository. It does not prove the commit's files match anything.
 */
final class CommitLocator {
  private final Repositories repositories;
  private final GitFetcher fetcher;

  CommitLocator(Repositories repositories, GitFetcher fetcher) {
    this.repositories = repositories;
    this.fetcher = fetcher;
  }

  /** At most this many pull-request refs are named as evidence. */
  private static final int MAX_NAMED_REVIEW_REFS = 5;

  /**
   * Decides from the repository's own refs whether {@code commit} belongs to it: reachable from a
   * branch or tag, else only from pull-request or merge-request heads, else from none. For a remote
   * this fetches the commit history (no files) of every branch and tag into a separate cached
   * repository, and the pull-request heads only when no branch or tag contains the commit.
   */
  Containment locate(Target target, CommitId commit) throws UnavailableException {
    if (commit.hex().length() != 40) {
      return new Containment(Containment.Kind.NOT_ON_ANY_REF, List.of());
    }
    ObjectId id = ObjectId.fromString(commit.hex());
    RemoteInfo info = repositories.remoteInfo(target);
    List<ObjectId> tips = new ArrayList<>();
    info.branches().forEach(b -> tips.add(ObjectId.fromString(b.commit().hex())));
    info.tags().forEach(t -> tips.add(ObjectId.fromString(t.commit().hex())));
    return withHistory(
        target,
        info,
        repo -> {
          if (reachable(repo, id, tips)) {
            return new Containment(Containment.Kind.ON_BRANCH_OR_TAG, List.of());
          }
          if (info.reviewRefs().isEmpty()) {
            return new Containment(Containment.Kind.NOT_ON_ANY_REF, List.of());
          }
          return null;
        },
        repo -> {
          List<String> names = new ArrayList<>();
          for (RemoteInfo.Branch r : info.reviewRefs()) {
            if (names.size() < MAX_NAMED_REVIEW_REFS
                && reachable(repo, id, List.of(ObjectId.fromString(r.commit().hex())))) {
              names.add(r.name());
            }
          }
          return names.isEmpty()
              ? new Containment(Containment.Kind.NOT_ON_ANY_REF, List.of())
              : new Containment(Containment.Kind.ONLY_ON_REVIEW_REFS, List.copyOf(names));
        });
  }

  /**
   * Whether {@code commit} is an ancestor of (or equal to) the tip of the default branch, from the
   * commit history; empty when the remote has no default branch.
   */
  Optional<Boolean> onDefaultBranch(Target target, CommitId commit) throws UnavailableException {
    RemoteInfo info = repositories.remoteInfo(target);
    if (info.defaultBranch().isEmpty() || info.defaultTip().isEmpty()) {
      return Optional.empty();
    }
    if (commit.hex().length() != 40) {
      return Optional.of(false);
    }
    ObjectId tip = ObjectId.fromString(info.defaultTip().get().hex());
    ObjectId id = ObjectId.fromString(commit.hex());
    return Optional.of(withHistory(target, info, repo -> reachable(repo, id, List.of(tip)), null));
  }

  /**
   * Runs {@code first} on a repository holding the commit history of every branch and tag (the
   * local repository itself, or the history cache of a remote, fetched when older than the
   * listing); when it answers {@code null}, fetches the pull-request heads too and runs {@code
   * then}.
   */
  private <T> T withHistory(Target target, RemoteInfo info, LockedWork<T> first, LockedWork<T> then)
      throws UnavailableException {
    if (target.isLocal()) {
      return repositories.withLock(
          target,
          repo -> {
            T answer = first.run(repo);
            return answer != null || then == null ? answer : then.run(repo);
          });
    }
    return repositories.withLock(
        target,
        historyKey(target.url()),
        repo -> {
          syncHistory(repo, target, info, "branches", List.of("refs/heads/*", "refs/tags/*"));
          T answer = first.run(repo);
          if (answer != null || then == null) {
            return answer;
          }
          syncHistory(
              repo,
              target,
              info,
              "pull requests",
              info.reviewRefs().stream().map(RemoteInfo.Branch::name).toList());
          return then.run(repo);
        });
  }

  /** The cache key of a remote's commit-history repository. */
  static String historyKey(String url) {
    return url + "#history";
  }

  /**
   * Fetches {@code refs}' history into {@code repo} unless it was fetched for this listing already
   * (recorded in a file per {@code what}).
   */
  private void syncHistory(
      Repository repo, Target target, RemoteInfo info, String what, List<String> refs)
      throws IOException, UnavailableException {
    Path marker =
        repo.getDirectory().toPath().resolve("cratetrust-history-" + what.replace(' ', '-'));
    String stamp = Long.toString(info.listedAt().toEpochMilli());
    if (Files.exists(marker) && Files.readString(marker).strip().equals(stamp)) {
      return;
    }
    if (!refs.isEmpty()) {
      FetchOutcome outcome = fetcher.fetchHistory(repo, target.url(), refs);
      if (outcome instanceof Failed f) {
        throw new GitFetchUnavailableException(
            "fetch the history of "
                + what
                + " of "
                + InputText.printable(target.url())
                + ": "
                + f.detail(),
            f.reason());
      }
    }
    Files.writeString(marker, stamp + "\n");
  }

  /**
   * Whether {@code commit} is reachable from one of {@code tips} in {@code repo}'s commit graph.
   */
  static boolean reachable(Repository repo, ObjectId commit, List<ObjectId> tips)
      throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit target;
      try {
        target = walk.parseCommit(commit);
      } catch (MissingObjectException | IncorrectObjectTypeException e) {
        return false;
      }
      List<RevCommit> starts = new ArrayList<>();
      for (ObjectId tip : tips) {
        if (tip.equals(commit)) {
          return true;
        }
        try {
          starts.add(walk.parseCommit(tip));
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
          // A tag on a tree or blob, or a ref that moved after the listing.
        }
      }
      if (starts.isEmpty()) {
        return false;
      }
      ReachabilityChecker checker = walk.getObjectReader().createReachabilityChecker(walk);
      return checker.areAllReachable(List.of(target), starts.stream()).isEmpty();
    }
  }
}
