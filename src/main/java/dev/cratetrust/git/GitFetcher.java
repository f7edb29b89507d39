package dev.cratetrust.git;

import dev.cratetrust.crates.CommitId;
import dev.cratetrust.crates.InputText;
import dev.cratetrust.git.FetchOutcome.Failed;
import dev.cratetrust.git.FetchOutcome.Fetched;
import dev.cratetrust.git.FetchOutcome.Reason;
import dev.cratetrust.provenance.RepositorySnapshot.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FilterSpec;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches into a cached bare repository with JGit: the list of remote refs, the commit history of
 * refs without trees or files ({@code tree:0}, into a separate history repository), one commit's
 * files by id (shallow, depth 1), the full history of all branches and tags with files only when
 * needed, or one branch's history. Every operation runs under a wall-clock limit and a size limit
 * enforced by a watchdog, never prompts for credentials, never follows redirects (set in the cached
 * repository's config), never recurses into submodules and never checks out files.
 *
 * <p>Callers hold the repository's {@link RepositoryCache.Lock} while fetching. A fetched commit
 * proves only that the server has it, not that it is on any branch: hosts that share objects
 * between forks serve any commit of the fork network by id.
 */
public final class GitFetcher {
  static final String COMMIT_REFS = "refs/cratetrust/commits/";
  static final String HEAD_REFS = "refs/cratetrust/heads/";
  static final String DEFAULT_REF = "refs/cratetrust/default";

  /** Marks a history repository whose server refused the {@code tree:0} filter. */
  static final String UNFILTERED = "cratetrust-unfiltered";

  /** JGit's message when the server does not advertise the {@code filter} capability. */
  private static final String FILTER_REFUSED = "filter requires server to advertise";

  private static final Logger LOG = LoggerFactory.getLogger(GitFetcher.class);

  /**
   * Limits per fetch: {@code timeout} for the whole operation, {@code stallTimeout} for one network
   * read or connect, {@code maxBytes} for data written to the cache.
   */
  public record Limits(Duration timeout, Duration stallTimeout, long maxBytes) {
    public static Limits defaults() {
      return new Limits(Duration.ofSeconds(300), Duration.ofSeconds(60), 1L << 30);
    }
  }

  /** The result of listing a remote's refs. */
  public sealed interface Listing {}

  /** The remote's refs. */
  public record Listed(RemoteInfo info) implements Listing {}

  /** Listing failed. */
  public record NotListed(Failed failure) implements Listing {}

  private final FetchRunner runner;
  private final Clock clock;

  public GitFetcher(Limits limits, FetchProgress progress, Clock clock) {
    this.runner = new FetchRunner(limits, progress);
    this.clock = clock;
  }

  /**
   * Makes {@code commit} present with its tree and files in {@code repo} and keeps it under {@code
   * refs/cratetrust/commits/<id>}: no network when it is already there, else a depth-1 fetch by id,
   * and when the server refuses that, a full fetch of all branches, tags and {@code extraRefs}
   * before concluding {@link Reason#COMMIT_NOT_FOUND}. Tags pointing at the fetched commit come
   * along as local tags.
   *
   * <p>A fetched commit proves only that the server has it: servers that share objects between
   * forks (GitHub) serve any commit of the fork network by id. Callers decide whether the commit
   * belongs to the repository from its refs ({@link #fetchHistory}) before calling this.
   */
  public FetchOutcome fetchCommit(
      Repository repo, String url, CommitId commit, List<String> extraRefs)
      throws GitStorageException {
    if (commit.hex().length() != 40) {
      return new Failed(
          Reason.COMMIT_NOT_FOUND,
          "fetch " + shown(url) + ": SHA-256 commit id " + commit + " in a SHA-1 repository");
    }
    ObjectId id = ObjectId.fromString(commit.hex());
    if (hasCommit(repo, id)) {
      keepRef(repo, COMMIT_REFS + id.name(), id);
      return new Fetched();
    }
    FetchOutcome shallow =
        runner.run(
            repo,
            url,
            "fetch commit " + commit.abbreviated(),
            monitor ->
                runner
                    .fetch(repo, url, monitor)
                    .setTagOpt(TagOpt.AUTO_FOLLOW)
                    .setRefSpecs(new RefSpec("+" + id.name() + ":" + COMMIT_REFS + id.name()))
                    .setDepth(1)
                    .call());
    if (shallow instanceof Failed f && f.reason() != Reason.COMMIT_NOT_FOUND) {
      return f;
    }
    if (!hasCommit(repo, id)) {
      FetchOutcome full = fetchAll(repo, url, extraRefs);
      if (full instanceof Failed f) {
        return f;
      }
      if (!hasCommit(repo, id)) {
        return new Failed(
            Reason.COMMIT_NOT_FOUND,
            "fetch " + shown(url) + ": commit " + commit + " is not in the repository");
      }
    }
    keepRef(repo, COMMIT_REFS + id.name(), id);
    return new Fetched();
  }

  /** {@link #fetchCommit(Repository, String, CommitId, List)} without extra refs. */
  public FetchOutcome fetchCommit(Repository repo, String url, CommitId commit)
      throws GitStorageException {
    return fetchCommit(repo, url, commit, List.of());
  }

  /**
   * Fetches the full history of every branch (kept under {@code refs/cratetrust/heads/}), every tag
   * and every ref in {@code extraRefs} (kept under its own name), with all files, removing shallow
   * boundaries.
   */
  public FetchOutcome fetchAll(Repository repo, String url, List<String> extraRefs)
      throws GitStorageException {
    List<RefSpec> specs = new ArrayList<>();
    specs.add(new RefSpec("+refs/heads/*:" + HEAD_REFS + "*"));
    specs.add(new RefSpec("+refs/tags/*:refs/tags/*"));
    for (String r : extraRefs) {
      specs.add(new RefSpec("+" + r + ":" + r));
    }
    return runner.run(
        repo,
        url,
        "fetch all branches and tags",
        monitor ->
            runner
                .fetch(repo, url, monitor)
                .setRefSpecs(specs)
                .setUnshallow(isShallow(repo))
                .call());
  }

  /** {@link #fetchAll(Repository, String, List)} without extra refs. */
  public FetchOutcome fetchAll(Repository repo, String url) throws GitStorageException {
    return fetchAll(repo, url, List.of());
  }

  /**
   * Fetches the commit history (commits and tag objects, no trees or files) of {@code refs} (full
   * names, wildcards allowed) into {@code repo} under the same names, with the {@code tree:0}
   * filter. A server that does not support filters gets an unfiltered fetch instead, logged as a
   * warning and marked by the file {@value #UNFILTERED} in {@code repo}.
   *
   * <p>Only for a repository that holds history and never files: later fetches into it announce its
   * commits as present, so the server would never send their trees.
   */
  public FetchOutcome fetchHistory(Repository repo, String url, List<String> refs)
      throws GitStorageException {
    List<RefSpec> specs = refs.stream().map(r -> new RefSpec("+" + r + ":" + r)).toList();
    Path marker = repo.getDirectory().toPath().resolve(UNFILTERED);
    boolean filter = !Files.exists(marker);
    if (filter) {
      FetchOutcome filtered =
          runner.run(
              repo, url, "fetch commit history", monitor -> history(repo, url, specs, monitor));
      if (!(filtered instanceof Failed f) || !f.detail().contains(FILTER_REFUSED)) {
        return filtered;
      }
      LOG.warn(
          "{} does not support fetch filters: fetching the full history with files to check"
              + " which branches and tags contain the commit",
          shown(url));
      try {
        Files.writeString(marker, "the server refused the tree:0 filter\n");
      } catch (IOException e) {
        throw new GitStorageException(
            "write " + marker + " in the git cache: " + e.getMessage(), e);
      }
    }
    return runner.run(repo, url, "fetch history", monitor -> history(repo, url, specs, monitor));
  }

  private void history(Repository repo, String url, List<RefSpec> specs, ProgressMonitor monitor)
      throws IOException {
    boolean filter = !Files.exists(repo.getDirectory().toPath().resolve(UNFILTERED));
    try (Transport tn = Transport.open(repo, new URIish(url))) {
      tn.setCredentialsProvider(FetchRunner.NO_CREDENTIALS);
      tn.setTimeout(runner.stallSeconds());
      tn.setTagOpt(TagOpt.NO_TAGS);
      tn.setRemoveDeletedRefs(false);
      if (filter) {
        tn.setFilterSpec(FilterSpec.fromFilterLine("tree:0"));
      }
      tn.fetch(monitor, specs);
    } catch (java.net.URISyntaxException e) {
      throw new IOException("not a git URL: " + shown(url), e);
    }
  }

  /**
   * Fetches the full history of {@code branch} (a full ref name) into {@code localRef}, removing
   * shallow boundaries (otherwise history behind a shallow commit stays missing and ancestry
   * questions get wrong answers).
   */
  public FetchOutcome fetchBranch(Repository repo, String url, String branch, String localRef)
      throws GitStorageException {
    return runner.run(
        repo,
        url,
        "fetch " + branch,
        monitor ->
            runner
                .fetch(repo, url, monitor)
                .setRefSpecs(new RefSpec("+" + branch + ":" + localRef))
                .setUnshallow(isShallow(repo))
                .call());
  }

  /** Fetches every tag with its history. */
  public FetchOutcome fetchTags(Repository repo, String url) throws GitStorageException {
    return runner.run(
        repo,
        url,
        "fetch tags",
        monitor ->
            runner
                .fetch(repo, url, monitor)
                .setRefSpecs(new RefSpec("+refs/tags/*:refs/tags/*"))
                .call());
  }

  /**
   * Lists the remote's default branch, branches, peeled tags and pull-request heads without
   * fetching objects.
   */
  public Listing list(Repository repo, String url) throws GitStorageException {
    AtomicReference<Map<String, Ref>> refs = new AtomicReference<>();
    FetchOutcome outcome =
        runner.run(
            repo,
            url,
            "list refs",
            monitor ->
                refs.set(
                    Git.wrap(repo)
                        .lsRemote()
                        .setRemote(url)
                        .setCredentialsProvider(FetchRunner.NO_CREDENTIALS)
                        .setTimeout(runner.stallSeconds())
                        .callAsMap()));
    if (outcome instanceof Failed f) {
      return new NotListed(f);
    }
    return new Listed(remoteInfo(refs.get(), clock.instant()));
  }

  static RemoteInfo remoteInfo(Map<String, Ref> map, Instant listedAt) {
    List<Tag> tags = new ArrayList<>();
    for (Ref r : map.values()) {
      if (r.getName().startsWith(Constants.R_TAGS) && !r.getName().endsWith("^{}")) {
        ObjectId target = r.getPeeledObjectId() != null ? r.getPeeledObjectId() : r.getObjectId();
        if (target != null) {
          tags.add(
              new Tag(
                  r.getName().substring(Constants.R_TAGS.length()), new CommitId(target.name())));
        }
      }
    }
    tags.sort((a, b) -> a.name().compareTo(b.name()));
    List<RemoteInfo.Branch> branches = new ArrayList<>();
    List<RemoteInfo.Branch> reviews = new ArrayList<>();
    for (Ref r : map.values()) {
      if (r.getObjectId() == null || r.isSymbolic()) {
        continue;
      }
      var named = new RemoteInfo.Branch(r.getName(), new CommitId(r.getObjectId().name()));
      if (r.getName().startsWith(Constants.R_HEADS)) {
        branches.add(named);
      } else if (RemoteInfo.isReviewRef(r.getName())) {
        reviews.add(named);
      }
    }
    branches.sort((a, b) -> a.name().compareTo(b.name()));
    reviews.sort((a, b) -> a.name().compareTo(b.name()));
    Optional<String> branch = Optional.empty();
    Optional<CommitId> tip = Optional.empty();
    Ref head = map.get(Constants.HEAD);
    if (head != null && head.getObjectId() != null) {
      if (head.isSymbolic()) {
        branch = Optional.of(head.getTarget().getName());
      } else {
        List<String> same =
            map.values().stream()
                .filter(r -> r.getName().startsWith(Constants.R_HEADS))
                .filter(r -> head.getObjectId().equals(r.getObjectId()))
                .map(Ref::getName)
                .toList();
        if (same.size() == 1) {
          branch = Optional.of(same.getFirst());
        }
      }
      if (branch.isPresent()) {
        tip = Optional.of(new CommitId(head.getObjectId().name()));
      }
    }
    return new RemoteInfo(branch, tip, branches, tags, reviews, listedAt);
  }

  static boolean hasCommit(Repository repo, ObjectId id) throws GitStorageException {
    try (RevWalk walk = new RevWalk(repo)) {
      walk.parseCommit(id);
      return true;
    } catch (MissingObjectException e) {
      return false;
    } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
      return false;
    } catch (IOException e) {
      throw new GitStorageException(
          "read commit " + id.name() + " in " + repo.getDirectory() + ": " + e.getMessage(), e);
    }
  }

  static boolean isShallow(Repository repo) throws IOException {
    return !repo.getObjectDatabase().getShallowCommits().isEmpty();
  }

  static void keepRef(Repository repo, String name, ObjectId id) throws GitStorageException {
    try {
      Ref have = repo.exactRef(name);
      if (have != null && !have.isSymbolic() && id.equals(have.getObjectId())) {
        return;
      }
      RefUpdate u = repo.updateRef(name);
      u.setNewObjectId(id);
      u.setForceUpdate(true);
      u.disableRefLog();
      RefUpdate.Result r = u.update();
      switch (r) {
        case NEW, FORCED, NO_CHANGE, FAST_FORWARD -> {}
        default ->
            throw new GitStorageException(
                "update " + name + " in " + repo.getDirectory() + ": " + r, null);
      }
    } catch (IOException e) {
      throw new GitStorageException(
          "update " + name + " in " + repo.getDirectory() + ": " + e.getMessage(), e);
    }
  }

  private static String shown(String s) {
    return InputText.printable(s);
  }
}
