package dev.cratetrust.git;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import dev.cratetrust.git.FetchOutcome.Failed;
import dev.cratetrust.git.FetchOutcome.Reason;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Opens the git repository named by a crate (or by the user) at a commit: resolves the URL (rewrite
 * rules, normalization, the safety policy for untrusted URLs), fetches into the cache and returns a
 * snapshot to read, or an outcome saying why there is none.
 *
 * <p>Trusted URLs (the user's {@code --repo}, and every URL a {@code --git-rewrite} rule produced)
 * are used as given and may be local paths, {@code file://} or loopback {@code http://}. Untrusted
 * URLs are normalized by {@link RepositoryUrl} and must pass {@link UrlPolicy}; rewrite rules are
 * matched against the normalized URL first, then against the URL as written. An available snapshot
 * proves the commit exists in that repository, not that the repository belongs to the crate.
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

  /** The repository was fetched in full and does not contain {@code commit}. */
  public record CommitNotFound(String url, CommitId commit) implements RepositoryOutcome {}

  /** A URL ready to fetch from, and whether the user chose it. */
  record Target(String url, boolean trusted) {}

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
    } else {
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
    return new Available(new JGitRepositorySnapshot(this, target, cache.open(target.url())));
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
      return Resolution.of(new Target(trustedForm(rewritten.orElse(stripped)), true));
    }
    RepositoryUrl.Result parsed = RepositoryUrl.parse(stripped);
    if (parsed instanceof RepositoryUrl.Usable u) {
      Optional<String> r = rewrites.rewrite(u.cloneUri().toString());
      if (r.isPresent()) {
        return Resolution.of(new Target(trustedForm(r.get()), true));
      }
    }
    if (rewritten.isPresent()) {
      return Resolution.of(new Target(trustedForm(rewritten.get()), true));
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
        return Resolution.of(new Target(trustedForm(rewritten.get()), true));
      }
      return parent.trusted()
          ? Resolution.of(new Target(absolute.get(), true))
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

  private static String trustedForm(String url) {
    if (url.contains("://") || url.contains("::")) {
      return url;
    }
    try {
      Path p = Path.of(url);
      return Files.exists(p) ? p.toAbsolutePath().normalize().toString() : url;
    } catch (InvalidPathException e) {
      return url;
    }
  }

  @FunctionalInterface
  interface LockedWork<T> {
    T run(Repository repo) throws UnavailableException, IOException;
  }

  <T> T withLock(Target target, LockedWork<T> work) throws UnavailableException {
    Closeable pin = pin(target);
    try (RepositoryCache.Lock lock = cache.lock(target.url());
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

  FetchOutcome fetchCommit(Target target, CommitId commit) throws UnavailableException {
    // A fetch over the network stores a newer listing of the remote's refs.
    remoteInfos.remove(target.url());
    return withLock(target, repo -> fetcher.fetchCommit(repo, target.url(), commit));
  }

  FetchOutcome fetchAll(Target target) throws UnavailableException {
    remoteInfos.remove(target.url());
    return withLock(target, repo -> fetcher.fetchAll(repo, target.url()));
  }

  /** Fetches the default branch's history into {@code refs/cratetrust/default} unless there. */
  FetchOutcome fetchDefaultBranch(Target target, RemoteInfo info) throws UnavailableException {
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

  private boolean fresh(RemoteInfo info) {
    return !info.listedAt().plus(remoteInfoMaxAge).isBefore(clock.instant());
  }
}
