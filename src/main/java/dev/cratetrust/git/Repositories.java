package dev.cratetrust.git;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.git.FetchOutcome.Failed;
import dev.cratetrust.git.FetchOutcome.Reason;
import dev.cratetrust.provenance.RepositorySnapshot.Containment;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Opens the git repository named by a crate (or by the user) at a commit: resolves the URL (rewrite
 * rules, normalization, the safety policy for untrusted URLs), fetches into the cache and returns a
 * snapshot to read, or an outcome saying why there is none.
 *
 * <p>Trusted URLs (the user's {@code --repo}, and every URL a {@code --git-rewrite} rule produced)
 * are used as given and may be local paths, {@code file://} or loopback {@code http://}. Untrusted
 * URLs are normalized by {@link RepositoryUrl} and must pass {@link UrlPolicy}; rewrite rules are
 * matched against the normalized URL first, then against the URL as written. Trusted local paths
 * and {@code file://} URLs are read in place, never fetched or written.
 *
 * <p>An available snapshot proves that a branch, tag or pull-request head of that repository
 * contains the commit (decided from the refs, not from the host serving the commit by id), not that
 * the repository belongs to the crate.
 */
public final class Repositories {

  /** The outcome of opening a repository. */
  public sealed interface RepositoryOutcome
      permits Available, NoRepository, InvalidUrl, UnsupportedVcs, Unreachable, CommitNotFound {}

  /** The repository was fetched; close the snapshot when done. */
  public record Available(JGitRepositorySnapshot snapshot) implements RepositoryOutcome {}

  /** No repository URL was given. */
  public record NoRepository() implements RepositoryOutcome {}

  /** The URL cannot or must not be fetched. */
  public record InvalidUrl(String url, String why) implements RepositoryOutcome {}

  /** The URL names a non-git repository. */
  public record UnsupportedVcs(String url, String why) implements RepositoryOutcome {}

  /** The repository could not be fetched; {@code reason} is never {@code COMMIT_NOT_FOUND}. */
  public record Unreachable(String url, Reason reason, String detail)
      implements RepositoryOutcome {}

  /**
   * No branch, tag or pull-request head of the repository contains {@code commit}; the host may
   * still serve it by id (a fork's commit in a shared object store).
   */
  public record CommitNotFound(String url, CommitId commit) implements RepositoryOutcome {}

  /**
   * A URL ready to fetch from, whether the user chose it, and for a local repository its folder
   * (read in place, never fetched or written).
   */
  record Target(String url, boolean trusted, Path local) {
    Target(String url, boolean trusted) {
      this(url, trusted, null);
    }

    boolean isLocal() {
      return local != null;
    }
  }

  private final RepositoryCache cache;
  private final UrlPolicy policy;
  private final GitFetcher fetcher;
  private final TargetResolver resolver;
  private final CommitLocator locator;
  private final Clock clock;
  private final Duration remoteInfoMaxAge;

  /**
   * Listings read or made by this instance, by URL, so each crate of a repository does not read
   * them again; bounded, since a listing can hold thousands of tags and scans visit repositories
   * one after another.
   */
  private final Map<String, RemoteInfo> remoteInfos =
      Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RemoteInfo> eldest) {
              return size() > 64;
            }
          });

  /**
   * @param remoteInfoMaxAge how long a cached list of the remote's tags and default branch is
   *     reused before listing again
   */
  public Repositories(
      RepositoryCache cache,
      UrlRewrites rewrites,
      UrlPolicy policy,
      GitFetcher fetcher,
      Clock clock,
      Duration remoteInfoMaxAge) {
    this.cache = Objects.requireNonNull(cache);
    this.policy = Objects.requireNonNull(policy);
    this.fetcher = Objects.requireNonNull(fetcher);
    this.resolver = new TargetResolver(Objects.requireNonNull(rewrites), policy);
    this.locator = new CommitLocator(this, fetcher);
    this.clock = Objects.requireNonNull(clock);
    this.remoteInfoMaxAge = Objects.requireNonNull(remoteInfoMaxAge);
  }

  /** Defaults: system DNS, 300 s / 1 GiB per fetch, remote lists reused for 24 hours. */
  public static Repositories withDefaults(
      RepositoryCache cache, UrlRewrites rewrites, FetchProgress progress) {
    Clock clock = Clock.systemUTC();
    return new Repositories(
        cache,
        rewrites,
        new UrlPolicy(UrlPolicy.HostResolver.system()),
        new GitFetcher(GitFetcher.Limits.defaults(), progress, clock),
        clock,
        Duration.ofHours(24));
  }

  /**
   * The URL a {@code --git-rewrite} rule sends {@code rawUrl} to, or empty when no rule applies (so
   * results compared with a mirror can be told apart from results compared with the crate's own
   * link). Reads no network.
   */
  public Optional<String> rewriteOf(String rawUrl) {
    return resolver.rewriteOf(rawUrl);
  }

  /**
   * Opens {@code rawUrl} with {@code commit} present (fetched shallowly when possible). Only a
   * broken local cache throws.
   */
  public RepositoryOutcome open(String rawUrl, boolean trusted, CommitId commit)
      throws UnavailableException {
    Objects.requireNonNull(commit);
    return open(rawUrl, trusted, Optional.of(commit));
  }

  /**
   * Opens {@code rawUrl} without a known commit (no vcs info): fetches the default branch's history
   * and all tags, so {@link JGitRepositorySnapshot#defaultBranchTip()} and {@link
   * JGitRepositorySnapshot#fileAt} can search by tag or version.
   */
  public RepositoryOutcome open(String rawUrl, boolean trusted) throws UnavailableException {
    return open(rawUrl, trusted, Optional.empty());
  }

  private RepositoryOutcome open(String rawUrl, boolean trusted, Optional<CommitId> commit)
      throws UnavailableException {
    Resolution resolved = resolve(rawUrl, trusted);
    if (resolved.target() == null) {
      return resolved.failure();
    }
    return openTarget(resolved.target(), commit);
  }

  RepositoryOutcome openTarget(Target target, Optional<CommitId> commit)
      throws UnavailableException {
    try {
      return fetchForOpen(target, commit);
    } catch (GitFetchUnavailableException e) {
      return new Unreachable(target.url(), e.reason(), e.getMessage());
    }
  }

  private RepositoryOutcome fetchForOpen(Target target, Optional<CommitId> commit)
      throws UnavailableException {
    if (commit.isPresent()) {
      FetchOutcome outcome = fetchCommit(target, commit.get());
      if (outcome instanceof Failed f) {
        return f.reason() == Reason.COMMIT_NOT_FOUND
            ? new CommitNotFound(target.url(), commit.get())
            : new Unreachable(target.url(), f.reason(), f.detail());
      }
    } else if (!target.isLocal()) {
      RemoteInfo info = remoteInfo(target);
      if (info.defaultBranch().isPresent()) {
        FetchOutcome outcome = fetchDefaultBranch(target, info);
        if (outcome instanceof Failed f) {
          return new Unreachable(target.url(), f.reason(), f.detail());
        }
      }
      FetchOutcome tags =
          withLock(
              target,
              repo -> {
                for (var tag : info.tags()) {
                  if (tag.commit().hex().length() != 40
                      || !repo.getObjectDatabase().has(ObjectId.fromString(tag.commit().hex()))) {
                    return fetcher.fetchTags(repo, target.url());
                  }
                }
                return new FetchOutcome.Fetched();
              });
      if (tags instanceof Failed f) {
        return new Unreachable(target.url(), f.reason(), f.detail());
      }
    }
    Repository repo = target.isLocal() ? openLocal(target) : cache.open(target.url());
    return new Available(new JGitRepositorySnapshot(this, target, repo));
  }

  /** The parsed form of a raw URL: a target to fetch, or why not. */
  record Resolution(Target target, RepositoryOutcome failure) {
    static Resolution of(Target target) {
      return new Resolution(target, null);
    }

    static Resolution failed(RepositoryOutcome failure) {
      return new Resolution(null, failure);
    }
  }

  Resolution resolve(String rawUrl, boolean trusted) {
    return resolver.resolve(rawUrl, trusted);
  }

  /** Resolves a URL found in {@code .gitmodules} of {@code parent}. */
  Resolution resolveSubmodule(Target parent, String url) {
    return resolver.resolveSubmodule(parent, url);
  }

  @FunctionalInterface
  interface LockedWork<T> {
    T run(Repository repo) throws UnavailableException, IOException;
  }

  <T> T withLock(Target target, LockedWork<T> work) throws UnavailableException {
    if (target.isLocal()) {
      try (Repository repo = openLocal(target)) {
        return work.run(repo);
      } catch (IOException e) {
        throw new GitStorageException(
            "read repository " + InputText.printable(target.url()) + ": " + e.getMessage(), e);
      }
    }
    return withLock(target, target.url(), work);
  }

  /** Runs {@code work} on the cached repository stored under {@code key}, under its lock. */
  <T> T withLock(Target target, String key, LockedWork<T> work) throws UnavailableException {
    Closeable pin = pin(target);
    try (RepositoryCache.Lock lock = cache.lock(key);
        Repository repo = lock.openRepository()) {
      return work.run(repo);
    } catch (IOException e) {
      throw new GitStorageException(
          "git cache for " + InputText.printable(target.url()) + ": " + e.getMessage(), e);
    } finally {
      try {
        pin.close();
      } catch (IOException e) {
        // Pins only update an in-memory map.
      }
    }
  }

  /**
   * Opens a local repository in place: a bare repository, a folder with {@code .git} (a folder or a
   * {@code gitdir:} file), each also tried with {@code .git} appended. Nothing is written to it.
   */
  static Repository openLocal(Target target) throws GitFetchUnavailableException {
    Path dir = target.local();
    try {
      FileRepositoryBuilder b = new FileRepositoryBuilder().setMustExist(true);
      if (Files.exists(dir.resolve(".git"))) {
        b.setWorkTree(dir.toFile());
      } else if (Files.isDirectory(dir.resolve("objects"))
          && Files.isRegularFile(dir.resolve("HEAD"))) {
        b.setGitDir(dir.toFile());
      } else {
        throw new GitFetchUnavailableException(
            "open " + InputText.printable(target.url()) + ": no git repository at " + dir,
            Reason.LOCAL_REPOSITORY_MISSING);
      }
      return b.build();
    } catch (IOException | IllegalArgumentException e) {
      throw new GitFetchUnavailableException(
          "open "
              + InputText.printable(target.url())
              + ": not a readable git repository: "
              + e.getMessage(),
          Reason.LOCAL_REPOSITORY_MISSING);
    }
  }

  /**
   * For an untrusted target, checks the URL again (its host's addresses may have changed since it
   * was opened) and pins the host to the checked addresses for the duration of the work.
   */
  private Closeable pin(Target target) throws GitFetchUnavailableException {
    if (target.trusted()) {
      return () -> {};
    }
    return switch (policy.check(target.url())) {
      case UrlPolicy.Allowed a -> PinnedHostsResolverProvider.pin(a.uri().getHost(), a.addresses());
      case UrlPolicy.Rejected r ->
          throw new GitFetchUnavailableException(r.message(), Reason.NETWORK);
      case UrlPolicy.Unresolved r ->
          throw new GitFetchUnavailableException(r.message(), Reason.NETWORK);
    };
  }

  /**
   * Makes {@code commit}'s tree and files readable in the target's repository, but only when one of
   * the repository's own refs contains it ({@link #locate}): a commit on no branch, tag or
   * pull-request head is {@link Reason#COMMIT_NOT_FOUND} even when the server would serve it by id.
   * A local repository is never fetched into.
   */
  FetchOutcome fetchCommit(Target target, CommitId commit) throws UnavailableException {
    Containment where = locate(target, commit);
    if (where.kind() == Containment.Kind.NOT_ON_ANY_REF) {
      return new Failed(
          Reason.COMMIT_NOT_FOUND,
          "commit "
              + commit
              + " is on no branch, tag or pull request of "
              + InputText.printable(target.url()));
    }
    if (target.isLocal()) {
      return withLock(
          target,
          repo ->
              GitFetcher.hasCommit(repo, ObjectId.fromString(commit.hex()))
                  ? new FetchOutcome.Fetched()
                  : new Failed(
                      Reason.COMMIT_NOT_FOUND,
                      "commit " + commit + " is not in " + InputText.printable(target.url())));
    }
    List<String> extra =
        where.kind() == Containment.Kind.ONLY_ON_REVIEW_REFS ? where.refs() : List.of();
    return withLock(target, repo -> fetcher.fetchCommit(repo, target.url(), commit, extra));
  }

  FetchOutcome fetchAll(Target target) throws UnavailableException {
    if (target.isLocal()) {
      return new FetchOutcome.Fetched();
    }
    remoteInfos.remove(target.url());
    return withLock(target, repo -> fetcher.fetchAll(repo, target.url()));
  }

  /**
   * Decides from the repository's own refs whether {@code commit} belongs to it ({@link
   * CommitLocator#locate}).
   */
  Containment locate(Target target, CommitId commit) throws UnavailableException {
    return locator.locate(target, commit);
  }

  /** Whether {@code commit} is on the default branch ({@link CommitLocator#onDefaultBranch}). */
  Optional<Boolean> onDefaultBranch(Target target, CommitId commit) throws UnavailableException {
    return locator.onDefaultBranch(target, commit);
  }

  /** Fetches the default branch's history into {@code refs/cratetrust/default} unless there. */
  FetchOutcome fetchDefaultBranch(Target target, RemoteInfo info) throws UnavailableException {
    if (target.isLocal()) {
      return new FetchOutcome.Fetched();
    }
    return withLock(
        target,
        repo -> {
          ObjectId tip = ObjectId.fromString(info.defaultTip().orElseThrow().hex());
          var have = repo.exactRef(GitFetcher.DEFAULT_REF);
          if (have != null && tip.equals(have.getObjectId())) {
            return new FetchOutcome.Fetched();
          }
          return fetcher.fetchBranch(
              repo, target.url(), info.defaultBranch().orElseThrow(), GitFetcher.DEFAULT_REF);
        });
  }

  /**
   * The remote's default branch and tags: the stored list when younger than the maximum age, else
   * listed again (and stored).
   */
  RemoteInfo remoteInfo(Target target) throws UnavailableException {
    if (target.isLocal()) {
      return withLock(target, repo -> localInfo(repo, clock.instant()));
    }
    RemoteInfo known = remoteInfos.get(target.url());
    if (known != null && fresh(known)) {
      return known;
    }
    RemoteInfo info =
        withLock(
            target,
            repo -> {
              Path dir = repo.getDirectory().toPath();
              Optional<RemoteInfo> stored = RemoteInfo.read(dir);
              if (stored.isPresent() && fresh(stored.get())) {
                return stored.get();
              }
              return switch (fetcher.list(repo, target.url())) {
                case GitFetcher.Listed l -> {
                  l.info().write(dir);
                  yield l.info();
                }
                case GitFetcher.NotListed n ->
                    throw new GitFetchUnavailableException(
                        n.failure().detail(), n.failure().reason());
              };
            });
    remoteInfos.put(target.url(), info);
    return info;
  }

  /**
   * The refs of a local repository as a listing: its {@code HEAD}, branches (local and
   * remote-tracking), peeled tags and pull-request heads.
   */
  static RemoteInfo localInfo(Repository repo, java.time.Instant now) throws IOException {
    Map<String, Ref> map = new java.util.HashMap<>();
    for (Ref r : repo.getRefDatabase().getRefs()) {
      map.put(r.getName(), r.isPeeled() ? r : repo.getRefDatabase().peel(r));
    }
    Ref head = repo.exactRef(Constants.HEAD);
    if (head != null) {
      map.put(Constants.HEAD, head);
    }
    RemoteInfo info = GitFetcher.remoteInfo(map, now);
    List<RemoteInfo.Branch> branches = new ArrayList<>(info.branches());
    for (Ref r : map.values()) {
      if (r.getName().startsWith(Constants.R_REMOTES)
          && !r.isSymbolic()
          && r.getObjectId() != null
          && !RemoteInfo.isReviewRef(r.getName())) {
        branches.add(new RemoteInfo.Branch(r.getName(), new CommitId(r.getObjectId().name())));
      }
    }
    return new RemoteInfo(
        info.defaultBranch(), info.defaultTip(), branches, info.tags(), info.reviewRefs(), now);
  }

  private boolean fresh(RemoteInfo info) {
    return !info.listedAt().plus(remoteInfoMaxAge).isBefore(clock.instant());
  }
}
