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
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.ReachabilityChecker;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
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
  private final UrlRewrites rewrites;
  private final UrlPolicy policy;
  private final GitFetcher fetcher;
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
    this.rewrites = Objects.requireNonNull(rewrites);
    this.policy = Objects.requireNonNull(policy);
    this.fetcher = Objects.requireNonNull(fetcher);
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
    if (rawUrl == null || rawUrl.isBlank()) {
      return Optional.empty();
    }
    String stripped = rawUrl.strip();
    if (RepositoryUrl.parse(stripped) instanceof RepositoryUrl.Usable u) {
      Optional<String> r = rewrites.rewrite(u.cloneUri().toString());
      if (r.isPresent()) {
        return r;
      }
    }
    return rewrites.rewrite(stripped);
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
    if (rawUrl == null || rawUrl.isBlank()) {
      return Resolution.failed(new NoRepository());
    }
    String stripped = rawUrl.strip();
    Optional<String> rewritten = rewrites.rewrite(stripped);
    if (trusted) {
      if (rewritten.isEmpty()
          && stripped.regionMatches(true, 0, "https://", 0, 8)
          && RepositoryUrl.parse(stripped) instanceof RepositoryUrl.Usable u) {
        return Resolution.of(new Target(u.cloneUri().toString(), true));
      }
      return Resolution.of(trustedTarget(rewritten.orElse(stripped)));
    }
    RepositoryUrl.Result parsed = RepositoryUrl.parse(stripped);
    if (parsed instanceof RepositoryUrl.Usable u) {
      Optional<String> r = rewrites.rewrite(u.cloneUri().toString());
      if (r.isPresent()) {
        return Resolution.of(trustedTarget(r.get()));
      }
    }
    if (rewritten.isPresent()) {
      return Resolution.of(trustedTarget(rewritten.get()));
    }
    return switch (parsed) {
      case RepositoryUrl.Missing m -> Resolution.failed(new NoRepository());
      case RepositoryUrl.Invalid i -> Resolution.failed(new InvalidUrl(i.url(), i.why()));
      case RepositoryUrl.UnsupportedVcs v ->
          Resolution.failed(new UnsupportedVcs(v.url(), v.why()));
      case RepositoryUrl.Usable u -> {
        String url = u.cloneUri().toString();
        yield switch (policy.check(url)) {
          case UrlPolicy.Rejected r -> Resolution.failed(new InvalidUrl(r.url(), r.reason()));
          case UrlPolicy.Unresolved r ->
              Resolution.failed(new Unreachable(url, Reason.NETWORK, r.message()));
          case UrlPolicy.Allowed a -> Resolution.of(new Target(url, false));
        };
      }
    };
  }

  /** Resolves a URL found in {@code .gitmodules} of {@code parent}. */
  Resolution resolveSubmodule(Target parent, String url) {
    if (url == null || url.isBlank()) {
      return Resolution.failed(new NoRepository());
    }
    String u = url.strip();
    if (u.startsWith("./") || u.startsWith("../")) {
      Optional<String> absolute = resolveRelative(parent.url(), u);
      if (absolute.isEmpty()) {
        return Resolution.failed(
            new InvalidUrl(
                InputText.printable(u),
                "relative submodule URL escapes " + InputText.printable(parent.url())));
      }
      // A relative URL stays on the parent's server, so it inherits the parent's trust.
      Optional<String> rewritten = rewrites.rewrite(absolute.get());
      if (rewritten.isPresent()) {
        return Resolution.of(trustedTarget(rewritten.get()));
      }
      return parent.trusted()
          ? Resolution.of(trustedTarget(absolute.get()))
          : resolve(absolute.get(), false);
    }
    return resolve(u, false);
  }

  /** Git's rule: the parent URL is treated as a folder; each {@code ../} drops one component. */
  static Optional<String> resolveRelative(String parentUrl, String relative) {
    String base = parentUrl;
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    String rest = relative;
    int minLength = base.indexOf("://") >= 0 ? base.indexOf('/', base.indexOf("://") + 3) : 0;
    while (true) {
      if (rest.startsWith("./")) {
        rest = rest.substring(2);
      } else if (rest.startsWith("../")) {
        int slash = base.lastIndexOf('/');
        if (slash < 0 || slash < minLength || (minLength < 0)) {
          return Optional.empty();
        }
        base = base.substring(0, slash);
        rest = rest.substring(3);
      } else {
        break;
      }
    }
    if (rest.isEmpty() || rest.startsWith("/") || rest.contains("/../") || rest.equals("..")) {
      return Optional.empty();
    }
    return Optional.of(base + "/" + rest);
  }

  /**
   * A target the user chose: a local folder ({@code file://} URL, absolute or existing relative
   * path, with or without {@code .git}) is read in place; anything else is fetched.
   */
  static Target trustedTarget(String url) {
    Optional<Path> local = localPath(url);
    if (local.isPresent()) {
      Path p = local.get();
      for (Path candidate : List.of(p, Path.of(p + ".git"))) {
        if (Files.isDirectory(candidate)) {
          return new Target(p.toString(), true, candidate);
        }
      }
      return new Target(p.toString(), true, p);
    }
    return new Target(url, true);
  }

  private static Optional<Path> localPath(String url) {
    try {
      if (url.regionMatches(true, 0, "file:", 0, 5)) {
        return Optional.of(Path.of(java.net.URI.create(url)).toAbsolutePath().normalize());
      }
      if (url.contains("://") || url.contains("::")) {
        return Optional.empty();
      }
      Path p = Path.of(url);
      if (p.isAbsolute() || url.startsWith("./") || url.startsWith("../") || Files.exists(p)) {
        return Optional.of(p.toAbsolutePath().normalize());
      }
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
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
  private <T> T withLock(Target target, String key, LockedWork<T> work)
      throws UnavailableException {
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
            Reason.REPOSITORY_NOT_FOUND);
      }
      return b.build();
    } catch (IOException | IllegalArgumentException e) {
      throw new GitFetchUnavailableException(
          "open "
              + InputText.printable(target.url())
              + ": not a readable git repository: "
              + e.getMessage(),
          Reason.REPOSITORY_NOT_FOUND);
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
    RemoteInfo info = remoteInfo(target);
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
    RemoteInfo info = remoteInfo(target);
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
      return withLock(
          target,
          repo -> {
            T answer = first.run(repo);
            return answer != null || then == null ? answer : then.run(repo);
          });
    }
    return withLock(
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
